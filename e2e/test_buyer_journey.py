"""The buyers' journey in a real browser: a supermarket chain signs up, the city's OCOP officer verifies it, it
posts a demand, reads why each certified product matches (or misses) its requirements, and messages a producer,
who answers in the conversation kept with the demand. At a desktop and a phone size."""

import datetime

import pytest
from django.utils import timezone

from e2e.conftest import login
from market.models import Buyer, Demand, Message
from public.tests.factories import make_certificate


@pytest.mark.journey("buyer")
def test_buyer_registers_is_verified_posts_a_demand_reads_the_matches_and_talks_with_a_producer(
    journey, erin, alice, commune_x, criteria_set, product_a
):
    make_certificate(product_a, stars=4)
    today = timezone.localdate()
    page = journey.open()

    page.goto("/thi-truong/ben-mua/dang-ky/")
    page.locator("#id_username").fill("hanoixanh")
    page.locator("#id_email").fill("muahang@hanoixanh.vn")
    page.locator("#id_password1").fill("Qua-Tet-2027x")
    page.locator("#id_password2").fill("Qua-Tet-2027x")
    page.locator("#id_name").fill("Hệ thống siêu thị Hà Nội Xanh")
    page.locator("#id_kind").select_option("supermarket")
    page.locator("#id_tax_code").fill("0103456789")
    page.locator("#id_street_address").fill("Số 10 Tràng Tiền")
    page.locator("select[name=area_province]").select_option(str(commune_x.parent_id))
    page.locator(f"select[name=area] option[value='{commune_x.pk}']").wait_for(state="attached")
    page.locator("select[name=area]").select_option(str(commune_x.pk))
    page.locator("#id_contact_name").fill("Lê Thu Hà")
    page.locator("#id_phone").fill("0912 000 111")
    journey.step(page, "sign-up-form")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Đăng ký"))
    assert "chờ cán bộ OCOP cấp tỉnh xác minh" in page.locator(".messages").inner_text()
    buyer = Buyer.objects.get(tax_code="0103456789")
    assert buyer.status == Buyer.Status.PENDING

    officer = journey.open()
    login(officer, "erin")
    journey.menu(officer, "Bên mua", shot="officer-menu")
    officer.goto("/thi-truong/ben-mua/?status=pending")
    journey.step(officer, "pending-buyers")
    with officer.expect_navigation():
        journey.tap(officer.get_by_role("link", name="Hệ thống siêu thị Hà Nội Xanh"))
    officer.get_by_label("Xác minh", exact=True).check()
    with officer.expect_navigation():
        journey.tap(officer.get_by_role("button", name="Ghi kết quả xác minh"))
    journey.step(officer, "buyer-verified")
    assert officer.locator("#buyer-status").inner_text() == "Đã xác minh"

    journey.menu(page, "Nhu cầu mua của tôi")
    page.goto("/thi-truong/nhu-cau/them/")
    page.locator("#id_title").fill("Mứt gừng cho quầy quà Tết")
    page.locator("#id_criteria_set").select_option(str(criteria_set.pk))
    page.locator("#id_quantity").fill("800")
    page.locator("#id_unit").fill("hộp")
    page.locator("#id_period_from").fill(f"{today + datetime.timedelta(days=20):%d/%m/%Y}")
    page.locator("#id_period_to").fill(f"{today + datetime.timedelta(days=50):%d/%m/%Y}")
    page.locator("#id_min_stars").select_option("4")
    page.get_by_label("VietGAP").check()
    page.locator("select[name=delivery_area_province]").select_option(str(commune_x.parent_id))
    page.locator("#id_deadline").fill(f"{today + datetime.timedelta(days=10):%d/%m/%Y}")
    journey.step(page, "demand-form")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Lưu nhu cầu"))
    demand = Demand.objects.get()
    matches = page.locator("#matches")
    assert "Mứt gừng Phú Nghĩa" in matches.inner_text()
    assert "✓ Đạt — Hạng sao tối thiểu 4★" in matches.inner_text()
    assert "✗ Không đạt — Chứng nhận VietGAP: Không có chứng nhận còn hiệu lực" in matches.inner_text()

    journey.step(page, "matches")
    matches.get_by_label(f"Nhắn {product_a.producer.name}").fill("Xin báo giá 800 hộp, giao trước Tết.")
    with page.expect_navigation():
        journey.tap(matches.get_by_role("button", name="Gửi tin nhắn"))
    assert "Xin báo giá 800 hộp" in page.locator("#thread").inner_text()

    producer = journey.open()
    login(producer, "alice")
    producer.goto(demand.get_absolute_url())
    with producer.expect_navigation():
        journey.tap(producer.get_by_role("link", name="Xem trao đổi với bên mua"))
    producer.get_by_label("Tin nhắn").fill("Chúng tôi giao được 800 hộp, giá 85.000 đ/hộp.")
    journey.tap(producer.get_by_role("button", name="Gửi tin nhắn"))
    producer.locator("#thread").get_by_text("giá 85.000 đ/hộp").wait_for()
    journey.step(producer, "producer-answers")

    page.reload()
    assert "giá 85.000 đ/hộp" in page.locator("#thread").inner_text()
    journey.step(page, "conversation")
    assert list(Message.objects.values_list("from_buyer", flat=True)) == [True, False]
    assert page.errors == [] and officer.errors == [] and producer.errors == []
