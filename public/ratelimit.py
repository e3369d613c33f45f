"""The public pages' limits: the client and the counting are the stamps' (`stamps.clients`, shared with the API's
stamp check); here, the limits of the fake-report forms and the 429 page."""

from django.conf import settings
from django.shortcuts import render

from core.errors import back_url
from stamps.clients import LOOKUP_WINDOW, allow, allow_lookup, allow_lookup_reading, client_hash

__all__ = [
    "LOOKUP_WINDOW",
    "allow",
    "allow_lookup",
    "allow_lookup_reading",
    "client_hash",
    "follow_limit",
    "report_limit",
    "too_many",
]


def report_limit() -> int:
    return settings.FAKE_REPORT_RATE_PER_HOUR


def follow_limit() -> int:
    return settings.FAKE_REPORT_FOLLOW_RATE_PER_HOUR


def too_many(request, *, window: int):
    """The 429 page, in Vietnamese, with Retry-After and a way back."""
    context = {"minutes": max(1, window // 60), "back_url": back_url(request)}
    response = render(request, "public/too_many.html", context, status=429)
    response["Retry-After"] = str(window)
    response["Cache-Control"] = "no-store"
    return response
