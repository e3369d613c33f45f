"""Building the rollup tables from the records (platform dossiers, evaluations, certificates, the imported past
results, the stamp batches and the scan log). Every refresh is per key inside a transaction: a product's rows
are deleted and written again together, a day's stamp figures likewise, so a refresh can run twice, run
concurrently with the pages, or be killed at any point and leave every key either as it was or as it is now.

The nightly job (`manage.py refresh_rollups`, or `reports.tasks.refresh_rollups` on the django-tasks worker)
rebuilds every product and the scan days since the last run; `--full` rebuilds the scan days from the start.
Changes refresh their own product at once (`reports.signals`)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from areas.models import Area
from certificates.models import Certificate
from core import versions
from dossiers.models import Application, CommuneReview
from evaluation.models import Evaluation, Level
from history.models import CouncilLevel, PastResult, ResultKind
from products.models import Product

from .models import AreaMonth, CertificateFigure, ProductDay, Rank, RefreshState
from .rollup_keys import dimensions, mark_refreshed
from .stamp_days import refresh_stamps

# The stamp of the figures read from these rows (and from inspections' outcomes, see signals.py): caches of figures
# key their entries with it (`figures_version`), and every write of the rollups bumps it.
FIGURES_VERSION = "reports:figures:version"


def figures_version() -> str:
    return versions.current(FIGURES_VERSION)


BATCH = 2000
LEVEL_ORDER = {CouncilLevel.DISTRICT: 0, CouncilLevel.PROVINCE: 1, CouncilLevel.CENTRAL: 2}
PAST_RANK = {
    ResultKind.ONE: Rank.ONE,
    ResultKind.TWO: Rank.TWO,
    ResultKind.THREE: Rank.THREE,
    ResultKind.FOUR: Rank.FOUR,
    ResultKind.FIVE: Rank.FIVE,
    ResultKind.POTENTIAL_FIVE: Rank.POTENTIAL_FIVE,
    ResultKind.NOT_RANKED: Rank.NOT_RANKED,
}


def evaluation_rank(*, level: str, rankable: bool | None, stars: int | None) -> int:
    """A closed session's result as a rank: a province's 5★ is a proposal to the central council."""
    if not rankable or not stars:
        return Rank.NOT_RANKED
    if stars >= 5:
        return Rank.PROPOSED_FIVE if level == Level.PROVINCE else Rank.FIVE
    return stars * 10


class _Areas:
    """The units the refresh meets, read once: each one's era, level, parent and units of today."""

    def __init__(self):
        self._rows = {}

    def load(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i and i not in self._rows}
        for row in Area.objects.filter(pk__in=missing).values(
            "pk", "era", "level", "parent_id", "successor_id", "current_province_id"
        ):
            self._rows[row["pk"]] = row

    def current(self, area_id: int) -> tuple[int | None, int | None]:
        """Today's (commune, province) of a unit (`areas.domain.current_units`, on the values read)."""
        row = self._rows[area_id]
        if row["era"] == Area.Era.CURRENT:
            if row["level"] == Area.Level.PROVINCE:
                return None, area_id
            return area_id, row["parent_id"]
        return (row["successor_id"] if row["level"] == Area.Level.COMMUNE else None), row["current_province_id"]

    def district(self, area_id: int | None) -> int | None:
        """The pre-2025 district a unit of the time lay in (itself for a district)."""
        row = self._rows.get(area_id)
        if row is None or row["era"] != Area.Era.LEGACY:
            return None
        if row["level"] == Area.Level.DISTRICT:
            return area_id
        return row["parent_id"] if row["level"] == Area.Level.COMMUNE else None


def refresh_products(*, product_ids: Iterable[int] | None = None) -> int:
    """Rebuild the product-day and certificate rows of these products (every product when None), a batch of
    products per transaction. Returns the number of product-day rows written."""
    if product_ids is None:
        ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(product_ids))
    written = 0
    full = product_ids is None
    for start in range(0, len(ids), BATCH):
        written += _refresh_batch(ids[start : start + BATCH], months=not full)
    if full:
        refresh_months()
        mark_refreshed("products")
    return written


