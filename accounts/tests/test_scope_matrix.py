"""The persona matrix: every scoped model's `visible_to`, and every acting predicate, against every persona.

One world holds a record of each scoped model in commune X of Hà Nội (producer A), plus the records that sit
on the edge of a clause (a draft dossier, a closed round, a sheet before and after its reader's own, accounts of
each level). Each table row says, persona by persona, whether they see (or may act on) that record. A new
scoped model fails `test_every_scoped_model_is_in_the_matrix` until it has rows here; a scope declaration that
loses a clause fails the row that needs it."""

import ast
import datetime
import pathlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts import scope
from accounts.models import Role, User
from accounts.rules import is_officer_for
from areas.models import Area
from certificates.models import Certificate
from certificates.rules import can_extend, can_withdraw
from conftest import make_user
from dossiers.models import Application, ApplicationStatus, Document, Evidence
from dossiers.rules import (
    can_delete_application,
    can_edit_application,
    can_manage_documents,
    is_applicant,
    is_commune_officer_of,
    is_province_officer_of,
)
from evaluation import domain as evaluation_domain
from evaluation.models import Evaluation, Level, MemberSheet, Round
from evaluation.rules import can_decide, can_manage_round, can_record_site_visit, can_score, is_chair
from history.models import CouncilLevel, ImportJob, PastResult, ResultKind
from producers.models import Producer
from producers.rules import can_delete_producer, can_edit_producer, can_verify_producer
from products.domain import create_product
from products.models import Product
from products.rules import can_edit_product, can_register_product_for
from programme import domain as programme_domain
from programme.models import Consultant, Event, EventKind, FundingSource, Indicator
from programme.rules import (
    can_edit_assignment,
    can_edit_consultant,
    can_edit_event,
    can_edit_funding,
    can_edit_plan,
)
from public.reports import can_handle
from reports.models import CertificateFigure, ProductYear, StampDay
from stamps.models import FakeReport, StampBatch
from stamps.rules import can_manage_batch, can_order_stamps

PERSONAS = [
    "alice",  # producer A's user (commune X, Hà Nội)
    "bob",  # producer B's user (commune Y, Hà Nội)
    "carol",  # commune officer of X
    "dave",  # commune officer of Y
    "erin",  # OCOP officer of Hà Nội
    "frank",  # OCOP officer of Ninh Bình
    "council",  # Hà Nội council account seated in the open round (and in the closed one)
    "council_free",  # Hà Nội council account without a seat
    "advisor",  # Hà Nội advisory account seated in the open round
    "advisor_free",  # Hà Nội advisory account without a seat
    "inspector",  # Hà Nội inspector
    "minh",  # ministry officer
    "root",  # system administrator
    "anonymous",
]

