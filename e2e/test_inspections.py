"""An inspector records a visit, on a phone (in the field) and on a desktop: two findings of the checklist and a
photo; the page fits the screen's width and the visit's page shows both findings and the photo."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from e2e.conftest import login
from inspections import domain
from inspections.models import Evidence, Kind, Trigger, Visit


@pytest.fixture
def inspection(inspector, producer_a, product_a):
    from django.utils import timezone

    today = timezone.localdate()
    return domain.open_inspection(
        by=inspector,
        kind=Kind.AD_HOC,
        trigger=Trigger.FAKE_REPORT,
        trigger_note="Phản ánh tem in mờ",
        producers=[producer_a],
        products=[product_a],
        team=[inspector],
        starts_on=today,
        ends_on=today,
        scope_note="Nhãn, tem",
    )


@pytest.mark.journey("inspector-records-a-visit")
def test_inspector_records_a_visit_with_two_findings_and_a_photo(journey, settings, tmp_path, inspection):
    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "nhan-san-pham.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 120, 40)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    page = journey.open()
    login(page, "inspector")
    page.goto(inspection.get_absolute_url())
    journey.step(page, "inspection")
    journey.tap(page.get_by_role("link", name="Ghi kết quả kiểm tra thực tế"))
    expect(page.locator("h1")).to_have_text("Ghi kết quả kiểm tra")

    page.locator("input[name=result_labels][value=not_met]").check()
    page.locator("input[name=note_labels]").fill("Thiếu nhãn phụ tiếng Việt")
    page.locator("input[name=result_ocop_mark][value=met]").check()
    page.locator("input[name=files]").set_input_files(str(photo))
    journey.step(page, "visit-form")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Lưu kết quả kiểm tra"))

    expect(page.locator(".messages")).to_contain_text("Đã ghi kết quả kiểm tra")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Nhãn sản phẩm")
    expect(rows.nth(0)).to_contain_text("Không đạt")
    expect(rows.nth(1)).to_contain_text("Biểu trưng OCOP và hạng sao")
    image = page.locator(".thumbs img")
    expect(image).to_have_count(1)
    assert page.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 640
    journey.step(page, "visit")
    visit = Visit.objects.get()
    assert sorted(visit.findings.values_list("item", "result")) == [("labels", "not_met"), ("ocop_mark", "met")]
    assert Evidence.objects.get().content_type == "image/jpeg"
    assert page.errors == []
