"""The foundation's main journey in a real browser: a producer signs up (picking its commune with the
HTMX picker), its commune officer verifies it, and the producer registers a product with its official code."""

from e2e.conftest import login
from producers.models import Producer
from products.models import Product


def test_producer_signs_up_is_verified_and_registers_a_product(page, browser, base_url, carol, commune_x):
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
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng ký").click()
    assert "chờ UBND xã xác minh" in page.locator(".messages").inner_text()
    producer = Producer.objects.get(tax_code="0101243150")
    assert producer.status == Producer.Status.PENDING

    officer = browser.new_context(base_url=base_url, locale="vi-VN").new_page()
    login(officer, "carol")
    officer.goto(producer.get_absolute_url())
    officer.get_by_label("Xác minh: thông tin đúng").check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Ghi kết quả").click()
    assert "Đã xác minh" in officer.locator("h1").inner_text()

    page.goto("/san-pham/moi/")
    page.get_by_label("Tên sản phẩm").fill("Mứt gừng non")
    page.locator("#id_criteria_set").select_option(index=7)
    page.get_by_label("Mã GTIN (mã vạch)").fill("8934563138165")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    product = Product.objects.get(name="Mứt gừng non")
    assert product.official_code in page.locator(".messages").inner_text()
    assert product.official_code.startswith(f"01-{commune_x.code}-")
    assert page.errors == []