# Who sees each record: one column per persona, in PERSONAS order (Y sees, . gets a 404).
SEES = {
    #                                                  al bo ca da er fr co cf ad af in mi ro an
    ("producers.Producer", "producer"): "              Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("products.Product", "product"): "                 Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("certificates.Certificate", "certificate"): "     Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("stamps.StampBatch", "batch"): "                  Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("stamps.FakeReport", "report"): "                 .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # In the open round, where council and advisor hold seats, its session open.
    ("dossiers.Application", "dossier"): "             Y  .  Y  .  Y  .  Y  .  Y  .  Y  Y  Y  .",
    # Province roles never see a draft.
    ("dossiers.Application", "draft"): "               Y  .  Y  .  .  .  .  .  .  .  .  Y  Y  .",
    # Its session closed, the result waiting for the decision: the council still needs it.
    ("dossiers.Application", "awaiting"): "            Y  .  Y  .  Y  .  Y  .  Y  .  Y  Y  Y  .",
    # Its session closed and the result decided: the council no longer needs it.
    ("dossiers.Application", "decided"): "             Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # Waiting for the decision, but in a round that is closed.
    ("dossiers.Application", "in_closed_round"): "     Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # Its session in the open round is an earlier one: it was evaluated again in another round.
    ("dossiers.Application", "rescored"): "            Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("dossiers.Document", "evidence"): "               Y  .  Y  .  Y  .  Y  .  Y  .  Y  Y  Y  .",
    # In the library only: its producer's users alone, national roles included.
    ("dossiers.Document", "library_only"): "           Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("dossiers.Document", "draft_evidence"): "         Y  .  Y  .  .  .  .  .  .  .  .  Y  Y  .",
    ("evaluation.Round", "round"): "                   .  .  .  .  Y  .  Y  .  Y  .  Y  Y  Y  .",
    ("evaluation.Round", "closed_round"): "            .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("evaluation.Round", "central_round"): "           .  .  .  .  .  .  .  .  .  .  .  Y  Y  .",
    ("evaluation.Evaluation", "evaluation"): "         .  .  .  .  Y  .  Y  .  Y  .  Y  Y  Y  .",
    ("evaluation.Evaluation", "awaiting_evaluation"): ".  .  .  .  Y  .  Y  .  Y  .  Y  Y  Y  .",
    ("evaluation.Evaluation", "decided_evaluation"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("evaluation.Evaluation", "closed_evaluation"): "  .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("evaluation.Evaluation", "earlier_evaluation"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # The central session of a Hà Nội dossier: the province decides when it is returned.
    ("evaluation.Evaluation", "central_evaluation"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # The council member's own draft, in an open session.
    ("evaluation.MemberSheet", "own_draft"): "         .  .  .  .  .  .  Y  .  .  .  .  .  .  .",
    # A peer's submitted sheet in that session: not before the reader's own is submitted.
    ("evaluation.MemberSheet", "peer_waiting"): "      .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # A peer's submitted sheet in a session where the reader's own is submitted.
    ("evaluation.MemberSheet", "peer_shared"): "       .  .  .  .  .  .  Y  .  .  .  .  .  .  .",
    # A submitted sheet of a closed provincial session: its organisers.
    ("evaluation.MemberSheet", "closed_sheet"): "      .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .",
    ("accounts.User", "producer_account"): "           Y  .  .  .  Y  .  .  .  .  .  .  Y  Y  .",
    ("accounts.User", "commune_account"): "            .  .  Y  .  Y  .  .  .  .  .  .  Y  Y  .",
    ("accounts.User", "province_account"): "           .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # An evaluation result imported from before the platform: like a certificate.
    ("history.PastResult", "past_result"): "          Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    # An import of Hà Nội's history: its OCOP officers and the national roles, nobody else.
    ("history.ImportJob", "import_job"): "            .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .",
    # The programme is the OCOP office's: council and advisory accounts do not read it.
    ("programme.Plan", "plan"): "                      .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("programme.Funding", "funding"): "                Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    # Every commune officer of the province sees its consultants.
    ("programme.Consultant", "consultant"): "          .  .  Y  Y  Y  .  .  .  .  .  Y  Y  Y  .",
    ("programme.Assignment", "assignment"): "          Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("programme.Event", "event"): "                    .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("reports.ProductYear", "product_year"): "         Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("reports.CertificateFigure", "certificate_figure"): "Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("reports.StampDay", "stamp_day"): "              Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
}

# Acting: the scope rule's own predicates on the main record of every scoped model, then each app's predicates.
ACTS = {
    #                                                  al bo ca da er fr co cf ad af in mi ro an
    ("covers", "producer"): "                          .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("covers", "product"): "                           .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("covers", "certificate"): "                       .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("covers", "batch"): "                             .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("covers", "report"): "                            .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "dossier"): "                           .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "evidence"): "                          .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "round"): "                             .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "evaluation"): "                        .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "closed_sheet"): "                      .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .",
    ("covers", "producer_account"): "                  .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .",
    ("covers", "past_result"): "                       .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .",
    ("covers", "import_job"): "                        .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .",
    ("owns", "producer"): "                            Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "product"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "certificate"): "                         Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "batch"): "                               Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "dossier"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "evidence"): "                            Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "round"): "                               .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_officer_for", "producer"): "                  .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("is_officer_for", "product"): "                   .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_edit_producer", "producer"): "               Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_verify_producer", "producer"): "             .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_delete_producer", "producer"): "             .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_register_product_for", "producer"): "        Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_edit_product", "product"): "                 Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_order_stamps", "product"): "                 Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_manage_batch", "batch"): "                   Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_manage_documents", "producer"): "            Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_applicant", "dossier"): "                     Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_edit_application", "draft"): "               Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_edit_application", "dossier"): "             .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_delete_application", "draft"): "             Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_commune_officer_of", "dossier"): "            .  .  Y  .  .  .  .  .  .  .  .  .  .  .",
    ("is_province_officer_of", "dossier"): "           .  .  .  .  Y  .  .  .  .  .  .  .  .  .",
    ("can_handle", "report"): "                        .  .  .  .  Y  .  .  .  .  .  Y  .  .  .",
    ("can_withdraw", "certificate"): "                 .  .  .  .  Y  .  .  .  .  .  .  .  .  .",
    ("can_extend", "certificate"): "                   .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_manage_round", "round"): "                   .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_manage_round", "central_round"): "           .  .  .  .  .  .  .  .  .  .  .  Y  Y  .",
    ("is_chair", "round"): "                           .  .  .  .  .  .  Y  .  .  .  .  .  .  .",
    ("can_score", "evaluation"): "                     .  .  .  .  .  .  Y  .  .  .  .  .  .  .",
    ("can_record_site_visit", "evaluation"): "         .  .  .  .  Y  .  .  .  Y  .  .  .  Y  .",
    ("can_decide", "awaiting_evaluation"): "           .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("covers", "plan"): "                              .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "funding"): "                           .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "consultant"): "                        .  .  Y  Y  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "assignment"): "                        .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("covers", "event"): "                             .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .",
    ("owns", "funding"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "assignment"): "                          Y  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # Plans and consultants are the province's; a commune officer reads its share.
    ("can_edit_plan", "plan"): "                       .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_edit_funding", "funding"): "                 .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_edit_consultant", "consultant"): "           .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_edit_assignment", "assignment"): "           .  .  .  .  Y  .  .  .  .  .  .  .  Y  .",
    ("can_edit_event", "event"): "                     .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .",
}

