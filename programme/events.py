"""Counting the programme's events and who attended them, per area and period, for the reports."""

import datetime
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from areas.models import Area

from .models import Attendee, Event

Period = int | tuple[datetime.date, datetime.date]


def in_areas(areas: Iterable[Area], prefix: str = "") -> Q:
    """Events held in any of `areas`: a province or commune of today holds what rolls up to it; a unit of before
    1 July 2025 holds what was held in it or in its communes (a district's, a province's)."""
    clauses = []
    for area in areas:
        if area.is_current:
            field = "province_id" if area.level == Area.Level.PROVINCE else "commune_id"
            clauses.append(Q(**{f"{prefix}{field}": area.pk}))
        else:
            clauses.append(
                Q(**{f"{prefix}area_id": area.pk})
                | Q(**{f"{prefix}area__parent_id": area.pk})
                | Q(**{f"{prefix}area__parent__parent_id": area.pk})
            )
    return reduce(or_, clauses) if clauses else Q(pk__in=[])


def in_period(period: Period, prefix: str = "") -> Q:
    """Events that started in `period`: a year, or a (first day, last day) pair, both included."""
    if isinstance(period, int):
        return Q(**{f"{prefix}starts_on__year": period})
    start, end = period
    return Q(**{f"{prefix}starts_on__gte": start, f"{prefix}starts_on__lte": end})


def counts(areas: Iterable[Area], period: Period) -> dict[str, int]:
    """How many events of each kind (an `EventKind` value) were held in `areas` in `period`; kinds with none
    are left out."""
    rows = Event.objects.filter(in_areas(areas), in_period(period)).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows.order_by("kind")}


def attendance_by_producer(areas: Iterable[Area], period: Period) -> dict[int, int]:
    """For each producer that attended events held in `areas` in `period`: producer id → the number of events
    it attended (one however many of its people came)."""
    rows = (
        Attendee.objects.filter(in_areas(areas, "event__"), in_period(period, "event__"), producer__isnull=False)
        .values("producer_id")
        .annotate(n=Count("event_id", distinct=True))
    )
    return {row["producer_id"]: row["n"] for row in rows.order_by("producer_id")}
