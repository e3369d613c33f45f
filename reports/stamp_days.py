"""The stamp days (`StampDay`): stamps issued, scans and suspicious scans per product and day, added up per commune
and province of today. Rebuilt one day per transaction from the scan log, the only reader of `ScanEvent` besides
the verification page itself; the last day is read again next time, as scans keep arriving on it."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from products.models import Product
from stamps.models import ScanEvent, StampBatch, Verdict

from .models import RefreshState, StampDay
from .rollup_keys import dimensions, mark_refreshed


def refresh_stamps(*, full: bool = False, since: datetime.date | None = None) -> int:
    """Rebuild the stamp figures of every day from `since` (by default the day of the last run; from the first
    scan and the first batch with `full`), one day per transaction. Returns the number of days rebuilt."""
    today = timezone.localdate()
    if since is None and not full:
        state = RefreshState.objects.filter(name="stamps").first()
        since = state.watermark if state else None
    if since is None:
        first_scan = ScanEvent.objects.order_by("scanned_at").values_list("scanned_at", flat=True).first()
        first_batch = (
            StampBatch.objects.filter(issued_at__isnull=False)
            .order_by("issued_at")
            .values_list("issued_at", flat=True)
            .first()
        )
        firsts = [timezone.localtime(m).date() for m in (first_scan, first_batch) if m]
        since = min(firsts) if firsts else today
    days = 0
    day = since
    while day <= today:
        _refresh_day(day)
        day += datetime.timedelta(days=1)
        days += 1
    # The last day is read again next time: scans keep arriving on it.
    mark_refreshed("stamps", watermark=today)
    return days


def _bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _refresh_day(day: datetime.date) -> None:
    start, end = _bounds(day)
    figures: dict[int | None, dict] = defaultdict(lambda: {"stamps_issued": 0, "scans": 0, "suspicious": 0})
    for line in (
        ScanEvent.objects.filter(scanned_at__gte=start, scanned_at__lt=end)
        .values("stamp__batch__product_id")
        .annotate(scans=Count("pk"), suspicious=Count("pk", filter=Q(verdict=Verdict.SUSPICIOUS)))
    ):
        figures[line["stamp__batch__product_id"]].update(scans=line["scans"], suspicious=line["suspicious"])
    for line in (
        StampBatch.objects.filter(issued_at__gte=start, issued_at__lt=end)
        .values("product_id")
        .annotate(issued=Sum("quantity"))
    ):
        figures[line["product_id"]]["stamps_issued"] = line["issued"]
    products = {
        p["pk"]: p
        for p in Product.objects.filter(pk__in=[k for k in figures if k]).values(
            "pk",
            "producer_id",
            "producer__kind",
            "producer__area_id",
            "producer__current_commune_id",
            "producer__current_province_id",
            "criteria_set_id",
            "criteria_set__group_id",
            "criteria_set__group__sector_id",
        )
    }
    rows = []
    communes: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(("stamps_issued", "scans", "suspicious"), 0))
    provinces: dict[int, dict] = defaultdict(lambda: dict.fromkeys(("stamps_issued", "scans", "suspicious"), 0))
    for product_id, counts in figures.items():
        product = products.get(product_id)
        if product is None:
            rows.append(StampDay(day=day, level=StampDay.Level.UNKNOWN, **counts))
            continue
        commune_id, province_id = product["producer__current_commune_id"], product["producer__current_province_id"]
        rows.append(
            StampDay(
                day=day,
                level=StampDay.Level.PRODUCT,
                area_id=product["producer__area_id"],
                current_commune_id=commune_id,
                current_province_id=province_id,
                **dimensions(product),
                **counts,
            )
        )
        for total in (communes[(commune_id, province_id)], provinces[province_id]):
            for name, n in counts.items():
                total[name] += n
    for (commune_id, province_id), counts in communes.items():
        rows.append(
            StampDay(
                day=day,
                level=StampDay.Level.COMMUNE,
                current_commune_id=commune_id,
                current_province_id=province_id,
                **counts,
            )
        )
    for province_id, counts in provinces.items():
        rows.append(StampDay(day=day, level=StampDay.Level.PROVINCE, current_province_id=province_id, **counts))
    with transaction.atomic():
        StampDay.objects.filter(day=day).delete()
        StampDay.objects.bulk_create(rows, batch_size=1000)
