"""Reading list filters from the query string. A value the filter cannot take is a 400 that says so, rather
than an empty list that looks like "no results"."""

import datetime

from django.utils.dateparse import parse_date
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


# What a database integer holds: a number outside it is refused here, not by the database.
INTEGER_RANGE = (-(2**63), 2**63 - 1)


def integer(request, name: str, *, bounds: tuple[int, int] = INTEGER_RANGE) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        raise serializers.ValidationError({name: [_("“%(value)s” không phải là số.") % {"value": value}]}) from None
    if not bounds[0] <= number <= bounds[1]:
        message = _("Giá trị phải từ %(low)s đến %(high)s.") % {"low": bounds[0], "high": bounds[1]}
        raise serializers.ValidationError({name: [message]})
    return number


def text(request, name: str) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    return value or None


def date(request, name: str) -> datetime.date | None:
    value = (request.query_params.get(name) or "").strip()
    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        message = _("“%(value)s” không phải là ngày hợp lệ: hãy viết theo dạng YYYY-MM-DD.") % {"value": value}
        raise serializers.ValidationError({name: [message]})
    return day


BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def boolean(request, name: str) -> bool | None:
    value = (request.query_params.get(name) or "").strip().lower()
    if not value:
        return None
    if value not in BOOLEANS:
        message = _("Giá trị “%(value)s” không hợp lệ; chọn true hoặc false.") % {"value": value}
        raise serializers.ValidationError({name: [message]})
    return BOOLEANS[value]
