"""The platform on a phone (390×844): the self-score's summary stays in view while the producer scrolls the
sheet, the officers' menu takes one line until opened, and the catalogue's first product shows on the first
screen with the filters folded. On a desktop the menu and the filters show without a click."""

import pytest
from playwright.sync_api import expect

from conftest import _system_officer
from criteria.models import CriteriaSet
from dossiers import domain
from dossiers.models import ApplicationKind
from e2e.conftest import PHONE, login, screenshot
from products.domain import create_product
from public.tests.factories import make_certificate


def in_viewport(locator, viewport=PHONE) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def test_self_score_summary_stays_in_view_while_scrolling_the_sheet(phone, alice, product_a):
    draft = domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)
    page = phone()
    login(page, "alice")
    page.goto(f"/ho-so/{draft.code}/tu-danh-gia/")
    bar = page.locator("#score-summary")
    expect(bar).to_contain_text("/100")

    last = page.locator("#sheet-lines .leaf").last
    last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 5 * PHONE["height"], "the sheet is many screens long"
    assert in_viewport(bar)
    assert in_viewport(last.locator("legend"))
    print(f"screenshot: {screenshot(page, 'phone-self-score', full_page=False)}")

    # A choice in the last criterion: the preview answers, and the bar in view changes with it.
    before = bar.inner_text()
    last.locator("input[type=radio]").last.check()
    expect(bar).not_to_have_text(before)
    assert in_viewport(bar)
    print(f"screenshot: {screenshot(page, 'phone-self-score-chosen', full_page=False)}")
    assert page.errors == []


def test_officers_menu_takes_one_line_until_opened(phone, erin):
    page = phone()
    login(page, "erin")
    page.goto("/")
    header = page.locator(".site-header")
    menu_button = page.locator(".nav-menu > summary")
    certificates = page.get_by_role("link", name="Giấy chứng nhận", exact=True)

    expect(menu_button).to_be_visible()
    expect(certificates).to_be_hidden()
    assert header.bounding_box()["height"] <= 2 * menu_button.bounding_box()["height"]
    button_top = menu_button.bounding_box()["y"]
    brand_top = page.locator(".site-header .brand").bounding_box()["y"]
    assert abs(button_top - brand_top) < menu_button.bounding_box()["height"], "brand and button on one line"
    print(f"screenshot: {screenshot(page, 'phone-menu-closed')}")

    menu_button.click()
    expect(certificates).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    print(f"screenshot: {screenshot(page, 'phone-menu-open')}")
    certificates.click()
    expect(page).to_have_url("/chung-nhan/")
    assert page.errors == []


def test_desktop_shows_the_menu_without_a_button(page, erin):
    login(page, "erin")
    page.goto("/")
    expect(page.get_by_role("link", name="Giấy chứng nhận", exact=True)).to_be_visible()
    expect(page.locator(".nav-menu > summary")).to_be_hidden()
    print(f"screenshot: {screenshot(page, 'desktop-menu', full_page=False)}")
    assert page.errors == []


@pytest.fixture
def catalogue(producer_a):
    """Three recognised products of producer A."""
    criteria_set = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7)
    products = []
    for name in ("Mứt gừng Phú Nghĩa", "Ô mai mơ Phú Nghĩa", "Trà gừng Phú Nghĩa"):
        product = create_product(
            by=_system_officer(producer_a),
            producer=producer_a,
            criteria_set=criteria_set,
            name=name,
            specification="Hộp",
        )
        make_certificate(product, stars=4)
        products.append(product)
    return products


def test_catalogue_shows_the_first_product_on_the_first_phone_screen(phone, catalogue):
    page = phone()
    page.goto("/san-pham-ocop/")
    first = page.locator(".cards li h2 a").first
    expect(first).to_have_text("Mứt gừng Phú Nghĩa")
    assert in_viewport(first)
    search = page.get_by_label("Tìm sản phẩm")
    expect(search).to_be_hidden()
    print(f"screenshot: {screenshot(page, 'phone-catalogue')}")

    page.locator(".filters-panel > summary").click()
    search.fill("tra gung")
    with page.expect_navigation():
        page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator(".cards li h2 a")).to_have_text(["Trà gừng Phú Nghĩa"])
    assert page.errors == []


def test_desktop_catalogue_shows_the_filters_without_a_click(page, catalogue):
    page.goto("/san-pham-ocop/")
    expect(page.get_by_label("Tìm sản phẩm")).to_be_visible()
    expect(page.locator(".filters-panel > summary")).to_be_hidden()
    print(f"screenshot: {screenshot(page, 'desktop-catalogue', full_page=False)}")
    assert page.errors == []
