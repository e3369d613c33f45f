"""The foundation's main journey in a real browser, at a desktop and a phone size: a producer signs up (picking
its commune with the HTMX picker), its commune officer verifies it, and the producer registers a product with its
official code."""

import pytest

from e2e.conftest import login
from producers.models import Producer
from products.models import Product


@pytest.mark.journey("producer-signs-up")
def test_producer_signs_up_is_verified_and_registers_a_product(journey, carol, commune_x):
    page = journey.open()
    page.goto("/tai-khoan/dang-ky/")
    page.get_by_label("Tên đăng nhập").fill("htx.thanhnien")
    page.get_by_label("Thư điện tử").fill("htx@example.vn")
    page.locator("#id_password1").fill("Mat-khau-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Mat-khau-2026")
    page.get_by_label("Tên chủ thể").fill("HTX Thanh niên Phú Nghĩa")
    page.locator("#id_kind").select_option("cooperative")
    page.get_by_label("Mã số thuế / số định danh").fill("0101243150")
    page.get_by_label("Người đại diện theo pháp luật").fill("Đỗ Văn Nam")
    page.get_by_label("Giới tính").select_option("male")
    page.get_by_label("Địa chỉ (số nhà, thôn, xóm)").fill("Thôn Đồng Trữ")
    page.locator("select[name=area_province]").select_option(str(commune_x.parent_id))
    # The communes of the chosen province arrive through HTMX.
    page.locator(f"select[name=area] option[value='{commune_x.pk}']").wait_for(state="attached")
    page.locator("select[name=area]").select_option(str(commune_x.pk))
    page.get_by_label("Điện thoại").fill("0912 345 678")
    journey.step(page, "sign-up-form")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Đăng ký"))
    assert "chờ UBND xã xác minh" in page.locator(".messages").inner_text()
    journey.step(page, "signed-up")
    producer = Producer.objects.get(tax_code="0101243150")
    assert producer.status == Producer.Status.PENDING

    officer = journey.open()
    login(officer, "carol")
    officer.goto(producer.get_absolute_url())
    officer.get_by_label("Xác minh: thông tin đúng").check()
    journey.step(officer, "commune-verifies")
    with officer.expect_navigation():
        journey.tap(officer.get_by_role("button", name="Ghi kết quả"))
    assert "Đã xác minh" in officer.locator("h1").inner_text()

    page.goto("/san-pham/moi/")
    page.get_by_label("Tên sản phẩm").fill("Mứt gừng non")
    page.locator("#id_criteria_set").select_option(index=7)
    page.get_by_label("Mã GTIN (mã vạch)").fill("8934563138165")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Lưu"))
    product = Product.objects.get(name="Mứt gừng non")
    assert product.official_code in page.locator(".messages").inner_text()
    assert product.official_code.startswith(f"01-{commune_x.code}-")
    journey.step(page, "product-registered")
    assert page.errors == [] and officer.errors == []
