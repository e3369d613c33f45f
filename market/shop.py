"""What the public home page (the programme's shop window, in `public`) reads of the market: the next trade events
of the public calendar. The calendar's own rule of which events are public stays in `views/calendar.py`
(`public_events`); this module only asks it for the next few."""

import datetime

from django.db.models import QuerySet

from .calendar import public_events


def upcoming_events(*, day: datetime.date, limit: int) -> QuerySet:
    """The public trade events not yet over on `day` (running or to come), soonest first, as the calendar's
    "upcoming" list orders them."""
    return public_events().filter(ends_on__gte=day).order_by("starts_on", "id")[:limit]
