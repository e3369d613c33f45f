import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role, User
from areas.models import Area
from audit.domain import history
from audit.models import AuditEntry
from certificates.models import Certificate, CertificateStatus, Withdrawal
from conftest import current
from demo.build import demo_usernames
from demo.data import DEMO_PASSWORD
from demo.lifecycle_data import DOSSIERS, OVERDUE, ROUND_OUTCOMES, SCORING, lifecycle_usernames
from demo.plan import DemoPlan, plan_demo
from dossiers.domain.applications import legal_version_in_force
from dossiers.domain.requirements import missing_for_submission
from dossiers.models import Application, ApplicationKind, ApplicationStatus, CommuneReview, Document
from evaluation.models import CouncilRegulation, Evaluation, Level, MemberSheet, ResultDecision, Round
from history.domain import REFORM_DATE
from history.models import PastResult
from monitoring.models import Kind, Signal, Status
from notifications.models import Notification
from producers.models import TOURISM_ONLY_KINDS, Producer, ProducerKind
from producers.validators import validate_tax_code
from products.models import IntellectualProperty, Product, ProductImage
from stamps.models import ScanEvent, Stamp, StampBatch, Verdict


@dataclass
class Demo:
    plan: DemoPlan
    output: str
    media: Path


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker, tmp_path_factory, signing_dir):
    """The demo, built once for this module by `seed_demo` inside a transaction rolled back at the end:
    building takes seconds, and the tests only read it. Its signing keys come from the session's test CA."""
    media = tmp_path_factory.mktemp("media")
    signing = {
        "SIGNING_TEST_CA": True,
        "SIGNING_DIR": signing_dir,
        "SIGNING_TRUST_DIR": signing_dir / "trust",
        "SIGNING_SOFTHSM2_CONF": str(signing_dir / "test-ca" / "softhsm2.conf"),
    }
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, **signing), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield Demo(plan=plan_demo(), output=out.getvalue(), media=media)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built_demo, db) -> Demo:
    return built_demo


def test_demo_has_producers_of_every_kind_in_both_provinces(demo):
    producers = Producer.objects.filter(tax_code__in=[p.fields["tax_code"] for p in demo.plan.producers])
    assert producers.count() == len(demo.plan.producers) >= 55
    assert set(producers.values_list("kind", flat=True)) == set(ProducerKind.values)
    assert set(producers.values_list("current_province__code", flat=True)) == {"01", "37"}
    assert set(producers.values_list("status", flat=True)) == set(Producer.Status.values)
    enterprises = producers.filter(kind=ProducerKind.ENTERPRISE)
    assert not enterprises.filter(enterprise_form="").exists()
    assert not enterprises.filter(local_capital_percent__isnull=True).exists()
    for producer in producers:
        validate_tax_code(producer.tax_code)


def test_demo_producers_on_pre_2025_units_roll_up_to_todays_commune_and_province(demo):
    legacy = Producer.objects.filter(area__era=Area.Era.LEGACY)
    phu_nghia = legacy.get(area__code="10033")  # Xã Phú Nghĩa of the former Huyện Chương Mỹ
    assert phu_nghia.current_commune == current("10030")
    assert phu_nghia.current_province == current("01", Area.Level.PROVINCE)
    former_ha_nam = legacy.filter(area__parent__parent__name="Tỉnh Hà Nam")
    assert former_ha_nam.exists()
    assert {p.current_province.code for p in former_ha_nam} == {"37"}
    assert not legacy.filter(current_commune__isnull=True).exists()


def test_demo_has_products_in_every_sector_and_criteria_set(demo):
    products = Product.objects.filter(producer__tax_code__in=[p.fields["tax_code"] for p in demo.plan.producers])
    assert products.count() >= 140
    assert set(products.values_list("criteria_set__group__sector__numeral", flat=True)) == {
        "I", "II", "III", "IV", "V", "VI",
    }  # fmt: skip
    assert set(products.values_list("criteria_set__number", flat=True)) == set(range(1, 27))
    tourism_only = products.filter(producer__kind__in=TOURISM_ONLY_KINDS)
    assert tourism_only.exists()
    assert set(tourism_only.values_list("criteria_set__number", flat=True)) == {26}
    assert not products.exclude(producer__status=Producer.Status.VERIFIED).exists()
    assert products.exclude(gtin="").exists()
    assert products.filter(food_safety_certificate_expires_on__isnull=False).exists()
    assert IntellectualProperty.objects.filter(product__in=products).exists()


