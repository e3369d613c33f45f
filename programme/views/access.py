"""What every page of the programme checks first."""

from django.http import Http404

from .. import rules

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _officer_only(request) -> None:
    if not rules.can_open_programme(request.user):
        raise Http404
