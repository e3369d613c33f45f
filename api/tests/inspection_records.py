"""Inspection records for the API's tests, and the audit trail that an API write and the same write through the
pages must leave alike."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.models import AuditEntry
from certificates.models import Certificate
from inspections import domain
from inspections.models import Evidence, Inspection, InspectionPlan, Outcome, OutcomeKind, Visit
from inspections.tests.conftest import START, make_certificate, open_ad_hoc
from products.domain import create_product

__all__ = ["START", "make_certificate", "open_ad_hoc"]

URL = "/api/v1/inspections/"
PLANS = "/api/v1/inspection-plans/"
AUDITED = (Inspection, InspectionPlan, Visit, Outcome, Evidence, Certificate)
# Each twin's own: its code, and when it was written (the two writes are moments apart).
OWN_KEYS = {"code", "recorded_at"}


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def dmy(day: datetime.date) -> str:
    """A date as the pages' forms take it."""
    return f"{day:%d/%m/%Y}"


def second_product(producer, criteria_set, by):
    return create_product(by=by, producer=producer, criteria_set=criteria_set, name="Mứt gừng loại hai")


def concludable(*, by, producer, product, team) -> Inspection:
    """An inspection in progress whose one product has its outcome: ready to be concluded."""
    inspection = open_ad_hoc(by=by, producers=[producer], products=[product], team=team)
    domain.record_outcome(
        inspection=inspection, product=product, kind=OutcomeKind.COMPLIANT, note="", concluded_on=START, by=by
    )
    return inspection


def last_entry_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def trail(start: int, end: int | None = None, *, swaps: dict[str, str] | None = None) -> list[tuple]:
    """The audit entries about inspections' records and certificates after `start` (up to `end`), as comparable
    values: each twin's own identifiers (`swaps`: its text → a common one) made alike, `OWN_KEYS` left out."""
    types = ContentType.objects.get_for_models(*AUDITED).values()
    rows = AuditEntry.objects.filter(content_type__in=list(types), id__gt=start)
    if end is not None:
        rows = rows.filter(id__lte=end)
    swaps = swaps or {}
    return [
        (entry.content_type.model, entry.action, entry.actor_id, *_alike([entry.changes, entry.note], swaps))
        for entry in rows.select_related("content_type").order_by("id")
    ]


def _alike(value, swaps: dict[str, str]):
    if isinstance(value, dict):
        return {key: _alike(one, swaps) for key, one in value.items() if key not in OWN_KEYS}
    if isinstance(value, list):
        return [_alike(one, swaps) for one in value]
    if isinstance(value, str):
        for own, common in swaps.items():
            value = value.replace(own, common)
    return value
