"""Error pages as a visitor meets them with DEBUG off (as in production): Vietnamese, in the site's look, with
a way back; in English once the user switched; problem details under /api/.

This module is also the URLconf of the tests that need a view that fails: the site's URLs plus `/boom/` and
`/api/boom/`, with the site's error handlers."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client
from django.urls import get_resolver, path, reverse

from ocop import urls as site_urls


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), path("api/boom/", boom), *site_urls.urlpatterns]
# As Django resolves them: the site's handlers, or its defaults where the site sets none.
handler400 = getattr(site_urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(site_urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(site_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")

HOME = 'href="/"'


def english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page(response) -> str:
    return response.content.decode()


def assert_english_way_back(html: str) -> None:
    assert '<html lang="en">' in html
    assert "One Commune One Product" in html  # the layout's brand line, translated
    assert "Back</a>" in html
    assert "Home</a>" in html


# 404


def test_not_found_page_is_vietnamese_in_the_layout_with_a_way_back(client):
    response = client.get("/khong-co-trang-nay/", HTTP_REFERER="http://testserver/san-pham-ocop/")
    html = page(response)
    assert response.status_code == 404
    assert 'lang="vi"' in html
    assert "Không tìm thấy trang" in html
    assert 'class="site-header"' in html
    assert 'href="http://testserver/san-pham-ocop/" data-back' in html
    assert HOME in html
    assert "Not Found" not in html


def test_not_found_back_link_ignores_a_foreign_referrer(client):
    html = page(client.get("/khong-co-trang-nay/", HTTP_REFERER="https://evil.example/"))
    assert "evil.example" not in html
    assert 'href="/" data-back' in html


def test_not_found_page_is_english_once_the_user_switched(client):
    english(client)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert_english_way_back(page(response))


def test_outside_scope_record_shows_the_same_not_found_page(client, bob, product_a):
    client.force_login(bob)
    response = client.get(product_a.get_absolute_url())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page(response)


# 403


def test_refusal_page_is_vietnamese_in_the_layout_with_a_way_back(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("stamps:order"))
    html = page(response)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in html
    assert 'class="site-header"' in html
    assert "data-back" in html
    assert HOME in html
    assert "Forbidden" not in html


def test_refusal_page_is_english_once_the_user_switched(client, inspector):
    client.force_login(inspector)
    english(client)
    response = client.get(reverse("stamps:order"))
    assert response.status_code == 403
    assert_english_way_back(page(response))


def test_csrf_failure_page_is_vietnamese_and_changes_nothing(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "x"})
    html = page(response)
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html
    assert 'class="site-header"' in html
    assert "data-back" in html
    assert "CSRF verification failed" not in html


# 429


def test_too_many_requests_page_is_vietnamese_with_a_way_back(client, db, settings):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 1
    client.get("/s/ABCD-EFGH-JKMN-PQRS-T")
    response = client.get("/s/ABCD-EFGH-JKMN-PQRS-T", HTTP_REFERER="http://testserver/kiem-tra-tem/")
    html = page(response)
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in html
    assert 'href="http://testserver/kiem-tra-tem/" data-back' in html
    assert HOME in html


# 400


def test_bad_request_page_is_vietnamese_and_self_contained(client):
    response = client.get("/", HTTP_HOST="evil.example")
    html = page(response)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in html
    assert 'class="site-header"' in html
    assert "/static/css/app.css" in html
    assert HOME in html
    assert "Bad Request" not in html


# 500


@pytest.mark.urls("core.tests.test_errors")
def test_server_error_page_is_vietnamese_in_the_layout_look(client):
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_REFERER="http://testserver/ho-so/")
    html = page(response)
    assert response.status_code == 500
    assert 'lang="vi"' in html
    assert "Hệ thống gặp sự cố" in html
    assert 'class="site-header"' in html
    assert "/static/css/app.css" in html
    assert 'href="http://testserver/ho-so/" data-back' in html
    assert HOME in html
    assert "Server Error" not in html


@pytest.mark.urls("core.tests.test_errors")
def test_server_error_page_is_english_once_the_user_switched(client):
    client.raise_request_exception = False
    english(client)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_english_way_back(page(response))


def test_server_error_page_renders_without_the_database(client, alice, rf, django_assert_num_queries):
    """The site's 500 handler, given a request as the middleware leaves it for a signed-in user (lazy session
    and user), renders without one query: it must work when the database is what failed."""
    client.force_login(alice)
    request = rf.get("/boom/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    SessionMiddleware(lambda request: None).process_request(request)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    with django_assert_num_queries(0):
        response = get_resolver().resolve_error_handler(500)(request)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page(response)


# The API answers problem details (RFC 9457), the same shape as DRF's errors (api.problems)

PROBLEM_KEYS = ["type", "title", "status", "detail", "instance"]


def test_api_unknown_path_is_a_problem_404(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert list(body) == PROBLEM_KEYS
    assert (body["type"], body["status"], body["instance"]) == ("urn:ocop:problem:not-found", 404, "/api/v1/khong-co/")


def test_api_refusal_is_a_problem_403(client):
    response = client.get("/api/v1/products/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert list(json.loads(response.content)) == PROBLEM_KEYS


@pytest.mark.urls("core.tests.test_errors")
def test_api_server_error_is_a_problem(client):
    client.raise_request_exception = False
    response = client.get("/api/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert list(body) == PROBLEM_KEYS
    assert (body["type"], body["title"]) == ("urn:ocop:problem:server-error", "Lỗi máy chủ")
