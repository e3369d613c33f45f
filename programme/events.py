"""Counting the programme's events and who attended them, per area and period, for the reports."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q

from areas.models import Area
from areas.within import within_any_q

from .models import Attendee, Event

Period = int | tuple[datetime.date, datetime.date]


def in_areas(areas: Iterable[Area], via: str = "") -> Q:
    """Events held in any of `areas` (`via` is the path to the event), by the one area rule: a province or
    commune of today holds what rolls up to it, a unit of before 1 July 2025 what was held in it or under it."""
    return within_any_q(areas, via=via, province="province", commune="commune")


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
        Attendee.objects.filter(in_areas(areas, "event"), in_period(period, "event__"), producer__isnull=False)
        .values("producer_id")
        .annotate(n=Count("event_id", distinct=True))
    )
    return {row["producer_id"]: row["n"] for row in rows.order_by("producer_id")}


def attendees_by_group(areas: Iterable[Area], period: Period) -> dict[str, int]:
    """The people who attended events held in `areas` in `period`, by group: officials by level (`province`,
    `commune`, `other`) and `producer` for producers' people; groups with none are left out."""
    rows = (
        Attendee.objects.filter(in_areas(areas, "event"), in_period(period, "event__"))
        .values("kind", "level")
        .annotate(n=Count("id"))
    )
    groups: dict[str, int] = {}
    for row in rows.order_by("kind", "level"):
        group = row["level"] if row["kind"] == Attendee.Kind.OFFICIAL else Attendee.Kind.PRODUCER
        groups[group] = groups.get(group, 0) + row["n"]
    return groups