def test_demo_images_are_stored_with_thumbnails(demo):
    images = ProductImage.objects.all()
    assert images.count() >= 10
    for image in images:
        assert (demo.media / image.image.name).is_file()
        assert (demo.media / image.thumbnail.name).is_file()


def test_demo_records_are_audited(demo):
    for model in (Producer, Product, User):
        audited = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="create")
        assert audited.values("object_id").distinct().count() == model.objects.count()


def test_demo_has_an_account_for_every_role_with_the_demo_password(demo):
    accounts = User.objects.filter(username__in=demo_usernames(demo.plan))
    assert set(accounts.values_list("role", flat=True)) == set(Role.values)
    assert not accounts.filter(role=Role.PRODUCER, producer__isnull=True).exists()
    assert accounts.get(username="xa.phunghia").area == current("10030")
    admin = accounts.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)


def test_seed_demo_prints_a_summary_with_the_logins(demo):
    assert f"{len(demo.plan.producers)} producers" in demo.output
    assert "tinh.hanoi" in demo.output
    assert DEMO_PASSWORD in demo.output


DEMO_MODELS = (
    User,
    Producer,
    Product,
    ProductImage,
    Application,
    Document,
    Round,
    Evaluation,
    MemberSheet,
    ResultDecision,
    Certificate,
    Withdrawal,
    StampBatch,
    Stamp,
    ScanEvent,
    Notification,
    AuditEntry,
)


def test_seed_demo_second_run_adds_nothing(demo):
    counts = [model.objects.count() for model in DEMO_MODELS]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert [model.objects.count() for model in DEMO_MODELS] == counts
    assert "already loaded" in out.getvalue()
    assert "lifecycle already loaded" in out.getvalue()


# --- the lifecycle: dossiers, rounds, certificates, stamps -------------------------------------------------

S = ApplicationStatus


def _stops(*stops: str) -> list[str]:
    return [spec.product for spec in DOSSIERS if spec.stop in stops]


def test_lifecycle_has_dossiers_at_every_step_in_both_provinces(demo):
    applications = Application.objects.select_related("product", "province")
    assert Counter(applications.values_list("status", flat=True)) == {
        S.DRAFT: 5,
        S.SUBMITTED: 3,
        S.RETURNED: 2,
        S.COMMUNE_REVIEWED: 2,
        S.RECEIVED: 4,
        S.IN_ROUND: 1,
        S.SCORED: 1,
        S.RECOGNISED: 5,
        S.NOT_RECOGNISED: 1,
    }
    for province in ("01", "37"):
        statuses = set(applications.filter(province__code=province).values_list("status", flat=True))
        assert {S.DRAFT, S.SUBMITTED, S.RETURNED, S.COMMUNE_REVIEWED, S.RECEIVED} <= statuses
    for returned in applications.filter(status=S.RETURNED):
        assert returned.returned_reason
        assert returned.commune_reviews.get().decision == CommuneReview.Decision.RETURN
    today = timezone.localdate()
    for draft in applications.filter(status=S.DRAFT):
        assert missing_for_submission(draft, on=today)  # a draft shows what is still missing


def test_lifecycle_has_one_overdue_dossier_whose_backdating_is_audited(demo):
    overdue = [a for a in Application.objects.select_related("product") if a.is_overdue]
    assert [a.product.name for a in overdue] == _stops(OVERDUE)
    notes = [entry.note for entry in history(overdue[0])]
    assert any("quá hạn" in note for note in notes)


