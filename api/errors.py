"""Turning the domain's Django `ValidationError`s into DRF 400 responses with the same (Vietnamese) messages."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings


def as_drf_error(error: DjangoValidationError, *, renames: dict[str, str] | None = None) -> serializers.ValidationError:
    """The same messages, keyed by the API's field names (`renames` maps a domain field to its API name)."""
    renames = renames or {}
    if hasattr(error, "error_dict"):
        detail = {}
        for field, messages in error.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else renames.get(field, field)
            detail.setdefault(key, []).extend(messages)
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return serializers.ValidationError(detail)


@contextmanager
def domain_errors(**renames: str) -> Iterator[None]:
    """Run a domain call; its ValidationError becomes a 400. PermissionDenied is left to DRF, which answers 403."""
    try:
        yield
    except DjangoValidationError as error:
        raise as_drf_error(error, renames=renames) from None
