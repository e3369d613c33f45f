"""The persona matrix's world (`test_scope_matrix.py`): the personas, and one record of every scoped model in
commune X of Hà Nội (producer A), with the records on the edges of each clause."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Role
from certificates.models import Certificate
from conftest import make_user
from dossiers.models import Application, ApplicationStatus, Document, Evidence
from evaluation import domain as evaluation_domain
from evaluation.models import Evaluation, Level, MemberSheet, Round
from history.models import CouncilLevel, ImportJob, PastResult, ResultKind
from monitoring.models import Kind, Signal, Status
from products.domain import create_product
from programme import domain as programme_domain
from programme.models import Consultant, Event, EventKind, FundingSource, Indicator
from reports.models import AreaMonth, CertificateFigure, ProductDay, StampDay
from stamps.models import FakeReport, StampBatch


def _application(product, status) -> Application:
    producer = product.producer
    return Application.objects.create(
        product=product,
        legal_version=product.criteria_set.legal_version,
        criteria_set=product.criteria_set,
        status=status,
        commune=producer.current_commune,
        province=producer.current_province,
        commitment=True,
        submitted_at=None if status == ApplicationStatus.DRAFT else timezone.now(),
    )


def _document(producer, name: str, *attached_to: Application) -> Document:
    document = Document.objects.create(
        producer=producer,
        kind="other",
        title=name,
        file=f"documents/{name}.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=1,
        sha256=name.ljust(64, "0"),
    )
    for application in attached_to:
        Evidence.objects.create(application=application, document=document)
    return document


def _sheet(evaluation, member, *, submitted: bool) -> MemberSheet:
    return MemberSheet.objects.create(
        evaluation=evaluation, member=member, submitted_at=timezone.now() if submitted else None
    )


def _round(by, *, level=Level.PROVINCE, province=None, name: str) -> Round:
    year = timezone.localdate().year
    return evaluation_domain.create_round(
        by=by,
        level=level,
        province=province,
        name=name,
        proposal_cutoff=datetime.date(year, 10, 30),
        evaluate_by=datetime.date(year, 12, 30),
    )


@pytest.fixture
def personas(alice, bob, carol, dave, erin, frank, council, advisor, inspector, minh, root, hanoi):
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "erin": erin,
        "frank": frank,
        "council": council,
        "council_free": make_user("council_free", Role.COUNCIL_MEMBER, hanoi),
        "advisor": advisor,
        "advisor_free": make_user("advisor_free", Role.ADVISORY_MEMBER, hanoi),
        "inspector": inspector,
        "minh": minh,
        "root": root,
        # Linked to the sales point of commune X by the matrix's world (accounts/tests/records.py).
        "operator": make_user("operator", Role.SALES_POINT),
        "anonymous": AnonymousUser(),
    }


def _closed(evaluation, application_status) -> None:
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.CLOSED)
    Application.objects.filter(pk=evaluation.application_id).update(status=application_status)


@pytest.fixture
def world(personas, hanoi, producer_a, product_a, product_b, criteria_set):
    """One record of every scoped model of producer A (commune X, Hà Nội), and the records on the edges."""
    alice, erin, minh, root = (personas[name] for name in ("alice", "erin", "minh", "root"))
    council, advisor = personas["council"], personas["advisor"]
    peer = make_user("peer", Role.COUNCIL_MEMBER, hanoi)

    def received(name: str) -> Application:
        product = create_product(by=root, producer=producer_a, criteria_set=criteria_set, name=name)
        return _application(product, ApplicationStatus.RECEIVED)

    def assign(round_, application) -> Evaluation:
        return evaluation_domain.assign_to_round(round_=round_, application=application, by=erin)

    certificate = Certificate.objects.create(
        number="OCOP-01-2025-000001",
        product=product_a,
        stars=4,
        legal_version=criteria_set.legal_version,
        province=hanoi,
        area_at_issue=producer_a.area,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 3, 1),
        issued_on=datetime.date(2025, 3, 1),
        expires_on=datetime.date(2028, 3, 1),
    )
    batch = StampBatch.objects.create(
        product=product_a,
        province_id=product_a.producer.current_province_id,
        certificate=certificate,
        quantity=5,
        lot="L01",
        production_date=timezone.localdate(),
        expiry_date=timezone.localdate() + datetime.timedelta(days=365),
        ordered_by=alice,
    )
    report = FakeReport.objects.create(province=hanoi, what="Tem in mờ.", where="Chợ Đồng Xuân")

    # The open provincial round: council (the chair) and a peer score, advisor advises.
    round_ = _round(erin, province=hanoi, name="Đợt 2")
    for user, role in ((council, "chair"), (peer, "member"), (advisor, "advisor")):
        evaluation_domain.add_member(round_=round_, user=user, role=role, by=erin)
    dossier = _application(product_a, ApplicationStatus.RECEIVED)
    evaluation = assign(round_, dossier)
    other_evaluation = assign(round_, _application(product_b, ApplicationStatus.RECEIVED))
    awaiting, decided, rescored = received("Mứt sen"), received("Trà sen"), received("Mật ong")
    awaiting_evaluation = assign(round_, awaiting)
    _closed(awaiting_evaluation, ApplicationStatus.SCORED)
    decided_evaluation = assign(round_, decided)
    _closed(decided_evaluation, ApplicationStatus.RECOGNISED)
    # Scored in the open round, then sent back and evaluated again in another round (no seat of ours there).
    earlier_evaluation = assign(round_, rescored)
    _closed(earlier_evaluation, ApplicationStatus.RECEIVED)
    _closed(assign(_round(erin, province=hanoi, name="Đợt bổ sung"), rescored), ApplicationStatus.SCORED)

    # A round where council sat, closed while its session's result waits for the decision.
    closed_round = _round(erin, province=hanoi, name="Đợt 1")
    evaluation_domain.add_member(round_=closed_round, user=council, role="member", by=erin)
    evaluation_domain.add_member(round_=closed_round, user=peer, role="chair", by=erin)
    in_closed_round = received("Ô mai")
    closed_evaluation = assign(closed_round, in_closed_round)
    _closed(closed_evaluation, ApplicationStatus.SCORED)
    Round.objects.filter(pk=closed_round.pk).update(status=Round.Status.CLOSED)

    central_round = _round(minh, level=Level.CENTRAL, name="Đợt trung ương")
    proposed = _application(
        create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Trà hoa"),
        ApplicationStatus.PROPOSED_5,
    )
    central_evaluation = evaluation_domain.assign_to_round(round_=central_round, application=proposed, by=minh)

    draft = _application(
        create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Miến dong"),
        ApplicationStatus.DRAFT,
    )
    for application in (awaiting, decided, rescored, in_closed_round):
        application.refresh_from_db()
    return {
        "producer": producer_a,
        "product": product_a,
        "certificate": certificate,
        "batch": batch,
        "report": report,
        "dossier": dossier,
        "draft": draft,
        "awaiting": awaiting,
        "decided": decided,
        "in_closed_round": in_closed_round,
        "rescored": rescored,
        "evidence": _document(producer_a, "evidence", dossier),
        "library_only": _document(producer_a, "library"),
        "draft_evidence": _document(producer_a, "draft", draft),
        "round": round_,
        "closed_round": closed_round,
        "central_round": central_round,
        "evaluation": evaluation,
        "awaiting_evaluation": Evaluation.objects.get(pk=awaiting_evaluation.pk),
        "decided_evaluation": decided_evaluation,
        "closed_evaluation": closed_evaluation,
        "earlier_evaluation": earlier_evaluation,
        "central_evaluation": central_evaluation,
        "own_draft": _sheet(other_evaluation, council, submitted=False),
        "peer_waiting": _sheet(other_evaluation, peer, submitted=True),
        "peer_shared": (_sheet(evaluation, council, submitted=True), _sheet(evaluation, peer, submitted=True))[1],
        "closed_sheet": _sheet(closed_evaluation, peer, submitted=True),
        "producer_account": alice,
        "commune_account": personas["carol"],
        "province_account": personas["inspector"],
        "past_result": PastResult.objects.create(
            product=product_a,
            year=2022,
            legal_version=criteria_set.legal_version,
            level=CouncilLevel.PROVINCE,
            result=ResultKind.THREE,
            area=producer_a.area,
            current_commune_id=producer_a.current_commune_id,
            current_province=hanoi,
        ),
        "import_job": ImportJob.objects.create(
            uploaded_by=erin, province=hanoi, file="history/imports/x.xlsx", filename="x.xlsx", size=1, sha256="0" * 64
        ),
        **_programme(root, producer_a),
        **_rollups(product_a, certificate),
        **_inbox(product_a, certificate),
    }


def _inbox(product, certificate) -> dict:
    """Inbox items about producer A: one still to triage, one whose producer was asked to answer."""
    producer = product.producer
    where = {
        "product": product,
        "producer": producer,
        "certificate": certificate,
        "province_id": producer.current_province_id,
        "commune_id": producer.current_commune_id,
    }
    return {
        "signal": Signal.objects.create(kind=Kind.COMPLAINT, summary="Bao bì khác mẫu.", **where),
        "asked_signal": Signal.objects.create(
            kind=Kind.AFTER_EXPIRY,
            status=Status.ASKED,
            question="Giải trình việc tem còn lưu hành.",
            asked_at=timezone.now(),
            **where,
        ),
    }


def _programme(root, producer) -> dict:
    """The programme's records in producer A's commune X of Hà Nội."""
    commune, hanoi = producer.current_commune, producer.current_province
    consultant = programme_domain.save_consultant(
        consultant=Consultant(kind=Consultant.Kind.FIRM, name="Công ty Tư vấn OCOP", province=hanoi), by=root
    )
    day = datetime.date(2026, 3, 1)
    event = Event(
        kind=EventKind.TRAINING,
        topic="Tập huấn",
        starts_on=day,
        ends_on=day,
        place="Hội trường",
        area=commune,
        organiser="UBND xã",
    )
    return {
        "plan": programme_domain.set_plan(area=commune, year=2026, indicator=Indicator.DOSSIERS, target=5, by=root),
        "funding": programme_domain.record_funding(
            producer=producer,
            amount=10_000_000,
            source=FundingSource.PROVINCIAL,
            purpose="Thiết kế bao bì",
            granted_on=day,
            by=root,
        ),
        "consultant": consultant,
        "assignment": programme_domain.assign_consultant(
            consultant=consultant, producer=producer, starts_on=day, by=root
        ),
        "event": programme_domain.save_event(event=event, by=root),
    }


def _rollups(product, certificate) -> dict:
    """The report rollup rows of producer A, in commune X."""
    producer = product.producer
    where = {
        "area": producer.area,
        "current_commune": producer.current_commune,
        "current_province": producer.current_province,
    }
    rollup = {"product": product, "producer": producer, **where}
    return {
        "product_day": ProductDay.objects.create(
            day=datetime.date(2025, 10, 3), year=2025, rank=40, final=True, **rollup
        ),
        "certificate_figure": CertificateFigure.objects.create(
            certificate=certificate,
            number=certificate.number,
            product_name=product.name,
            producer_name=producer.name,
            stars=certificate.stars,
            issued_on=certificate.issued_on,
            expires_on=certificate.expires_on,
            **rollup,
        ),
        "stamp_day": StampDay.objects.create(day=datetime.date(2025, 3, 2), scans=3, **rollup),
        "area_month": AreaMonth.objects.create(
            level=AreaMonth.Level.COMMUNE,
            current_commune=producer.current_commune,
            current_province=producer.current_province,
            month=datetime.date(2025, 10, 1),
            received=1,
        ),
    }
