"""The offices' main tasks in a real browser, at a desktop and a phone size: an inspector turns an inbox item into
an ad-hoc inspection; the province's OCOP officer keeps a training course's attendance; the ministry's officer
reads the national report from the home page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import login
from history.models import CouncilLevel, ResultKind
from inspections.models import Inspection
from monitoring import domain as monitoring
from monitoring.models import Signal, Status
from programme.domain import save_event
from programme.models import Attendee, Event, EventKind
from reports import rollups
from reports.tests import factories

TODAY = timezone.localdate()


@pytest.mark.journey("inspector-opens-an-inspection")
def test_inspector_turns_an_inbox_item_into_an_inspection(journey, inspector, product_a):
    item = monitoring.record_complaint(by=inspector, product=product_a, summary="Nhãn thiếu hạn sử dụng.")
    page = journey.open()
    login(page, "inspector")
    journey.menu(page, "Hộp thư thanh tra", shot="menu")
    journey.step(page, "inbox")
    with page.expect_navigation():
        journey.tap(page.locator(f"a[href='/kiem-tra/hop-thu/{item.code}/']").first)
    triage = page.locator("#triage")
    triage.locator("[name=inspect-team]").select_option("inspector")
    triage.locator("[name=inspect-starts_on]").fill(f"{TODAY:%d/%m/%Y}")
    triage.locator("[name=inspect-ends_on]").fill(f"{TODAY + datetime.timedelta(days=2):%d/%m/%Y}")
    triage.locator("[name=inspect-scope_note]").fill("Nhãn, hạn sử dụng")
    journey.step(page, "triage")
    with page.expect_response(lambda response: response.url.endswith(f"/{item.code}/xu-ly/")):  # in place (HTMX)
        journey.tap(triage.get_by_role("button", name="Mở cuộc kiểm tra"))
    inspection = Inspection.objects.get()
    expect(page.locator(f"#triage a[href='{inspection.get_absolute_url()}']")).to_be_visible()
    assert Signal.objects.get().status == Status.INSPECTION
    assert list(inspection.products.all()) == [product_a]
    journey.step(page, "inspection-opened")
    # No error at all: htmx used to settle a "style" attribute across this swap, which the CSP refused.
    assert page.errors == []


@pytest.mark.journey("organiser-keeps-attendance")
def test_officer_keeps_a_training_courses_attendance(journey, erin, producer_a, commune_x):
    event = save_event(
        event=Event(
            kind=EventKind.TRAINING,
            topic="Tập huấn xây dựng hồ sơ OCOP",
            starts_on=TODAY,
            ends_on=TODAY,
            place="Hội trường UBND xã Phú Nghĩa",
            area=commune_x,
            organiser="Sở Nông nghiệp và Môi trường",
        ),
        by=erin,
    )
    page = journey.open()
    login(page, "erin")
    journey.menu(page, "Chương trình", shot="menu")
    page.goto("/chuong-trinh/su-kien/")
    journey.step(page, "events")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name=event.topic))
    for kind, name, extra in (
        (Attendee.Kind.PRODUCER, "Nguyễn Thị Hoa", {"producer": str(producer_a.pk)}),
        (Attendee.Kind.OFFICIAL, "Trần Văn Bình", {"level": Attendee.Level.COMMUNE}),
    ):
        page.get_by_label("Đối tượng").select_option(kind)
        if "producer" in extra:
            page.locator("#id_producer").select_option(extra["producer"])
        if "level" in extra:
            page.locator("#id_level").select_option(extra["level"])
        page.get_by_label("Họ và tên").fill(name)
        with page.expect_navigation():
            journey.tap(page.get_by_role("button", name="Thêm", exact=True))
    expect(page.locator("#attendee-counts")).to_contain_text("2 người, trong đó 1 cán bộ")
    assert sorted(event.attendees.values_list("name", flat=True)) == ["Nguyễn Thị Hoa", "Trần Văn Bình"]
    journey.step(page, "attendance")
    assert page.errors == []


@pytest.mark.journey("national-reads-the-report")
def test_ministry_officer_reads_the_national_report(journey, minh, commune_x, criteria_set):
    items = factories.products(factories.producers(2, area=commune_x), criteria_set=criteria_set, serial_area=commune_x)
    factories.past_results(
        items, year=TODAY.year - 1, result=ResultKind.FOUR, level=CouncilLevel.PROVINCE, area=commune_x,
        version="QD148_2023",
    )  # fmt: skip
    rollups.refresh_products()
    page = journey.open()
    login(page, "minh")
    journey.step(page, "home")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name="Xem báo cáo đầy đủ"))
    expect(page.locator("h1")).to_have_text("Báo cáo kết quả Chương trình OCOP")
    page.fill("#id_first", str(TODAY.year - 1))
    page.fill("#id_last", str(TODAY.year - 1))
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Xem báo cáo"))
    recognised = page.locator("#table-stars tr", has_text="Đạt 3 sao trở lên").locator("td").nth(1)
    expect(recognised).to_have_text("2")
    journey.step(page, "report")
    assert page.errors == []