def _refresh_batch(ids: list[int], *, months: bool) -> int:
    products = {
        p["pk"]: p
        for p in Product.objects.filter(pk__in=ids).values(
            "pk",
            "name",
            "producer_id",
            "producer__name",
            "producer__kind",
            "producer__area_id",
            "criteria_set_id",
            "criteria_set__group_id",
            "criteria_set__group__sector_id",
        )
    }
    past = list(
        PastResult.objects.filter(product_id__in=ids).values(
            "product_id", "year", "level", "result", "legal_version_id", "area_id", "decision_date"
        )
    )
    applications = list(
        Application.objects.filter(product_id__in=ids, submitted_at__isnull=False).values(
            "pk",
            "product_id",
            "legal_version_id",
            "commune_id",
            "submitted_at",
            "commune_deadline",
            "received_at",
            "evaluation_deadline",
        )
    )
    reviews = {}
    for review in (
        CommuneReview.objects.filter(application__product_id__in=ids)
        .order_by("decided_at", "pk")
        .values("application_id", "decision", "decided_at")
    ):
        reviews.setdefault(review["application_id"], review)  # the commune's first decision ends its step
    evaluations = list(
        Evaluation.objects.filter(application__product_id__in=ids, status=Evaluation.Status.CLOSED).values(
            "application__product_id",
            "application__commune_id",
            "application__received_at",
            "application__evaluation_deadline",
            "round_id",
            "round__evaluate_by",
            "level",
            "legal_version_id",
            "rankable",
            "stars",
            "closed_at",
        )
    )
    certificates = list(
        Certificate.objects.filter(product_id__in=ids).values(
            "pk",
            "product_id",
            "number",
            "stars",
            "legal_version_id",
            "area_at_issue_id",
            "issued_on",
            "expires_on",
            "extended_until",
            "withdrawn_on",
            "superseded_by__issued_on",
        )
    )
    rounds = {}
    for e in (
        Evaluation.objects.filter(application__product_id__in=ids, level=Level.PROVINCE)
        .order_by("pk")
        .values("application_id", "round_id")
    ):
        rounds.setdefault(e["application_id"], e["round_id"])  # a dossier belongs to its province round
    areas = _Areas()
    areas.load(
        [p["producer__area_id"] for p in products.values()]
        + [r["area_id"] for r in past]
        + [a["commune_id"] for a in applications]
        + [e["application__commune_id"] for e in evaluations]
        + [c["area_at_issue_id"] for c in certificates]
    )

    days: list[dict] = []
    by_key: dict[tuple, dict] = {}

    def row(product_id: int, day: datetime.date, area_id: int | None, round_id: int | None, *, result=False) -> dict:
        """The row of what happened to the product that day (in that unit and round); a second result of the
        same day gets a row of its own."""
        key = (product_id, day, area_id, round_id)
        item = by_key.get(key)
        if item is None or (result and item["rank"] is not None):
            item = {"day": day, "year": day.year, "area_id": area_id, "round_id": round_id, "rank": None}
            item.update(dimensions(products[product_id]), **dict.fromkeys(COUNTS, 0))
            days.append(item)
            by_key[key] = item
        return item

    def result(item: dict, *, level, rank, legal_version_id, when, imported) -> None:
        item.update(level=level, rank=rank, legal_version_id=legal_version_id, imported=imported)
        # Within a year the highest level's result is final, a platform session after an imported result, then
        # the latest.
        item["_order"] = (LEVEL_ORDER[level], not imported, when)

    past_years: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for r in past:
        on = past_result_day(year=r["year"], decision_date=r["decision_date"])
        item = row(r["product_id"], on, r["area_id"], None, result=True)
        past_years[(r["product_id"], r["year"])].append(item)
        if r["level"] == CouncilLevel.DISTRICT:
            item["evaluated_district"] += 1
        else:
            item["forwarded"] += 1 if r["level"] == CouncilLevel.PROVINCE else 0
            item["evaluated_province" if r["level"] == CouncilLevel.PROVINCE else "evaluated_central"] += 1
        result(
            item,
            level=r["level"],
            rank=PAST_RANK[ResultKind(r["result"])],
            legal_version_id=r["legal_version_id"],
            when=datetime.datetime.combine(on, datetime.time.min),
            imported=True,
        )
    for items in past_years.values():
        # A past result stands for one dossier of its year; a central result with none at province level was
        # still forwarded once.
        items[0]["received"] += 1
        if any(i["evaluated_central"] for i in items) and not any(i["forwarded"] for i in items):
            next(i for i in items if i["evaluated_central"])["forwarded"] = 1

    for a in applications:
        product_id, round_id, area_id = a["product_id"], rounds.get(a["pk"]), a["commune_id"]
        filed = timezone.localtime(a["submitted_at"]).date()
        row(product_id, filed, area_id, round_id)["received"] += 1
        review = reviews.get(a["pk"])
        if review is not None:
            done = timezone.localtime(review["decided_at"]).date()
            item = row(product_id, done, area_id, round_id)
            item["forwarded"] += review["decision"] == CommuneReview.Decision.FORWARD
            item["commune_done"] += 1
            item["commune_days"] += (done - filed).days
            item["commune_late"] += bool(a["commune_deadline"] and done > a["commune_deadline"])
        if a["received_at"]:
            row(product_id, timezone.localtime(a["received_at"]).date(), area_id, round_id)["received_province"] += 1

    for e in evaluations:
        product_id = e["application__product_id"]
        done = timezone.localtime(e["closed_at"]).date()
        item = row(product_id, done, e["application__commune_id"], e["round_id"], result=True)
        item["evaluated_province" if e["level"] == Level.PROVINCE else "evaluated_central"] += 1
        if e["level"] == Level.PROVINCE and e["application__received_at"]:
            deadline = e["application__evaluation_deadline"] or e["round__evaluate_by"]
            item["province_done"] += 1
            item["province_days"] += (done - timezone.localtime(e["application__received_at"]).date()).days
            item["province_late"] += bool(deadline and done > deadline)
        result(
            item,
            level=e["level"],
            rank=evaluation_rank(level=e["level"], rankable=e["rankable"], stars=e["stars"]),
            legal_version_id=e["legal_version_id"],
            when=e["closed_at"].replace(tzinfo=None),
            imported=False,
        )

    results: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for item in days:
        if item["rank"] is not None:
            results[(item["product_id"], item["year"])].append(item)
    finals: dict[int, list[dict]] = defaultdict(list)
    for items in results.values():
        items.sort(key=lambda i: i["_order"])
        for n, item in enumerate(items, start=1):
            item["order"] = n
        items[-1]["final"] = True
        finals[items[-1]["product_id"]].append(items[-1])
    for items in finals.values():
        _mark_bests(items)

    day_rows = []
    for item in days:
        item.pop("_order", None)
        area_id = item["area_id"] or products[item["product_id"]]["producer__area_id"]
        item["area_id"] = area_id
        item["current_commune_id"], item["current_province_id"] = areas.current(area_id)
        item["district_id"] = areas.district(area_id)
        day_rows.append(ProductDay(**item))

    certificate_rows = []
    for c in certificates:
        product = products[c["product_id"]]
        commune_id, province_id = areas.current(c["area_at_issue_id"])
        certificate_rows.append(
            CertificateFigure(
                certificate_id=c["pk"],
                number=c["number"],
                product_name=product["name"],
                producer_name=product["producer__name"],
                stars=c["stars"],
                legal_version_id=c["legal_version_id"],
                issued_on=c["issued_on"],
                expires_on=c["expires_on"],
                in_force_until=_in_force_until(c),
                area_id=c["area_at_issue_id"],
                district_id=areas.district(c["area_at_issue_id"]),
                current_commune_id=commune_id,
                current_province_id=province_id,
                **dimensions(product),
            )
        )

    with transaction.atomic():
        old = ProductDay.objects.filter(product_id__in=ids)
        touched = set(old.values_list("current_province_id", "day").distinct()) if months else set()
        old.delete()
        CertificateFigure.objects.filter(product_id__in=ids).delete()
        ProductDay.objects.bulk_create(day_rows, batch_size=1000)
        CertificateFigure.objects.bulk_create(certificate_rows, batch_size=1000)
        versions.bump_with_transaction(FIGURES_VERSION)
        if months:
            touched |= {(r.current_province_id, r.day) for r in day_rows}
            refresh_months(
                provinces={province for province, _day in touched}, months={day.replace(day=1) for _p, day in touched}
            )
    return len(day_rows)


