"""The error pages (400, 403, 404, 500 and a refused CSRF check): in Vietnamese, or English once the user
switched, in the site's look, with a way back to the previous page and to the home page. Under /api/ the
same errors are RFC 9457 problem details (`problem`), the shape in which the API answers every error it handles
itself (`api.problems`).

403 and 404 render in the site's layout, with the user's menu (`requires_csrf_token`: the layout carries the
token for HTMX and the sign-out form). 400 and 500 render a self-contained page (`errors/layout.html`): no
context processors, no user and no database, since what failed may be any of them."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


PROBLEM_CONTENT_TYPE = "application/problem+json"
# The `type` of each problem: a stable name a client can switch on (its `title` is in the reader's language).
PROBLEM_TYPES = {
    400: "bad-request",
    401: "not-authenticated",
    403: "permission-denied",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    415: "unsupported-media-type",
    429: "throttled",
    500: "server-error",
}
VALIDATION = "validation"


def problem_type(name: str) -> str:
    return f"urn:ocop:problem:{name}"


def problem_title(status: int) -> str:
    titles = {
        400: _("Yêu cầu không hợp lệ"),
        401: _("Chưa xác thực"),
        403: _("Không được phép"),
        404: _("Không tìm thấy"),
        405: _("Phương thức không được hỗ trợ"),
        406: _("Không có định dạng trả lời phù hợp"),
        415: _("Kiểu dữ liệu không được hỗ trợ"),
        429: _("Quá nhiều yêu cầu"),
        500: _("Lỗi máy chủ"),
    }
    return titles.get(status, _("Lỗi"))


def problem(status: int, *, detail: str, instance: str, errors: dict | None = None) -> dict:
    """An RFC 9457 problem details body: `type`, `title`, `status`, `detail`, `instance`, and for invalid input
    `errors`, the messages keyed by field (type `urn:ocop:problem:validation`)."""
    name = VALIDATION if errors is not None else PROBLEM_TYPES.get(status, "error")
    body = {
        "type": problem_type(name),
        "title": problem_title(status),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(request, status: int, *, detail: str, errors: dict | None = None) -> JsonResponse:
    """An API error answered outside DRF (this module's handlers, core.middleware), in the API's shape."""
    body = problem(status, detail=detail, instance=request.get_full_path(), errors=errors)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def _api_error(request, error: type[exceptions.APIException], status: int) -> JsonResponse:
    return problem_response(request, status, detail=str(error.default_detail))


def back_url(request) -> str:
    """The page the visitor came from, if it is on this site; empty otherwise (the link then leads home)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the very error a 400 may be answering
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(request, exceptions.ParseError, 400)
    return HttpResponse(get_template("400.html").render({"back_url": back_url(request)}), status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(request, exceptions.PermissionDenied, 403)
    return render(request, "403.html", {"back_url": back_url(request)}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(request, exceptions.NotFound, 404)
    return render(request, "404.html", {"back_url": back_url(request)}, status=404)


def server_error(request):
    if _is_api(request):
        return _api_error(request, exceptions.APIException, 500)
    return HttpResponse(get_template("500.html").render({"back_url": back_url(request)}), status=500)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form sent from a page kept open too long, or without cookies. Nothing was done."""
    if _is_api(request):
        return _api_error(request, exceptions.PermissionDenied, 403)
    return render(request, "403_csrf.html", {"back_url": back_url(request)}, status=403)
