"""A consumer checks a stamp, on a phone and on a desktop: the genuine product with its OCOP star; once the
certificate's expiry date has passed, the same URL says the certificate expired and shows no star. Then the shared
location: the same stamp checked in Hà Nội and, a moment later, in Ho Chi Minh City turns suspicious on the page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from public.tests.factories import first_stamp, make_batch, make_certificate
from stamps.models import ScanEvent


@pytest.fixture
def certified_stamp(product_a, alice):
    certificate = make_certificate(product_a, stars=4)
    return first_stamp(make_batch(product_a, certificate, alice)), certificate


@pytest.mark.journey("shopper-checks-a-stamp")
def test_consumer_sees_genuine_then_expired_without_star(journey, certified_stamp, product_a):
    stamp, certificate = certified_stamp
    page = journey.open()
    page.goto(f"/s/{stamp.serial}")
    expect(page.locator("#verdict h1")).to_have_text("Sản phẩm OCOP chính hãng")
    expect(page.locator(".ocop-star")).to_contain_text("OCOP 4 sao")
    expect(page.get_by_role("heading", name=product_a.name)).to_be_visible()
    expect(page.get_by_role("link", name="Báo cáo nghi vấn hàng giả")).to_be_visible()
    journey.step(page, "genuine")  # mobile first: nothing wider than the phone's screen

    certificate.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save(update_fields=["expires_on"])
    page.reload()
    expect(page.locator("#verdict h1")).to_have_text("Giấy chứng nhận đã hết hiệu lực")
    expect(page.locator(".ocop-star")).to_have_count(0)
    assert "★" not in page.locator("body").inner_text()
    expect(page.locator(".scan-count")).to_contain_text("đã được kiểm tra 2 lần")
    journey.step(page, "expired")
    assert page.errors == []


@pytest.mark.journey("shopper-stamp-copied")
def test_stamp_checked_in_two_far_apart_places_turns_suspicious(journey, certified_stamp):
    stamp, _certificate = certified_stamp
    hanoi = journey.open(geolocation={"latitude": 21.0285, "longitude": 105.8542}, permissions=["geolocation"])
    hanoi.goto(f"/s/{stamp.serial}")
    expect(hanoi.locator("#verdict h1")).to_have_text("Sản phẩm OCOP chính hãng")
    # The browser already allows location: locate.js sends the coarse place by itself.
    expect(hanoi.locator("[data-locate-url] [role=status]")).to_have_text("Cảm ơn bạn đã chia sẻ vị trí.")
    assert ScanEvent.objects.filter(latitude__isnull=False).count() == 1

    saigon = journey.open(
        geolocation={"latitude": 10.7769, "longitude": 106.7009}
    )  # asks: the consumer taps the button
    saigon.goto(f"/s/{stamp.serial}")
    expect(saigon.locator("#verdict h1")).to_have_text("Sản phẩm OCOP chính hãng")
    saigon.context.grant_permissions(["geolocation"])
    journey.tap(saigon.get_by_role("button", name="Chia sẻ vị trí"))
    expect(saigon.locator("#verdict h1")).to_have_text("Nghi vấn tem bị sao chép")
    expect(saigon.locator(".ocop-star")).to_have_count(0)
    expect(saigon.locator("[data-star]")).to_have_count(0)
    expect(saigon.get_by_role("button", name="Chia sẻ vị trí")).to_be_hidden()
    journey.step(saigon, "suspicious")
    assert list(ScanEvent.objects.order_by("id").values_list("verdict", flat=True)) == ["genuine", "suspicious"]
    assert hanoi.errors == [] and saigon.errors == []
