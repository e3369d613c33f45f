"""The inbox in a real browser, at a phone and a desktop size: a consumer reports a fake from a stamp code without
choosing a province, forgets a field and keeps the photo; the province's inspector finds it in the inbox and closes
it through the HTMX triage without leaving the page; the consumer's follow page says it is done."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from e2e.conftest import login
from monitoring.models import Signal, Status
from public.tests.factories import first_stamp, make_batch, make_certificate


@pytest.fixture
def stamp(product_a, alice):
    return first_stamp(make_batch(product_a, make_certificate(product_a), alice))


@pytest.mark.journey("shopper-reports-a-fake")
def test_consumer_reports_keeps_the_photo_and_follows_the_inspectors_triage(
    journey, settings, tmp_path, stamp, inspector
):
    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "tem-nghi-gia.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())

    consumer = journey.open()
    consumer.goto(f"/bao-hang-gia/?ma={stamp.serial}")
    expect(consumer.locator("select[name=province]")).to_have_count(0)
    consumer.fill("textarea[name=what]", "Tem in mờ, giá rẻ bất thường.")
    consumer.locator("input[name=photo]").set_input_files(str(photo))
    journey.tap(consumer.get_by_role("button", name="Gửi phản ánh"))  # "where" forgotten
    expect(consumer.locator("figure.report-photo img")).to_be_visible()
    expect(consumer.locator("input[name=keep_photo]")).to_be_checked()
    journey.step(consumer, "photo-kept")
    consumer.fill("input[name=where]", "Chợ Long Biên")
    journey.tap(consumer.get_by_role("button", name="Gửi phản ánh"))
    consumer.wait_for_url("**/bao-hang-gia/da-gui/**")
    journey.step(consumer, "report-sent")
    item = Signal.objects.select_related("report").get()
    assert item.report.photo.name.endswith(".png")

    page = journey.open()
    login(page, "inspector")
    journey.menu(page, "Hộp thư thanh tra", shot="inspector-menu")
    journey.step(page, "inbox")
    with page.expect_navigation():
        journey.tap(page.locator(f"a[href='/kiem-tra/hop-thu/{item.code}/']").first)
    expect(page.locator("img.report-photo")).to_be_visible()
    triage = page.locator("#triage")
    closing = triage.locator("form", has=page.locator("input[value=close]"))
    journey.tap(closing.get_by_role("button", name="Đóng"))  # no reason: refused, in place
    expect(triage.locator(".errorlist")).to_be_visible()
    page.locator("#triage textarea[name=close-reason]").fill("Tem thật; cửa hàng bán đúng giá niêm yết.")
    page.locator("#triage input[name=close-public_outcome]").fill("Đã xác minh: tem thật.")
    journey.tap(page.locator("#triage form", has=page.locator("input[value=close]")).get_by_role("button", name="Đóng"))
    expect(page.locator("#triage")).to_contain_text("Đã đóng")
    journey.step(page, "closed")
    assert Signal.objects.get().status == Status.CLOSED

    consumer.goto(f"/bao-hang-gia/theo-doi/?ma={item.code}")
    expect(consumer.locator("main")).to_contain_text("Đã xác minh: tem thật.")
    journey.step(consumer, "follow-up")
    assert consumer.errors == [] and page.errors == []
