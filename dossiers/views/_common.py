from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from ..models import Application

APPLICATION_RELATED = (
    "product__producer__area__parent__parent",
    "criteria_set__group__sector",
    "legal_version",
    "commune__parent",
    "province",
    "previous_certificate",
)


def visible_application(request, code: str) -> Application:
    """The dossier `code` if the user may see it; otherwise 404, whoever they are."""
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related(*APPLICATION_RELATED), code=code
    )


def report_errors(request, error: ValidationError) -> None:
    """A domain refusal as one message per problem (for actions that redirect instead of re-rendering)."""
    for message in error.messages:
        messages.error(request, message)
