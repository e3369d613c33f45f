"""The market's figures for the reports (a plain function `reports` calls, as it does `programme.events.counts`):
trade events by kind, producers taking part, agreements signed and sales points, buyers' demands and producers'
answers, per area and period."""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q

from areas.models import Area
from areas.within import within_any_q
from programme.events import Period, in_areas, in_period
from programme.models import TRADE_KINDS, Event

from .models import Buyer, Conversation, Demand, Participation, SalesPoint, TradeAgreement


def _signed_in(period: Period) -> Q:
    if isinstance(period, int):
        return Q(signed_on__year=period)
    start, end = period
    return Q(signed_on__gte=start, signed_on__lte=end)


def _recognised_by(period: Period) -> Q:
    if isinstance(period, int):
        return Q(decision_date__year__lte=period)
    return Q(decision_date__lte=period[1])


def counts(areas: Iterable[Area], period: Period) -> dict[str, int]:
    """For `areas` (units of either era) and `period` (a year or a pair of days): trade events held, by kind
    (a `TRADE_KINDS` value); `participants`, producers accepted at events held there; `agreements` and
    `memoranda`, signed by its producers (memoranda are agreements of that kind); `sales_points`, open and
    recognised by the period's end; `demands`, posted in the period by its buyers, and `demands_answered`, those
    of them at least one producer answered; `answers`, made in the period by its producers; `buyers_verified`, its
    buyers verified in the period (and still so)."""
    areas = list(areas)
    events = Event.objects.filter(in_areas(areas), in_period(period), kind__in=TRADE_KINDS)
    result = {row["kind"]: row["n"] for row in events.values("kind").annotate(n=Count("id")).order_by("kind")}
    result["participants"] = Participation.objects.filter(
        in_areas(areas, "event"), in_period(period, "event__"), status=Participation.Status.ACCEPTED
    ).count()
    by_producer = within_any_q(areas, via="producer")
    result |= TradeAgreement.objects.filter(by_producer, _signed_in(period)).aggregate(
        agreements=Count("pk"), memoranda=Count("pk", filter=Q(kind=TradeAgreement.Kind.MEMORANDUM))
    )
    result["sales_points"] = SalesPoint.objects.filter(in_areas(areas), _recognised_by(period), is_open=True).count()
    answered = Exists(Conversation.objects.filter(demand=OuterRef("pk"), answered_at__isnull=False))
    result |= Demand.objects.filter(in_areas(areas, "buyer"), _on_day(period, "created_at")).aggregate(
        demands=Count("pk"), demands_answered=Count("pk", filter=answered)
    )
    result["answers"] = Conversation.objects.filter(by_producer, _on_day(period, "answered_at")).count()
    result["buyers_verified"] = Buyer.objects.filter(
        in_areas(areas), _on_day(period, "verified_at"), status=Buyer.Status.VERIFIED
    ).count()
    return result


def _on_day(period: Period, field: str) -> Q:
    """Rows whose moment `field` falls, as a local day, in `period`."""
    if isinstance(period, int):
        return Q(**{f"{field}__date__year": period})
    start, end = period
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def event_memoranda(event: Event) -> int:
    """The memoranda and contracts signed at `event` (its outcome's figure)."""
    return event.trade_agreements.count()