COUNTS = [
    f.name
    for f in ProductDay._meta.get_fields()
    if f.get_internal_type() == "PositiveIntegerField" and f.name not in ("year", "rank", "order")
]


def _mark_bests(finals: list[dict]) -> None:
    """For each of a product's final results (one per year), the first later year as good or better and the last
    earlier year better, so that "the best of years first–last" is a filter on the row (see `ProductDay`)."""
    finals.sort(key=lambda i: i["year"])
    for n, item in enumerate(finals):
        later = [o["year"] for o in finals[n + 1 :] if o["rank"] >= item["rank"]]
        earlier = [o["year"] for o in finals[:n] if o["rank"] > item["rank"]]
        item["next_match_year"] = later[0] if later else 9999
        item["prev_better_year"] = earlier[-1] if earlier else 0


def past_result_day(*, year: int, decision_date: datetime.date | None) -> datetime.date:
    """The day a past result (which has a year only) is placed on: its decision date when known and within its
    year, otherwise 31/12 of its year, so that a year's figures are the same whatever is known."""
    if decision_date is not None and decision_date.year == year:
        return decision_date
    return datetime.date(year, 12, 31)


def refresh_months(*, provinces: set | None = None, months: set[datetime.date] | None = None) -> int:
    """Rebuild the month totals (`AreaMonth`) of these provinces and their communes over these months (first days)
    from the product days, every one when None; in one transaction, one refresh of the totals at a time. Returns
    the number of rows written."""
    if provinces is not None and (not provinces or not months):
        return 0
    days = ProductDay.objects.all()
    totals = AreaMonth.objects.all()
    if provinces is not None:
        within = Q(current_province_id__in=[p for p in provinces if p is not None])
        if None in provinces:
            within |= Q(current_province__isnull=True)
        spans = Q()
        for month in months:
            spans |= Q(day__gte=month, day__lt=(month + datetime.timedelta(days=32)).replace(day=1))
        days = days.filter(within, spans)
        totals = totals.filter(within, month__in=months)
    with transaction.atomic():
        # One refresh of the totals at a time, each reading the product days only once it holds the lock: two
        # overlapping ones would otherwise both delete, then both write what they read.
        RefreshState.objects.get_or_create(name="months", defaults={"refreshed_at": timezone.now()})
        RefreshState.objects.filter(name="months").update(refreshed_at=timezone.now())  # holds its row lock
        rows = _month_rows(days)
        totals.delete()
        AreaMonth.objects.bulk_create(rows, batch_size=1000)
        versions.bump_with_transaction(FIGURES_VERSION)
    return len(rows)


