"""Signing in and out through the real forms, as a commune officer."""

from urllib.parse import urlparse

from django.urls import reverse

from e2e.conftest import login


def test_officer_signs_in_and_sees_the_dashboard(page, carol):
    login(page, "carol")
    assert urlparse(page.url).path == reverse("dashboards:home")
    assert "Xin chào" in page.locator("h1").inner_text()
    assert "carol" in page.locator(".whoami").inner_text().lower()
    assert page.errors == []


def test_wrong_password_keeps_the_visitor_on_the_login_page(page, carol):
    login(page, "carol", password="sai-mat-khau-1")
    assert urlparse(page.url).path == reverse("accounts:login")
    assert "không đúng" in page.locator("main").inner_text()
    assert page.locator(".whoami").count() == 0


def test_officer_signs_out(page, carol):
    login(page, "carol")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất", exact=True).click()
    assert page.locator(".whoami").count() == 0
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()