PREDICATES = {
    "covers": scope.covers,
    "owns": scope.owns,
    "is_officer_for": is_officer_for,
    "can_edit_producer": can_edit_producer,
    "can_verify_producer": can_verify_producer,
    "can_delete_producer": can_delete_producer,
    "can_register_product_for": can_register_product_for,
    "can_edit_product": can_edit_product,
    "can_order_stamps": can_order_stamps,
    "can_manage_batch": can_manage_batch,
    "can_manage_documents": lambda user, producer: can_manage_documents(user, producer.pk),
    "is_applicant": is_applicant,
    "can_edit_application": can_edit_application,
    "can_delete_application": can_delete_application,
    "is_commune_officer_of": is_commune_officer_of,
    "is_province_officer_of": is_province_officer_of,
    "can_handle": can_handle,
    "can_withdraw": can_withdraw,
    "can_extend": can_extend,
    "can_manage_round": can_manage_round,
    "is_chair": is_chair,
    "can_score": can_score,
    "can_record_site_visit": can_record_site_visit,
    "can_decide": can_decide,
    "can_edit_plan": can_edit_plan,
    "can_edit_funding": can_edit_funding,
    "can_edit_consultant": can_edit_consultant,
    "can_edit_assignment": can_edit_assignment,
    "can_edit_event": can_edit_event,
}


def expected(row: str) -> dict[str, bool]:
    marks = row.split()
    assert len(marks) == len(PERSONAS), row
    return {persona: mark == "Y" for persona, mark in zip(PERSONAS, marks, strict=True)}


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
        "product_year": ProductYear.objects.create(year=2025, rank=40, **rollup),
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
    }


