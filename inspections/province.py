"""The province's views of its inspection work, for what a user sees in an area: the certified products overdue
for an inspection, the open remediations by deadline, and the certificates withdrawn in a year."""

import datetime

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from certificates.models import Certificate
from certificates.queries import showing_star_q
from products.models import Product

from .areas import producer_in
from .models import Outcome


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def overdue_for_inspection(*, user, area, today: datetime.date):
    """Products showing an OCOP star today that no inspection concluded for in the last
    INSPECTION_INTERVAL_MONTHS months, counted from their last inspection or, never inspected, from the issue of
    their certificate; annotated with `last_inspected` (None: never) and `since`; the longest waiting first."""
    cutoff = months_before(today, settings.INSPECTION_INTERVAL_MONTHS)
    showing = Certificate.objects.filter(showing_star_q(today), product=OuterRef("pk")).order_by("-issued_on")
    return (
        Product.objects.visible_to(user)
        .filter(producer_in(area, "producer"), Exists(showing))
        .annotate(
            last_inspected=Max("inspection_outcomes__concluded_on"),
            issued_on=Subquery(showing.values("issued_on")[:1]),
        )
        .annotate(since=Coalesce(F("last_inspected"), F("issued_on")))
        .filter(since__lt=cutoff)
        .select_related("producer__current_commune")
        .order_by("since", "name", "pk")
    )


def open_remediations(*, user, area, overdue_on: datetime.date | None = None):
    """Open remediations of `area`, nearest deadline first; only those past their deadline on `overdue_on`."""
    remediations = Outcome.objects.visible_to(user).open_remediations().filter(producer_in(area, "producer"))
    if overdue_on is not None:
        remediations = remediations.filter(deadline__lt=overdue_on)
    return remediations.select_related("product", "producer__current_commune", "inspection").order_by("deadline", "pk")


def withdrawals(*, user, area, year: int):
    """Certificates of `area` withdrawn by a decision of `year`, with the inspection that proposed it, if any."""
    return (
        Certificate.objects.visible_to(user)
        .filter(producer_in(area, "product__producer"), withdrawal__decision_date__year=year)
        .select_related("product__producer", "withdrawal")
        .annotate(
            proposed_by=Max("inspection_proposals__inspection__code", filter=Q(inspection_proposals__isnull=False))
        )
        .order_by("-withdrawal__decision_date", "number")
    )
