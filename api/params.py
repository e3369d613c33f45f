"""Reading list filters from the query string. A value the filter cannot take is a 400 that says so, rather
than an empty list that looks like "no results"."""

from django.utils.translation import gettext as _
from rest_framework import serializers


def choice(request, name: str, choices) -> str | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    allowed = [key for key, _label in choices]
    if value not in allowed:
        message = _("Giá trị “%(value)s” không hợp lệ; chọn một trong: %(allowed)s.")
        raise serializers.ValidationError({name: [message % {"value": value, "allowed": ", ".join(allowed)}]})
    return value


def integer(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise serializers.ValidationError({name: [_("“%(value)s” không phải là số.") % {"value": value}]}) from None


def text(request, name: str) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    return value or None