def scoped_models() -> set[str]:
    """Every model whose manager offers `visible_to` or that declares a scope."""
    return {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to") or hasattr(model, "scope")
    }


def test_every_scoped_model_is_in_the_matrix():
    assert scoped_models() == {label for label, _record in SEES}


def test_every_visible_to_is_built_from_the_scope_rule():
    """No hand-written scope: every model's `visible_to` is the scope rule's, and no module defines another
    `*visible_to` function."""
    base = pathlib.Path(settings.BASE_DIR)
    hand_written = []
    for app in apps.get_app_configs():
        folder = pathlib.Path(app.path)
        if base not in folder.parents:
            continue
        for path in sorted(folder.rglob("*.py")):
            if "tests" in path.parts or path == pathlib.Path(scope.__file__):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef) and node.name.endswith("visible_to"):
                    hand_written.append(f"{path.relative_to(base)}::{node.name}")
    assert hand_written == []
    for label in scoped_models():
        queryset = apps.get_model(label)._default_manager.all()
        assert type(queryset).visible_to is scope.ScopedQuerySet.visible_to, label


@pytest.mark.parametrize("label", sorted({label for label, _record in SEES}))
def test_visible_to_matches_the_persona_matrix(label, personas, world):
    model = apps.get_model(label)
    for (row_label, record), row in SEES.items():
        if row_label != label:
            continue
        obj = world[record]
        assert isinstance(obj, model), record
        seen = {name: model.objects.visible_to(user).filter(pk=obj.pk).exists() for name, user in personas.items()}
        assert seen == expected(row), record


@pytest.mark.parametrize("predicate", sorted({name for name, _record in ACTS}))
def test_acting_predicates_match_the_persona_matrix(predicate, personas, world):
    for (name, record), row in ACTS.items():
        if name != predicate:
            continue
        acts = {persona: PREDICATES[name](user, world[record]) for persona, user in personas.items()}
        assert acts == expected(row), record


def test_seeing_follows_acting_on_the_matrix(personas, world):
    """On the matrix's records, whoever the rule says covers or owns a record also sees it."""
    for (name, record), _row in ACTS.items():
        if name not in ("covers", "owns"):
            continue
        obj = world[record]
        for persona, user in personas.items():
            if PREDICATES[name](user, obj):
                assert type(obj).objects.visible_to(user).filter(pk=obj.pk).exists(), (name, record, persona)


def test_a_user_without_an_area_sees_nothing_by_area(hanoi, producer_a, product_a):
    """The relations read the user's area or producer; an officer or producer account without one reaches
    nothing through them (only itself)."""
    users = [
        make_user("xa_trong", Role.COMMUNE_OFFICER),
        make_user("tinh_trong", Role.PROVINCE_OFFICER),
        make_user("cu_trong", Role.PRODUCER),
    ]
    for user in users:
        assert list(Producer.objects.visible_to(user)) == []
        assert list(Product.objects.visible_to(user)) == []
        assert list(User.objects.visible_to(user)) == [user]
        assert (scope.covers(user, producer_a), scope.owns(user, producer_a)) == (False, False)


def test_in_area_keeps_the_users_own_area_or_every_row_for_national_roles(personas, hanoi):
    provinces = Area.objects.current().filter(level=Area.Level.PROVINCE)
    kept = {name: set(scope.in_area(user, provinces).values_list("pk", flat=True)) for name, user in personas.items()}
    everyone = set(provinces.values_list("pk", flat=True))
    assert kept["erin"] == kept["inspector"] == kept["council"] == {hanoi.pk}
    assert kept["frank"] != {hanoi.pk} and len(kept["frank"]) == 1
    assert kept["minh"] == kept["root"] == everyone
    assert kept["carol"] == kept["alice"] == kept["anonymous"] == set()
    within = {name: [p for p in everyone if scope.area_within(user, p)] for name, user in personas.items()}
    assert {name: set(pks) for name, pks in within.items()} == kept
