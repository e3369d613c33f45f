"""An error page in the browser: Vietnamese, in the site's look, no content-security-policy violation, and its
"Quay lại" takes the visitor back to where they were."""

from playwright.sync_api import expect

from e2e.conftest import screenshot


def test_not_found_page_leads_back_to_the_previous_page(page):
    page.goto("/san-pham-ocop/")
    response = page.goto("/san-pham-ocop/KHONG-CO/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    assert page.locator(".site-header").evaluate("el => getComputedStyle(el).display") == "block"
    print(f"screenshot: {screenshot(page, 'not-found')}")

    page.get_by_role("link", name="Quay lại").click()
    expect(page).to_have_url("/san-pham-ocop/")
    # Chromium logs the 404 answer itself as a console error; anything else would be the page's fault.
    assert [error for error in page.errors if "status of 404" not in error] == []
