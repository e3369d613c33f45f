from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import problem_response
from core.text import has_control_characters


class LanguageMiddleware:
    """Vietnamese unless the user chose English with the switch (the language cookie). The browser's
    Accept-Language is deliberately ignored: officials share machines set up in English, and the platform's
    records and forms are Vietnamese first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


JSON_PREFIXES = ("/api/",)


class RejectControlCharactersMiddleware:
    """Refuse control characters in the path (404) and in query keys and values (400 saying which parameter),
    before any view reads them; query values may hold a tab or a line break (see core.text). The API answers in
    problem details, like its other errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path_info):
            if request.path_info.startswith(JSON_PREFIXES):
                return problem_response(request, 404, detail=_("Không tìm thấy."))
            raise Http404(_("Không tìm thấy."))
        for key, values in request.GET.lists():
            if has_control_characters(key):
                return self._bad_request(request, None, _("Địa chỉ có tham số chứa ký tự điều khiển không hợp lệ."))
            if any(has_control_characters(value, allow_whitespace=True) for value in values):
                message = _("Tham số “%(name)s” chứa ký tự điều khiển không hợp lệ.") % {"name": key}
                return self._bad_request(request, key, message)
        return self.get_response(request)

    def _bad_request(self, request, key: str | None, message: str) -> HttpResponse:
        if request.path_info.startswith(JSON_PREFIXES):
            return problem_response(request, 400, detail=message, errors={key: [message]} if key else None)
        return render(request, "core/bad_request.html", {"message": message}, status=400)
