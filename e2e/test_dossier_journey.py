"""A dossier's road to a certificate in a real browser, one person's step a journey, at a desktop and a phone size:
the producer fills Mẫu 01 and submits the dossier; the commune officer checks it (Mẫu 03) and forwards it; the
province's OCOP officer receives it and puts it in a round; a council member scores the sheet; the officer records
the Chairman's decision and the certificate follows.

Each journey starts where the previous one ends, the steps before it done through the same domain functions the
pages call (a journey's data is gone when the next begins: every browser test starts from an empty database).
The self-score's 30-odd lines are scored through the domain here; the self-score page on a phone has its own
test (`test_phone_layout.py`)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from certificates.models import Certificate
from conftest import make_user
from dossiers import domain
from dossiers.models import Application, ApplicationKind, ApplicationStatus
from dossiers.tests.factories import best_choices, fill, forward_review
from e2e.conftest import login
from evaluation import domain as evaluation
from evaluation.models import CouncilMembership, Evaluation, Level, MemberSheet
from evaluation.tests.workflow.conftest import four_star

TODAY = timezone.localdate()


@pytest.fixture
def draft(alice, product_a) -> Application:
    return domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)


@pytest.fixture
def submitted(draft, alice, carol) -> Application:
    return domain.submit_application(application=fill(draft, alice), by=alice)


@pytest.fixture
def forwarded(submitted, carol, erin) -> Application:
    domain.review_by_commune(application=submitted, by=carol, **forward_review())
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def members(hanoi):
    return [make_user(name, Role.COUNCIL_MEMBER, hanoi) for name in ("chu_tich", "tv1", "tv2", "tv3", "tv4")]


@pytest.fixture
def seated_round(erin, members):
    round_ = evaluation.create_round(
        by=erin,
        level=Level.PROVINCE,
        province=erin.area,
        name=f"Đợt 2 năm {TODAY.year}",
        proposal_cutoff=datetime.date(TODAY.year, 10, 30),
        evaluate_by=datetime.date(TODAY.year, 12, 30),
    )
    for index, member in enumerate(members):
        role = CouncilMembership.Role.CHAIR if index == 0 else CouncilMembership.Role.MEMBER
        evaluation.add_member(round_=round_, user=member, role=role, by=erin, agency="Sở Nông nghiệp và Môi trường")
    return round_


@pytest.fixture
def session(forwarded, erin, seated_round) -> Evaluation:
    domain.receive_application(application=forwarded, by=erin)
    forwarded.refresh_from_db()
    return evaluation.assign_to_round(round_=seated_round, application=forwarded, by=erin)


@pytest.mark.journey("producer-submits-a-dossier")
def test_producer_opens_fills_and_submits_a_dossier(journey, alice, product_a, carol):
    page = journey.open()
    login(page, "alice")
    journey.menu(page, "Hồ sơ của tôi", shot="menu")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name="Lập hồ sơ đăng ký"))
    page.get_by_label("Sản phẩm").select_option(str(product_a.pk))
    journey.step(page, "new-dossier")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Lập hồ sơ"))
    application = Application.objects.get(product=product_a)
    expect(page).to_have_url(f"/ho-so/{application.code}/sua/")  # straight on to Mẫu 01 and 02
    page.locator("#id_sample_count").fill("5")
    page.locator("#id_commitment").check()
    page.locator("#id_history").fill("Thành lập năm 2015, làm mứt gừng theo công thức gia truyền.")
    page.locator("#id_business_results").fill("Doanh thu 2025: 2 tỷ đồng.")
    page.locator("#id_business_plan").fill("Mở rộng vùng trồng gừng lên 5 ha.")
    journey.step(page, "mau-01")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Lưu", exact=True))
    application.refresh_from_db()
    assert (application.sample_count, application.commitment) == (5, True)

    # The self-score and the mandatory documents, as the producer saves them from their pages.
    fill(application, alice, choices=best_choices(application))
    page.goto(f"/ho-so/{application.code}/tu-danh-gia/")
    expect(page.locator("#score-summary")).to_contain_text("/100")
    journey.step(page, "self-score")
    page.goto(application.get_absolute_url())
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Nộp hồ sơ cho UBND xã"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    journey.step(page, "submitted")
    assert page.errors == []


@pytest.mark.journey("commune-checks-a-dossier")
def test_commune_officer_checks_the_dossier_and_forwards_it(journey, submitted, carol):
    page = journey.open()
    login(page, "carol")
    journey.menu(page, "Hồ sơ chờ xã đánh giá", shot="menu")
    journey.step(page, "worklist")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name="Đánh giá", exact=True))
    review = forward_review()
    page.get_by_label("Hồ sơ đầy đủ thành phần theo quy định").check()
    for field in ("local_raw_materials", "local_labour", "idea_origin", "local_identity", "report"):
        page.locator(f"#id_{field}").fill(review[field])
    page.locator("input[name=decision][value=forward]").check()
    journey.step(page, "mau-03")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Ghi nhận"))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.COMMUNE_REVIEWED
    journey.step(page, "forwarded")
    assert page.errors == []


@pytest.mark.journey("province-receives-a-dossier")
def test_province_officer_receives_the_dossier_and_puts_it_in_a_round(journey, forwarded, erin, seated_round):
    page = journey.open()
    login(page, "erin")
    journey.menu(page, "Hồ sơ chờ tiếp nhận", shot="menu")
    journey.step(page, "worklist")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Tiếp nhận", exact=True))
    forwarded.refresh_from_db()
    assert forwarded.status == ApplicationStatus.RECEIVED

    page.goto(f"/danh-gia/dot/{seated_round.code}/phan-cong/")
    page.get_by_label(forwarded.product.name).check()
    journey.step(page, "assign")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Đưa vào đợt"))
    assert Evaluation.objects.filter(round=seated_round, application=forwarded).exists()
    journey.step(page, "assigned")
    assert page.errors == []


@pytest.mark.journey("council-scores-a-sheet")
def test_council_member_scores_the_sheet_and_submits_it(journey, session, members, criteria_set):
    page = journey.open()
    login(page, "tv1")
    page.goto("/danh-gia/phieu-cua-toi/")
    journey.step(page, "my-sheets")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name=session.application.product.name))
    choices = four_star(criteria_set)
    for code, position in choices.items():
        with page.expect_response(lambda response: response.url.endswith("/phieu/tieu-chi/")):  # each answer saved
            page.locator(f"input[name='c-{code}'][value='{position}']").check()
    saved = MemberSheet.objects.get(evaluation=session, member=members[1]).choices
    assert {code: int(position) for code, position in saved.items()} == choices
    journey.step(page, "sheet-scored")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Nộp phiếu"))
    sheet = MemberSheet.objects.get(evaluation=session, member=members[1])
    assert sheet.submitted_at is not None
    journey.step(page, "submitted")
    assert page.errors == []


@pytest.mark.journey("province-records-the-decision")
def test_province_officer_records_the_decision_and_the_certificate_follows(
    journey, session, members, erin, criteria_set, alice
):
    for member in members:
        evaluation.submit_sheet(evaluation=session, member=member, choices=four_star(criteria_set))
    evaluation.close_evaluation(evaluation=session, by=members[0])
    page = journey.open()
    login(page, "erin")
    page.goto(session.get_absolute_url())
    journey.step(page, "result")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name="Ghi nhận quyết định"))
    page.get_by_label("Số quyết định, văn bản").fill("1234/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(f"{TODAY:%d/%m/%Y}")
    page.get_by_label("Người ký").fill("Chủ tịch UBND thành phố")
    journey.step(page, "decision")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Ghi nhận"))
    certificate = Certificate.objects.get(application=session.application)
    assert (certificate.stars, certificate.decision_number) == (4, "1234/QĐ-UBND")
    journey.step(page, "recognised")

    producer = journey.open()
    login(producer, "alice")
    producer.goto(certificate.get_absolute_url())
    expect(producer.locator("main")).to_contain_text(certificate.number)
    journey.step(producer, "producer-certificate")
    assert page.errors == [] and producer.errors == []
