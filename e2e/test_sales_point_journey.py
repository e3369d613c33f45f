"""A sales point's operator in a real browser: the city's OCOP officer gives it an account from the sales point's
page, the operator sets its password from the e-mailed link, signs in, and finds its shelf at home: it adds a
certified product, sees the warning on one due for renewal, and cannot pick an expired one."""

import datetime
import re
from urllib.parse import urlsplit

from django.utils import timezone

from e2e.conftest import login
from products.domain import create_product
from public.tests.factories import make_certificate

PASSWORD = "Diem-ban-OCOP-2026"


def test_an_officer_gives_access_and_the_operator_keeps_its_shelf(
    page, browser, base_url, erin, root, sales_point_x, producer_a, product_a, product_b, criteria_set, mailoutbox
):
    today = timezone.localdate()
    make_certificate(product_a)
    make_certificate(product_b, expires_on=today - datetime.timedelta(days=1))
    due = create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Trà gừng Phú Nghĩa")
    make_certificate(due, expires_on=today + datetime.timedelta(days=100))

    officer = browser.new_context(base_url=base_url, locale="vi-VN").new_page()
    login(officer, "erin")
    officer.goto(f"/thi-truong/diem-ban/{sales_point_x.code}/")
    officer.get_by_label("Thư điện tử của người vận hành").fill("quanly@diem-phu-nghia.vn")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Cấp tài khoản").click()
    assert "gửi đường dẫn đặt mật khẩu" in officer.locator(".messages").inner_text()

    (mail,) = mailoutbox
    link = urlsplit(re.search(r"https?://\S+/tai-khoan/dat-mat-khau/\S+", mail.body).group(0)).path
    page.goto(link)
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu mật khẩu").click()
    login(page, "quanly@diem-phu-nghia.vn", PASSWORD)

    page.goto("/")
    assert page.locator("h1").inner_text() == sales_point_x.name
    options = page.locator("#id_product option").all_inner_texts()
    assert not any(product_b.name in option for option in options)
    for product in (product_a, due):
        page.locator("#id_product").select_option(str(product.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Thêm vào danh sách bày bán").click()
    assert "Sắp hết hạn" in page.locator(f"#shelf-{due.code}").inner_text()
    assert "Sắp hết hạn" not in page.locator(f"#shelf-{product_a.code}").inner_text()
    assert page.errors == []
