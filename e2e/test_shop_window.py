"""The home page as the programme's shop window, on a desktop and on a phone (390×844): a search lands in the
catalogue with its results, a star count opens the catalogue filtered by that star, the stamp check reaches the
verification page, and the phone's shared location puts the nearest sales point first."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import _system_officer
from criteria.models import CriteriaSet
from e2e.conftest import screenshot
from market.domain.sales_points import save_sales_point, set_products
from market.models import SalesPoint
from products.domain import create_product
from public.tests.factories import first_stamp, make_batch, make_certificate

HOAN_KIEM = {"latitude": 21.03, "longitude": 105.85}


@pytest.fixture
def shelf(producer_a, product_a, product_b, alice, erin, commune_x):
    """Two certified products (4★ and 3★), one expired, a stamp of the 4★ one, and two sales points."""
    make_certificate(product_b, stars=3)
    certificate = make_certificate(product_a, stars=4)
    expired = create_product(
        by=_system_officer(producer_a),
        producer=producer_a,
        criteria_set=CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7),
        name="Miến dong hết hạn",
        specification="Gói 500 g",
    )
    make_certificate(expired, stars=4, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    for name, lat, lon in (("Điểm bán Sóc Sơn", "21.25", "105.85"), ("Điểm bán Hoàn Kiếm", "21.03", "105.85")):
        point = save_sales_point(
            sales_point=SalesPoint(
                name=name,
                operator="HTX Dịch vụ",
                address="Số 1",
                area=commune_x,
                opening_hours="8:00–20:00",
                decision_number="5/QĐ-UBND",
                decision_date=datetime.date(2025, 5, 1) if "Hoàn" in name else datetime.date(2025, 9, 1),
                latitude=Decimal(lat),
                longitude=Decimal(lon),
            ),
            by=erin,
        )
        set_products(sales_point=point, products=[product_a], by=erin)
    return first_stamp(make_batch(product_a, certificate, alice))


@pytest.fixture(params=["desktop", "phone"])
def visitor(request, page, phone):
    """A visitor's page on a desktop, or on a phone that shares its location when asked."""
    if request.param == "desktop":
        return page
    return phone(geolocation=HOAN_KIEM, permissions=["geolocation"])


def test_search_from_the_home_page_lands_in_the_catalogue_with_results(visitor, shelf, product_a):
    visitor.goto("/")
    expect(visitor.locator("h1")).to_have_text("Nền tảng quản lý sản phẩm OCOP")
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    print(f"screenshot: {screenshot(visitor, 'shop-window-' + str(visitor.viewport_size['width']))}")
    visitor.get_by_label("Tìm sản phẩm").fill("mut gung")
    with visitor.expect_navigation():
        visitor.locator("#shop-search").get_by_role("button", name="Tìm").click()
    assert urlparse(visitor.url).path == "/san-pham-ocop/"
    assert parse_qs(urlparse(visitor.url).query)["q"] == ["mut gung"]
    expect(visitor.locator(".cards h2 a")).to_have_text([product_a.name])
    assert visitor.errors == []


def test_a_star_count_opens_the_catalogue_filtered_by_that_star(visitor, shelf, product_a, product_b):
    visitor.goto("/")
    four = visitor.locator("#star-counts a[data-stars='4']")
    expect(four.locator(".star-count")).to_have_text("1")
    with visitor.expect_navigation():
        four.click()
    assert parse_qs(urlparse(visitor.url).query)["sao"] == ["4"]
    expect(visitor.locator(".cards h2 a")).to_have_text([product_a.name])
    expect(visitor.get_by_role("status")).to_have_text("1 sản phẩm")
    assert visitor.errors == []


def test_the_stamp_check_on_the_home_page_reaches_the_verification_page(visitor, shelf, product_a):
    visitor.goto("/")
    form = visitor.locator("#stamp-check")
    form.get_by_label("Mã trên tem").fill(shelf.serial)
    with visitor.expect_navigation():
        form.get_by_role("button", name="Kiểm tra").click()
    expect(visitor.locator("#verdict h1")).to_have_text("Sản phẩm OCOP chính hãng")
    expect(visitor.get_by_role("heading", name=product_a.name)).to_be_visible()
    assert visitor.errors == []


def test_a_phone_sharing_its_location_sees_the_nearest_sales_point_first(phone, shelf):
    page = phone(geolocation=HOAN_KIEM, permissions=["geolocation"])
    page.goto("/")
    names = page.locator("#sales-points h3")
    expect(names).to_have_text(["Điểm bán Sóc Sơn", "Điểm bán Hoàn Kiếm"])  # newest first
    with page.expect_navigation():
        page.get_by_role("button", name="Tìm điểm bán gần tôi").click()
    assert parse_qs(urlparse(page.url).query) == {"lat": ["21.03"], "lon": ["105.85"]}
    expect(page.locator("#buy-title")).to_have_text("Điểm bán gần bạn")
    expect(names).to_have_text(["Điểm bán Hoàn Kiếm", "Điểm bán Sóc Sơn"])
    expect(page.locator("#sales-points li").first).to_contain_text("cách bạn khoảng 0,0 km")
    print(f"screenshot: {screenshot(page, 'shop-window-near')}")
    with page.expect_navigation():
        page.get_by_role("link", name="Điểm bán Hoàn Kiếm").click()
    expect(page.locator("h1")).to_have_text("Điểm bán Hoàn Kiếm")
    expect(page.locator(".cards h2 a")).to_have_text(["Mứt gừng Phú Nghĩa"])
    assert page.errors == []