def test_lifecycle_hanoi_round_has_a_council_of_five_and_decided_results(demo):
    round_ = Round.objects.get(level=Level.PROVINCE, province__code="01")
    seats = dict(round_.memberships.values_list("user__username", "role"))
    assert seats == {
        "hoidong": "chair",
        "hoidong2": "member",
        "hoidong3": "member",
        "hoidong4": "member",
        "hoidong5": "member",
        "tuvan": "advisor",
    }
    assert CouncilRegulation.objects.get(province=round_.province).quorum == 5
    sessions = {e.application.product.name: e for e in round_.evaluations.select_related("application__product")}
    assert set(sessions) == set(_stops(*ROUND_OUTCOMES))
    closed = [e for e in sessions.values() if e.status == Evaluation.Status.CLOSED]
    for session in closed:
        assert session.sheets.filter(submitted_at__isnull=False).count() == 5
    assert Counter(e.stars for e in closed if e.rankable) == {3: 2, 4: 3, 5: 1}
    (divergent,) = [e for e in closed if e.divergence_flag]
    assert divergent.application.status == S.SCORED  # the chair may reopen it for re-scoring
    (knocked_out,) = [e for e in closed if not e.rankable]
    decision = knocked_out.decisions.get()
    assert decision.kind == ResultDecision.Kind.NOT_RECOGNISED
    assert "Hồ sơ bị loại khi" in decision.reason
    (scoring,) = _stops(SCORING)
    assert sessions[scoring].status == Evaluation.Status.OPEN
    assert sessions[scoring].sheets.filter(submitted_at__isnull=False).count() == 3


def test_lifecycle_central_round_recognises_the_5_star_product(demo):
    central = Round.objects.get(level=Level.CENTRAL)
    assert central.status == Round.Status.CLOSED
    assert central.memberships.filter(user__area__isnull=True, user__role=Role.COUNCIL_MEMBER).count() == 5
    session = central.evaluations.get()
    assert (session.stars, session.mean_total >= 90) == (5, True)
    provincial = session.application.evaluations.get(level=Level.PROVINCE)
    assert provincial.decisions.get().kind == ResultDecision.Kind.PROPOSED_5
    certificate = Certificate.objects.get(application=session.application)
    assert (certificate.stars, certificate.recognition.authority) == (5, "ministry")
    assert certificate.recognition.evaluation == session


def test_lifecycle_certificates_of_3_4_and_5_stars_carry_their_decision(demo):
    recognised = Certificate.objects.filter(imported=False).select_related("recognition")
    assert set(recognised.values_list("stars", flat=True)) == {3, 4, 5}
    for certificate in recognised:
        recognition = certificate.recognition
        assert recognition.decision_number and recognition.signer
        assert certificate.decision_date == recognition.decision_date == certificate.issued_on
    upgrade = Application.objects.get(kind=ApplicationKind.UPGRADE)
    assert upgrade.previous_certificate.superseded_by == upgrade.recognition.certificate


def test_lifecycle_certificates_include_expired_due_withdrawn_and_superseded(demo):
    today = timezone.localdate()
    statuses = Counter(c.status_on(today) for c in Certificate.objects.all())
    assert statuses[CertificateStatus.EXPIRED] >= 1
    assert statuses[CertificateStatus.DUE_FOR_RENEWAL] >= 1
    assert statuses[CertificateStatus.WITHDRAWN] == 1
    assert statuses[CertificateStatus.SUPERSEDED] == 2
    withdrawal = Withdrawal.objects.select_related("certificate", "recorded_by").get()
    assert 0 <= (withdrawal.decision_date - withdrawal.concluded_on).days <= 15
    assert withdrawal.recorded_by.role == Role.PROVINCE_OFFICER
    assert withdrawal.recorded_by.area == withdrawal.certificate.province


def test_every_demo_certificate_has_its_legal_version_and_area(demo):
    certificates = Certificate.objects.select_related("legal_version", "area_at_issue")
    assert certificates.count() >= 15
    for certificate in certificates:
        assert certificate.legal_version_id and certificate.area_at_issue_id
        if certificate.imported:
            assert certificate.legal_version == legal_version_in_force(certificate.decision_date)
            legacy = certificate.decision_date < REFORM_DATE
            assert certificate.area_at_issue.era == (Area.Era.LEGACY if legacy else Area.Era.CURRENT)
        else:
            assert certificate.legal_version.code == "QD26_2026"
    legacy = certificates.filter(imported=True, area_at_issue__era=Area.Era.LEGACY)
    legacy_versions = set(legacy.values_list("legal_version__code", flat=True))
    assert {"QD1048_2019", "QD148_2023"} <= legacy_versions


