"""Which events the public calendar shows, read by its pages and by the open data; and which events a signed-in
reader reaches beyond them (the market's event pages and the API)."""

from django.db.models import Q

from programme.models import TRADE_KINDS, Event

from . import rules


def public_events():
    """The events shown to everyone: the trade kinds, and any event that takes producers' applications."""
    return Event.objects.filter(Q(kind__in=TRADE_KINDS) | Q(accepts_applications=True)).select_related("area__parent")


def reachable_event(user, code: str) -> Event | None:
    """The event `code` as `user` may reach it behind the login: through the scope rule (its organisers, national
    roles), or, for a producer's user, an event that takes applications or has the producer on its list. None
    otherwise."""
    if not user.is_authenticated:
        return None
    event = Event.objects.visible_to(user).filter(code=code).first()
    if event is None and user.producer_id and rules.can_open_market(user):
        open_to_it = Q(accepts_applications=True) | Q(participations__producer_id=user.producer_id)
        event = Event.objects.filter(open_to_it, code=code).distinct().first()
    return event
