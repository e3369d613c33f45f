"""The home page as an anonymous visitor sees it: Vietnamese first, English on request, usable by keyboard."""

from e2e.conftest import screenshot

VI_HEADING = "Nền tảng quản lý sản phẩm OCOP"


def test_home_page_renders_in_vietnamese(page):
    page.goto("/")
    print(f"screenshot: {screenshot(page, 'home')}")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == VI_HEADING
    assert page.get_by_role("button", name="VI", exact=True).get_attribute("aria-current") == "true"
    # The stylesheet and scripts load from our own origin, with no content-security-policy violation.
    assert page.locator(".site-header").evaluate("el => getComputedStyle(el).display") == "block"
    assert page.errors == []


def test_language_switch_goes_to_english_and_back(page):
    page.goto("/")
    page.get_by_role("button", name="EN", exact=True).click()
    page.wait_for_selector("html[lang='en']")
    assert page.get_by_role("button", name="EN", exact=True).get_attribute("aria-current") == "true"
    assert page.locator("h1").inner_text() != VI_HEADING, "the English catalogue should translate the heading"

    # The choice is remembered on the next page.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="VI", exact=True).click()
    page.wait_for_selector("html[lang='vi']")
    assert page.locator("h1").inner_text() == VI_HEADING
    assert page.errors == []


def test_skip_link_is_the_first_focusable_element(page):
    page.goto("/")
    assert page.locator(".skip-link").bounding_box()["x"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    assert page.locator(".skip-link").inner_text() == "Bỏ qua, đến nội dung chính"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