MONTH_COUNTS = [f.name for f in AreaMonth._meta.get_fields() if f.get_internal_type() == "PositiveIntegerField"]


def _month_rows(days) -> list[AreaMonth]:
    lines = (
        days.annotate(month=TruncMonth("day"))
        .values("current_province_id", "current_commune_id", "month")
        .annotate(**{name: Sum(name) for name in MONTH_COUNTS})
        .order_by()
    )
    rows = []
    provinces_total: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(MONTH_COUNTS, 0))
    for line in lines:
        counts = {name: line[name] or 0 for name in MONTH_COUNTS}
        if not any(counts.values()):
            continue
        month, province_id = line["month"], line["current_province_id"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        rows.append(
            AreaMonth(
                level=AreaMonth.Level.COMMUNE,
                current_province_id=province_id,
                current_commune_id=line["current_commune_id"],
                month=month,
                **counts,
            )
        )
        total = provinces_total[(province_id, month)]
        for name, n in counts.items():
            total[name] += n
    for (province_id, month), counts in provinces_total.items():
        rows.append(AreaMonth(level=AreaMonth.Level.PROVINCE, current_province_id=province_id, month=month, **counts))
    return rows


def _in_force_until(c: dict) -> datetime.date | None:
    """The last day the certificate shows its star (`Certificate.status_on`, on the values read)."""
    ends = [max(c["expires_on"], c["extended_until"] or c["expires_on"])]
    if c["withdrawn_on"]:
        ends.append(c["withdrawn_on"] - datetime.timedelta(days=1))
    if c["superseded_by__issued_on"]:
        ends.append(c["superseded_by__issued_on"] - datetime.timedelta(days=1))
    return min(ends)


def refresh_all(*, full: bool = False) -> dict:
    """The nightly refresh: every product's figures and the stamp days since the last run (all with `full`)."""
    return {"product_days": refresh_products(), "stamp_days": refresh_stamps(full=full)}
