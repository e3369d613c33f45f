"""The error pages (400, 403, 404, 500 and a refused CSRF check): in Vietnamese, or English once the user
switched, in the site's look, with a way back to the previous page and to the home page. Under /api/ the
same errors are JSON, as DRF answers the errors it handles itself.

403 and 404 render in the site's layout, with the user's menu (`requires_csrf_token`: the layout carries the
token for HTMX and the sign-out form). 400 and 500 render a self-contained page (`errors/layout.html`): no
context processors, no user and no database, since what failed may be any of them."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(error: type[exceptions.APIException], status: int) -> JsonResponse:
    return JsonResponse({"detail": str(error.default_detail)}, status=status)


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
        return _api_error(exceptions.ParseError, 400)
    return HttpResponse(get_template("400.html").render({"back_url": back_url(request)}), status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(exceptions.PermissionDenied, 403)
    return render(request, "403.html", {"back_url": back_url(request)}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(exceptions.NotFound, 404)
    return render(request, "404.html", {"back_url": back_url(request)}, status=404)


def server_error(request):
    if _is_api(request):
        return _api_error(exceptions.APIException, 500)
    return HttpResponse(get_template("500.html").render({"back_url": back_url(request)}), status=500)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form sent from a page kept open too long, or without cookies. Nothing was done."""
    if _is_api(request):
        return _api_error(exceptions.PermissionDenied, 403)
    return render(request, "403_csrf.html", {"back_url": back_url(request)}, status=403)
