"""The inbox's figures for the reports (a plain function of this app, as `programme.events.counts` is): how many
items of each kind each province received, and how each was triaged (its status)."""

import datetime

from django.db.models import Count

from .models import Signal


def counts(
    *,
    province_ids=None,
    received_from: datetime.date | None = None,
    received_until: datetime.date | None = None,
) -> dict[tuple[int, str, str], int]:
    """{(today's province id, kind, status): number of items}, for the given provinces (all when None) and the
    items received between the two days (inclusive; either end open when None)."""
    items = Signal.objects.all()
    if province_ids is not None:
        items = items.filter(province_id__in=list(province_ids))
    if received_from is not None:
        items = items.filter(created_at__date__gte=received_from)
    if received_until is not None:
        items = items.filter(created_at__date__lte=received_until)
    rows = items.values("province_id", "kind", "status").annotate(n=Count("id")).order_by()
    return {(row["province_id"], row["kind"], row["status"]): row["n"] for row in rows}