def test_demo_history_is_imported_by_each_province_with_results_that_recognised_nothing(demo):
    results = PastResult.objects.select_related("legal_version", "area", "current_province")
    imported = Certificate.objects.filter(imported=True)
    # Each imported certificate comes with the council result of its decision, of the same stars.
    assert {(c.product_id, c.decision_number, c.stars) for c in imported} <= {
        (r.product_id, r.decision_number, r.stars) for r in results
    }
    earlier = results.filter(decision_number="")
    assert {(r.level, r.result) for r in earlier} >= {("district", "2"), ("district", "not_ranked")}
    assert {(r.level, r.result) for r in earlier.filter(score__gte=90)} == {("province", "potential_5")}
    for result in earlier:
        assert (result.legal_version.code, result.area.era) == ("QD1048_2019", Area.Era.LEGACY)
    for result in results:
        (entry,) = history(result)
        assert entry.note.startswith("Nhập lịch sử")
        assert (entry.actor.role, entry.actor.area) == (Role.PROVINCE_OFFICER, result.current_province)


def test_lifecycle_stamps_are_issued_and_checked_with_every_verdict(demo):
    batches = StampBatch.objects.select_related("certificate")
    assert batches.count() >= 3
    assert set(batches.values_list("status", flat=True)) == {StampBatch.Status.ISSUED}
    assert Stamp.objects.count() == sum(batch.quantity for batch in batches)
    verdicts = set(ScanEvent.objects.values_list("verdict", flat=True))
    assert {Verdict.GENUINE, Verdict.WITHDRAWN, Verdict.REVOKED} <= verdicts
    assert batches.filter(certificate__withdrawn_on__isnull=False).exists()
    assert batches.filter(certificate__stars=5).exists()


@pytest.fixture
def fresh_cache():
    # The verification page caches each batch's facts in this process's memory: leave nothing behind.
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_seed_demo_prints_example_stamp_urls_that_show_their_verdict(demo, client, fresh_cache):
    links = dict(re.findall(r"^\s+(genuine|certificate withdrawn|stamp revoked)\s+(http\S+)$", demo.output, re.M))
    expected = {
        "genuine": Verdict.GENUINE.label,
        "certificate withdrawn": Verdict.WITHDRAWN.label,
        "stamp revoked": Verdict.REVOKED.label,
    }
    assert set(links) == set(expected)
    for label, verdict in expected.items():
        response = client.get(urlsplit(links[label]).path)
        assert response.status_code == 200
        assert str(verdict) in response.content.decode()


def test_lifecycle_accounts_use_the_demo_password(demo):
    accounts = User.objects.filter(username__in=lifecycle_usernames())
    assert accounts.count() == len(lifecycle_usernames())
    assert all(account.check_password(DEMO_PASSWORD) for account in accounts)
    assert not accounts.filter(role=Role.PRODUCER, producer__isnull=True).exists()


def test_lifecycle_records_are_audited(demo):
    for model in (Application, Certificate, Evaluation):
        audited = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="create")
        assert audited.values("object_id").distinct().count() == model.objects.count()


def test_demo_programme_has_a_split_plan_events_with_attendees_funding_and_a_consultant(demo):
    from programme import domain as programme
    from programme.models import Assignment, Event, Funding, Indicator, Plan

    hanoi = current("01", Area.Level.PROVINCE)
    year = timezone.localdate().year
    assert Plan.objects.filter(area=hanoi, year=year).count() == 7
    split = programme.split(province=hanoi, year=year, indicator=Indicator.DOSSIERS)
    assert (split.target, sorted(split.shares.values())) == (40, [10, 12])
    course = Event.objects.get(area__code="10030")
    assert course.attendees.count() == 4
    assert Funding.objects.filter(province=hanoi).count() == 2
    assert Assignment.objects.get().area.get_level_display()
    assert "demo: programme: 9 plan targets, 2 events with 5 attendees" in demo.output
    assert AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Plan)).count() >= 9


