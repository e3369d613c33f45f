"""A sales point's operator in a real browser: the city's OCOP officer gives it an account from the sales point's
page, the operator sets its password from the e-mailed link, signs in, and finds its shelf at home: it adds a
certified product, sees the warning on one due for renewal, and cannot pick an expired one. At a desktop and a
phone size."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from e2e.conftest import login
from products.domain import create_product
from public.tests.factories import make_certificate

PASSWORD = "Diem-ban-OCOP-2026"


@pytest.mark.journey("sales-point")
def test_an_officer_gives_access_and_the_operator_keeps_its_shelf(
    journey, erin, root, sales_point_x, producer_a, product_a, product_b, criteria_set, mailoutbox
):
    today = timezone.localdate()
    make_certificate(product_a)
    make_certificate(product_b, expires_on=today - datetime.timedelta(days=1))
    due = create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Trà gừng Phú Nghĩa")
    make_certificate(due, expires_on=today + datetime.timedelta(days=100))

    officer = journey.open()
    login(officer, "erin")
    officer.goto(f"/thi-truong/diem-ban/{sales_point_x.code}/")
    officer.get_by_label("Thư điện tử của người vận hành").fill("quanly@diem-phu-nghia.vn")
    with officer.expect_navigation():
        journey.tap(officer.get_by_role("button", name="Cấp tài khoản"))
    assert "gửi đường dẫn đặt mật khẩu" in officer.locator(".messages").inner_text()
    journey.step(officer, "access-given")

    (mail,) = mailoutbox
    link = urlsplit(re.search(r"https?://\S+/tai-khoan/dat-mat-khau/\S+", mail.body).group(0)).path
    page = journey.open()
    page.goto(link)
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    journey.step(page, "set-password")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Lưu mật khẩu"))
    login(page, "quanly@diem-phu-nghia.vn", PASSWORD)

    journey.menu(page, "Điểm bán của tôi")
    assert page.locator("h1").inner_text() == sales_point_x.name
    options = page.locator("#id_product option").all_inner_texts()
    assert not any(product_b.name in option for option in options)
    page.locator("#id_product").select_option(str(product_a.pk))
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Thêm vào danh sách bày bán"))
    # The operator looks the next product up by a few letters of its name.
    page.get_by_label("Tìm sản phẩm OCOP để thêm").fill("Trà gừng")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Tìm", exact=True))
    offered = [o for o in page.locator("#id_product option").all_inner_texts() if o.strip("- ")]
    assert len(offered) == 1 and due.name in offered[0]
    page.locator("#id_product").select_option(str(due.pk))
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Thêm vào danh sách bày bán"))
    assert "Sắp hết hạn" in page.locator(f"#shelf-{due.code}").inner_text()
    assert "Sắp hết hạn" not in page.locator(f"#shelf-{product_a.code}").inner_text()
    journey.step(page, "shelf")
    assert page.errors == [] and officer.errors == []
