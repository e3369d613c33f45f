"""Every error of the API as RFC 9457 problem details (`application/problem+json`), in the reader's language:
DRF's EXCEPTION_HANDLER. The body is `core.errors.problem`'s, the same the site's error handlers give under /api/
for what fails outside DRF (an unknown address, a server error)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import PROBLEM_CONTENT_TYPE, problem


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API error: Django answers 500 (core.errors.server_error), in the same shape
        return None
    request = context["request"]
    data = response.data
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data}
        detail = _("Dữ liệu gửi lên không hợp lệ: xem thông báo của từng trường trong “errors”.")
    elif isinstance(data, dict) and "detail" in data:
        detail = str(data["detail"])
    else:
        detail = str(exc)
    response.data = problem(response.status_code, detail=detail, instance=request.get_full_path(), errors=errors)
    request.accepted_renderer = ProblemRenderer()
    request.accepted_media_type = ProblemRenderer.media_type
    return response