def test_lifecycle_inbox_has_a_fake_report_and_a_post_withdrawal_signal(demo):
    items = Signal.objects.select_related("product", "province")
    report = items.get(kind=Kind.FAKE_REPORT, stamp__isnull=False)
    assert (report.status, report.province.code, report.report.stamp_id) == (Status.OPEN, "01", report.stamp_id)
    assert items.filter(kind=Kind.FAKE_REPORT, stamp__isnull=True).get().verdict == Verdict.UNKNOWN
    scanned = items.get(kind=Kind.AFTER_WITHDRAWAL)
    assert scanned.certificate.withdrawn_on is not None
    assert scanned.scans >= 2


def test_demo_market_has_a_fair_with_participants_memoranda_and_sales_points_carrying_starred_products(demo):
    from market.models import Listing, Participation, SalesPoint, TradeAgreement
    from market.where import where_to_buy
    from programme.models import Event

    fair = Event.objects.get(topic="Hội chợ kết nối cung cầu sản phẩm OCOP Hà Nội")
    accepted = Participation.objects.filter(event=fair, status=Participation.Status.ACCEPTED)
    assert accepted.count() == 4
    assert TradeAgreement.objects.filter(event=fair, kind=TradeAgreement.Kind.MEMORANDUM).count() == 2
    points = SalesPoint.objects.filter(province__code="01", province__era=Area.Era.CURRENT)
    assert points.count() == 2
    carried = points.first().products.first()
    assert {place.sales_point for place in where_to_buy(carried, day=timezone.localdate())} == set(points)
    assert Listing.objects.values("product").distinct().count() == 1
    assert "demo: market: 2 trade events, 4 participants at the fair, 2 memoranda, 2 sales points" in demo.output


def test_demo_market_has_buyers_demands_answers_a_conversation_and_a_contract_from_a_demand(demo):
    from market.models import Buyer, Conversation, Demand, Message, TradeAgreement

    assert sorted(Buyer.objects.values_list("kind", "status")) == [
        ("exporter", "verified"),
        ("shop", "pending"),
        ("supermarket", "verified"),
    ]
    assert Demand.objects.count() == 2
    assert Conversation.objects.filter(answered_at__isnull=False).count() == 2
    assert list(
        Message.objects.filter(conversation__demand__buyer__kind="supermarket").values_list("from_buyer", flat=True)
    ) == [
        False,
        True,
        False,
    ]
    contract = TradeAgreement.objects.get(demand__isnull=False)
    assert (contract.buyer.name, contract.kind) == ("Hệ thống siêu thị Hà Nội Xanh", "contract")
    assert "3 buyers, 2 demands, 2 answers" in demo.output


def test_demo_has_hanois_inspection_plan_and_two_inspections(demo):
    from inspections.models import Inspection, InspectionPlan, Outcome, Status

    assert InspectionPlan.objects.filter(province__code="01", province__era="2025").count() == 1
    assert sorted(Inspection.objects.values_list("status", flat=True)) == [Status.CONCLUDED, Status.IN_PROGRESS]
    assert Outcome.objects.open_remediations().count() == 1


def test_the_demo_ends_with_a_signed_decision_anyone_can_check(demo):
    from certificates.models import SignedDecision
    from signing.checking import check_pdf

    signed = SignedDecision.objects.get()
    assert signed.number == "5012/QĐ-UBND" and signed.signed_by.username == "tinh.hanoi"
    assert "signed by tinh.hanoi" in demo.output
    check = check_pdf(signed.file.read())
    assert check.valid, check.problems
    assert check.number == "5012/QĐ-UBND"


def test_the_demo_certificates_download_signed_by_their_province(demo, client):
    """`make run` shows signed documents: a demo producer downloads a certificate, and its signature checks."""
    from signing.checking import check_pdf

    certificate = (
        Certificate.objects.filter(withdrawn_on__isnull=True, stars__lt=5, product__producer__users__isnull=False)
        .select_related("province")
        .first()
    )
    client.force_login(certificate.product.producer.users.first())
    response = client.get(f"{certificate.get_absolute_url()}ban-in.pdf")

    check = check_pdf(response.content)
    assert check.valid, check.problems
    assert check.number == certificate.number
    assert certificate.province.name in check.agency
