"""Which events the public calendar shows, read by its pages and by the open data."""

from django.db.models import Q

from programme.models import TRADE_KINDS, Event


def public_events():
    """The events shown to everyone: the trade kinds, and any event that takes producers' applications."""
    return Event.objects.filter(Q(kind__in=TRADE_KINDS) | Q(accepts_applications=True)).select_related("area__parent")
