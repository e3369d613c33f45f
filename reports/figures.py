"""The report questions, answered from the rollups for what a user may see (`visible_to`, the scope rule) within
one area (a unit of today or of before 2025) and a period (years, a date range or an evaluation round). Every answer
is a `Table` of plain values, and the page, the .xlsx, the PDF and the API all print those same tables, so their
numbers cannot differ.

Products and producers are counted once over a period, with the product's best result in it (`best_rows`);
dossiers and results are counted as they happened, on their days (results: each year's final one).

Producer types are grouped as the programme's reports group them (`KIND_GROUPS`): cooperatives (hợp tác xã and
tổ hợp tác), enterprises, production units (registered households and farms), and the tourism bodies (hội, hiệp
hội, trung tâm điều hành) as "other"."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from areas.models import Area
from areas.within import within_q
from criteria.models import CriteriaSet, LegalVersion, ProductGroup, Sector
from producers.models import ProducerKind
from products.models import IntellectualProperty

from .models import RECOGNISED, AreaMonth, CertificateFigure, ProductDay, Rank, StampDay
from .other_parts import OtherPartsTables
from .periods import Period
from .plans import event_counts, plan_for
from .tables import Table, percent

EXPIRY_WINDOW_DAYS = 180
COUNT_FIELDS = (
    "received",
    "forwarded",
    "received_province",
    "evaluated_district",
    "evaluated_province",
    "evaluated_central",
    "commune_done",
    "commune_days",
    "commune_late",
    "province_done",
    "province_days",
    "province_late",
)

KIND_GROUPS = {
    "cooperatives": (ProducerKind.COOPERATIVE, ProducerKind.COOPERATIVE_GROUP),
    "enterprises": (ProducerKind.ENTERPRISE,),
    "production_units": (ProducerKind.HOUSEHOLD, ProducerKind.FARM),
    "other": (ProducerKind.ASSOCIATION, ProducerKind.OPERATING_CENTRE),
}
# Results shown one by one, best first; ranks below 3★ are summed in "below 3★".
STAR_RANKS = (Rank.FIVE, Rank.PROPOSED_FIVE, Rank.POTENTIAL_FIVE, Rank.FOUR, Rank.THREE)
IP_KINDS = (
    IntellectualProperty.Kind.GEOGRAPHICAL_INDICATION,
    IntellectualProperty.Kind.COLLECTIVE_MARK,
    IntellectualProperty.Kind.CERTIFICATION_MARK,
)


def kind_group_names() -> dict[str, str]:
    return {
        "cooperatives": _("Hợp tác xã, tổ hợp tác"),
        "enterprises": _("Doanh nghiệp"),
        "production_units": _("Hộ sản xuất, trang trại"),
        "other": _("Khác"),
    }


def area_q(area: Area | None) -> Q:
    """The rollup rows of an area (`areas.within`); rollup rows keep the district of the time in `district`."""
    return within_q(area, district="district")


# Every table of the report, in the order the page, its .xlsx and PDF, and `/api/v1/statistics/` print them.
TABLE_KEYS = (
    "pipeline",
    "events",
    "market",
    "stars",
    "producers",
    "breakdown",
    "communes",
    "intellectual_property",
    "certificates",
    "stamps",
    "steps",
    "inspections",
    "signals",
)
# The tables that compare with the programme's plan (`plans.plan_for`).
PLANNED = {"pipeline", "events", "market"}


@dataclass
class Report(OtherPartsTables):
    user: object
    area: Area | None
    period: Period
    grouping: str = "area"
    today: datetime.date = field(default_factory=datetime.date.today)
    # At most this many certificates listed one by one (the page; the exports and the API list them all).
    list_limit: int | None = None

    def product_days(self):
        return ProductDay.objects.visible_to(self.user).filter(area_q(self.area), self.period.rows_q())

    def results(self):
        """Each product's final result of each year within the period: the stored final of the year for whole years;
        for a period cutting a year or a round, the highest level's (then the latest) of its results within it."""
        return self._finals(self.product_days())

    def best_rows(self):
        """One row per product: its best result in the period (of one year's final results, the latest of equal
        ones), counted in the area where it was obtained; a better result elsewhere still supersedes. A single year
        has one final result per product already; whole years read what the refresh marked on each final result."""
        rows = self.results()
        if self.period.first == self.period.last:
            return rows
        if self.period.whole_years and self.period.round is None:
            return rows.filter(next_match_year__gt=self.period.last, prev_better_year__lt=self.period.first)
        better = self._finals(ProductDay.objects.filter(self.period.rows_q())).filter(
            Q(rank__gt=OuterRef("rank")) | Q(rank=OuterRef("rank"), year__gt=OuterRef("year")),
            product_id=OuterRef("product_id"),
        )
        return rows.exclude(Exists(better.values("pk")))

    def _finals(self, rows):
        rows = rows.filter(rank__isnull=False)
        if self.period.whole_years and self.period.round is None:
            return rows.filter(final=True)
        later = ProductDay.objects.filter(
            self.period.rows_q(),
            product_id=OuterRef("product_id"),
            year=OuterRef("year"),
            rank__isnull=False,
            order__gt=OuterRef("order"),
        )
        return rows.exclude(Exists(later))

    @cached_property
    def _sums(self) -> dict[str, int]:
        """Every count of the period's rows, in one query (the pipeline's and the steps'): from the month totals when
        the period is whole months of the country or of a unit of today, otherwise from the product days."""
        months = self._month_totals()
        source = months if months is not None else self.product_days()
        sums = source.aggregate(**{name: Sum(name) for name in COUNT_FIELDS})
        return {name: value or 0 for name, value in sums.items()}

    def _month_totals(self):
        period = self.period
        whole_months = period.start.day == 1 and (period.end + datetime.timedelta(days=1)).day == 1
        if period.round is not None or not whole_months or (self.area is not None and not self.area.is_current):
            return None
        rows = AreaMonth.objects.visible_to(self.user).filter(month__gte=period.start, month__lte=period.end)
        if self.area is None:
            return rows.filter(level=AreaMonth.Level.PROVINCE)
        if self.area.level == Area.Level.PROVINCE:
            return rows.filter(level=AreaMonth.Level.PROVINCE, current_province=self.area)
        return rows.filter(level=AreaMonth.Level.COMMUNE, current_commune=self.area)

    @cached_property
    def _result_ranks(self) -> dict[int, int]:
        """The period's final results (one per product and year) by rank."""
        return dict(self.results().values_list("rank").annotate(n=Count("product_id")).order_by())

    # --- the questions ---

    def pipeline(self, plan: dict | None = None) -> Table:
        """Dossiers received, forwarded by the commune, received and evaluated at each level, then the results of
        the year(s) by star; with the plan's target and the share of it when a plan is given."""
        sums, ranks = self._sums, self._result_ranks
        plan = plan or {}
        lines = [
            ("received", _("Hồ sơ tiếp nhận"), sums["received"]),
            ("forwarded", _("Hồ sơ đủ điều kiện chuyển đánh giá cấp tỉnh"), sums["forwarded"]),
            ("received_province", _("Hồ sơ tỉnh tiếp nhận từ xã"), sums["received_province"]),
            ("evaluated_district", _("Sản phẩm đánh giá cấp huyện"), sums["evaluated_district"]),
            ("evaluated_province", _("Sản phẩm đánh giá cấp tỉnh"), sums["evaluated_province"]),
            ("evaluated_central", _("Sản phẩm đánh giá cấp trung ương"), sums["evaluated_central"]),
        ]
        lines.append(("evaluated", _("Sản phẩm được đánh giá, phân hạng"), sum(ranks.values())))
        for rank in STAR_RANKS:
            lines.append((f"rank_{rank.value}", str(Rank(rank).label), ranks.get(rank, 0)))
        recognised = sum(n for rank, n in ranks.items() if rank >= RECOGNISED)
        lines.append(("recognised", _("Tổng số sản phẩm đạt 3 sao trở lên"), recognised))
        lines.append(("below_3", _("Dưới 3 sao"), sum(n for rank, n in ranks.items() if Rank.ONE <= rank < RECOGNISED)))
        lines.append(("not_ranked", _("Không đạt"), ranks.get(Rank.NOT_RANKED, 0)))
        table = Table(
            "pipeline",
            _("Tiếp nhận hồ sơ và kết quả đánh giá, phân hạng"),
            [_("Chỉ tiêu"), _("Thực hiện"), _("Kế hoạch"), _("% kế hoạch")],
        )
        for key, label, value in lines:
            target = plan.get(key)
            table.rows.append([label, value, target, percent(value, target) if target else None])
        return table

    def stars(self) -> Table:
        """Products evaluated in the period and the share reaching 3★ or more, then each star's share of those."""
        if self.period.first == self.period.last:
            counts = self._result_ranks  # one final result per product in a single year
        else:
            counts = dict(self.best_rows().values_list("rank").annotate(n=Count("product_id")).order_by())
        evaluated = sum(counts.values())
        recognised = sum(n for rank, n in counts.items() if rank >= RECOGNISED)
        table = Table("stars", _("Sản phẩm đạt 3 sao trở lên"), [_("Chỉ tiêu"), _("Số sản phẩm"), _("Tỷ lệ (%)")])
        table.rows.append([_("Sản phẩm được đánh giá"), evaluated, None])
        table.rows.append([_("Đạt 3 sao trở lên"), recognised, percent(recognised, evaluated)])
        for rank in STAR_RANKS:
            table.rows.append([str(Rank(rank).label), counts.get(rank, 0), percent(counts.get(rank, 0), recognised)])
        below = sum(n for rank, n in counts.items() if rank < RECOGNISED)
        table.rows.append([_("Dưới 3 sao, không đạt"), below, percent(below, evaluated)])
        return table

    def producers(self) -> Table:
        """Producers that had a product evaluated in the period, those with a recognised product (3★ or more), and
        the share of each producer type among the latter."""
        # A product reached 3★ or more in the period exactly when one of its years did: no need for the best row.
        # One line per producer first (its best rank), then counted: no distinct count over every result.
        per_producer = self.results().values("producer_id", "producer_kind").annotate(best=Max("rank")).order_by()
        recognised = Q(best__gte=RECOGNISED)
        counts = per_producer.aggregate(
            took_part=Count("producer_id"),
            with_product=Count("producer_id", filter=recognised),
            **{
                key: Count("producer_id", filter=recognised & Q(producer_kind__in=kinds))
                for key, kinds in KIND_GROUPS.items()
            },
        )
        took_part, with_product = counts["took_part"], counts["with_product"]
        table = Table(
            "producers", _("Chủ thể có sản phẩm được công nhận"), [_("Chỉ tiêu"), _("Số chủ thể"), _("Tỷ lệ (%)")]
        )
        table.rows.append([_("Chủ thể có sản phẩm được đánh giá"), took_part, None])
        table.rows.append([_("Có sản phẩm đạt 3 sao trở lên"), with_product, percent(with_product, took_part)])
        for key, name in kind_group_names().items():
            table.rows.append([name, counts[key], percent(counts[key], with_product)])
        return table

    GROUPINGS = ("area", "sector", "group", "criteria_set", "producer_kind", "year", "legal_version", "level")

    def breakdown(self) -> Table:
        """Products by the chosen grouping: evaluated, each star, 3★ or more and below. By area it drills down:
        the country by today's province, a province by today's commune, a district by its communes of the time."""
        column = self._grouping_column()
        rows = self.best_rows() if self.grouping not in ("year", "legal_version", "level") else self.results()
        # Counted on a column of the final results' index (a result row always has its product): no table read.
        aggregates = {
            "evaluated": Count("product_id"),
            "recognised": Count("product_id", filter=Q(rank__gte=RECOGNISED)),
        }
        for rank in STAR_RANKS:
            aggregates[f"r{rank.value}"] = Count("product_id", filter=Q(rank=rank))
        lines = list(rows.values(column).annotate(**aggregates).order_by(column))
        names, links = self._grouping(column, [line[column] for line in lines])
        table = Table(
            "breakdown",
            _("Sản phẩm theo %(grouping)s") % {"grouping": self.grouping_label()},
            [
                self.grouping_label(),
                _("Được đánh giá"),
                *[str(Rank(r).label) for r in STAR_RANKS],
                _("3 sao trở lên"),
                _("Tỷ lệ 3 sao trở lên (%)"),
            ],
        )
        named = [(names(line[column]), line) for line in lines]
        for name, line in sorted(named, key=lambda item: str(item[0])):
            table.rows.append(
                [
                    name,
                    line["evaluated"],
                    *[line[f"r{r.value}"] for r in STAR_RANKS],
                    line["recognised"],
                    percent(line["recognised"], line["evaluated"]),
                ]
            )
            table.links.append(links(line[column]))
        return table

    def recognised_by_unit(self) -> dict[int, int]:
        """The breakdown by area's "3★ or more" column alone, by unit id (the map needs no names nor other ranks)."""
        rows = self.best_rows().filter(rank__gte=RECOGNISED)
        return dict(rows.values_list(self._area_column()).annotate(n=Count("product_id")).order_by())

    def grouping_label(self) -> str:
        return dict(grouping_choices())[self.grouping]

    def _grouping_column(self) -> str:
        """The rollup column of the grouping."""
        return self._area_column() if self.grouping == "area" else self.grouping

    def _area_column(self) -> str:
        """The column of the units below the report's area: today's provinces of the country, today's communes of
        a unit of today, the units of the time of a unit of before 2025."""
        if self.area is None:
            return "current_province"
        if self.area.is_current:
            return "current_commune"
        return "area"

    def _grouping(self, column: str, values: list):
        """How each value of the grouping's column is named, and which area it drills into."""

        def none(_value):
            return None

        if self.grouping == "area":
            areas = Area.objects.in_bulk([v for v in values if v])
            return lambda v: areas[v].name if v in areas else _("(không rõ)"), lambda v: areas.get(v)
        model = {"sector": Sector, "group": ProductGroup, "criteria_set": CriteriaSet, "legal_version": LegalVersion}
        if self.grouping in model:
            objects = model[self.grouping].objects.in_bulk([v for v in values if v])
            return lambda v: str(objects[v]) if v in objects else _("(không rõ)"), none
        if self.grouping == "producer_kind":
            return lambda v: str(ProducerKind(v).label) if v else _("(không rõ)"), none
        if self.grouping == "level":
            from history.models import CouncilLevel

            return lambda v: str(CouncilLevel(v).label) if v else _("(không rõ)"), none
        return str, none  # a year names a row: never "2.024"

    def communes(self) -> Table:
        """The communes of the area and whether each has a product of 3★ or more in the period, by name: today's
        communes of a province, the communes of the time of a district (former ones too)."""
        table = Table(
            "communes",
            _("Xã có và chưa có sản phẩm OCOP"),
            [_("Xã, phường"), _("Số sản phẩm OCOP"), _("Có sản phẩm OCOP")],
        )
        if self.area is None or self.area.level == Area.Level.COMMUNE:
            units, column = ([self.area] if self.area else []), None
        elif self.area.is_current:
            units, column = list(Area.objects.filter(parent=self.area).order_by("code")), "current_commune"
        elif self.area.level == Area.Level.DISTRICT:
            units, column = (
                list(Area.objects.filter(parent=self.area, merged_into__isnull=True).order_by("code")),
                "area",
            )
        else:
            units, column = list(Area.objects.filter(parent__parent=self.area, merged_into__isnull=True)), "area"
        if not units:
            return table
        recognised = self.results().filter(rank__gte=RECOGNISED)
        if column is None:
            counts = {self.area.pk: recognised.values("product_id").distinct().count()}
        else:
            counts = dict(recognised.values_list(column).annotate(n=Count("product_id", distinct=True)).order_by())
            if column == "area":
                for merged, into in Area.objects.filter(merged_into__in=units).values_list("pk", "merged_into"):
                    counts[into] = counts.get(into, 0) + counts.pop(merged, 0)
        for unit in sorted(units, key=lambda u: (counts.get(u.pk, 0) > 0, u.name)):
            n = counts.get(unit.pk, 0)
            table.rows.append([unit.name, n, _("Có") if n else _("Chưa có")])
            table.links.append(unit if unit.is_current else None)
        return table

    def without_product(self) -> list[str]:
        return [row[0] for row in self.communes().rows if not row[1]]

    def intellectual_property(self) -> Table:
        """Products of 3★ or more in the period tied to a geographical indication, a collective or a certification
        mark (granted), by kind; a product with several counts once in the total."""
        products = self.results().filter(rank__gte=RECOGNISED).values("product_id")
        titles = IntellectualProperty.objects.filter(
            product_id__in=products, kind__in=IP_KINDS, status=IntellectualProperty.Status.GRANTED
        )
        by_kind = dict(titles.values_list("kind").annotate(n=Count("product_id", distinct=True)).order_by())
        table = Table(
            "intellectual_property",
            _("Sản phẩm OCOP gắn với chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận"),
            [_("Loại"), _("Số sản phẩm")],
        )
        for kind in IP_KINDS:
            table.rows.append([str(IntellectualProperty.Kind(kind).label), by_kind.get(kind, 0)])
        table.rows.append([_("Tổng số sản phẩm"), titles.values("product_id").distinct().count()])
        return table

    def certificates(self) -> Table:
        """Certificates in force today (at the end of a date range), and those expiring within 180 days from then, one
        by one (soonest first)."""
        on = self.period.end if self.period.kind == Period.DATES else self.today
        rows = CertificateFigure.objects.visible_to(self.user).filter(area_q(self.area))
        in_force = rows.filter(issued_on__lte=on, in_force_until__gte=on)
        horizon = on + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
        expiring = in_force.filter(expires_on__gte=on, expires_on__lte=horizon).order_by("expires_on", "number")
        table = Table(
            "certificates",
            _("Giấy chứng nhận hết hạn trong %(days)s ngày tới") % {"days": EXPIRY_WINDOW_DAYS},
            [_("Số giấy chứng nhận"), _("Sản phẩm"), _("Chủ thể"), _("Hạng sao"), _("Ngày hết hạn")],
        )
        counts = in_force.aggregate(
            in_force=Count("pk"), expiring=Count("pk", filter=Q(expires_on__gte=on, expires_on__lte=horizon))
        )
        table.notes.append((_("Giấy chứng nhận còn hiệu lực"), counts["in_force"]))
        table.notes.append((_("Hết hạn trong %(days)s ngày tới") % {"days": EXPIRY_WINDOW_DAYS}, counts["expiring"]))
        listed = expiring.values("number", "product_name", "producer_name", "stars", "expires_on")
        if self.list_limit is not None:
            listed = listed[: self.list_limit]
            table.more = max(counts["expiring"] - self.list_limit, 0)
        for c in listed:
            table.rows.append([c["number"], c["product_name"], c["producer_name"], c["stars"], c["expires_on"]])
        return table

    def stamps(self) -> Table:
        """Stamps issued, scans and suspicious scans in the period, by area (the same drill-down as products)."""
        rows = StampDay.objects.visible_to(self.user).filter(day__gte=self.period.start, day__lte=self.period.end)
        # The totals of the area's level: the country adds up its provinces (and the scans of unknown codes).
        if self.area is None:
            rows = rows.filter(level__in=(StampDay.Level.PROVINCE, StampDay.Level.UNKNOWN))
        elif self.area.is_current:
            rows = rows.filter(area_q(self.area), level=self.area.level)
        else:
            rows = rows.filter(area_q(self.area), level=StampDay.Level.PRODUCT)
        table = Table("stamps", _("Tem OCOP và lượt quét"), [_("Chỉ tiêu"), _("Số lượng")])
        sums = rows.aggregate(issued=Sum("stamps_issued"), scans=Sum("scans"), suspicious=Sum("suspicious"))
        table.rows.append([_("Tem đã phát hành"), sums["issued"] or 0])
        table.rows.append([_("Lượt quét"), sums["scans"] or 0])
        table.rows.append([_("Lượt quét nghi vấn"), sums["suspicious"] or 0])
        return table

    def steps(self) -> Table:
        """Time at each workflow step finished in the period, against its deadline."""
        sums = self._sums
        table = Table(
            "steps",
            _("Thời gian xử lý từng bước so với thời hạn"),
            [_("Bước"), _("Thời hạn"), _("Số hồ sơ"), _("Số ngày trung bình"), _("Quá hạn"), _("Tỷ lệ quá hạn (%)")],
        )
        for step, deadline in (
            ("commune", _("15 ngày làm việc")),
            ("province", _("Hạn đánh giá của đợt")),
        ):
            done, days, late = (sums[f"{step}_{k}"] for k in ("done", "days", "late"))
            average = (Decimal(days) / done).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if done else None
            name = _("Xã đánh giá hồ sơ") if step == "commune" else _("Tỉnh đánh giá, phân hạng")
            table.rows.append([name, deadline, done, average, late, percent(late, done)])
        return table

    def table(self, key: str, plan: dict | None = None, events: dict | None = None) -> Table:
        """One table by its key (one of `TABLE_KEYS`); the first three compare with the plan."""
        if key == "pipeline":
            return self.pipeline(plan)
        if key == "events":
            return self.events(events or {}, plan)
        if key == "market":
            return self.market(plan)
        if key not in TABLE_KEYS:
            raise KeyError(key)
        return getattr(self, key)()

    def tables(self, plan: dict | None = None, events: dict | None = None, keys=TABLE_KEYS) -> list[Table]:
        return [self.table(key, plan, events) for key in keys]


def report_tables(report: "Report", keys=TABLE_KEYS) -> list[Table]:
    """The report's tables (all, or those of `keys`) with what they compare with: the plan's targets and the
    events held, read only when a table asked for needs them."""
    plan = plan_for(area=report.area, period=report.period) if PLANNED & set(keys) else {}
    held = event_counts(area=report.area, period=report.period) if "events" in keys else {}
    return report.tables(plan, held, keys)


def grouping_choices() -> list[tuple[str, str]]:
    return [
        ("area", _("địa bàn")),
        ("sector", _("ngành")),
        ("group", _("nhóm sản phẩm")),
        ("criteria_set", _("bộ sản phẩm")),
        ("producer_kind", _("loại hình chủ thể")),
        ("year", _("năm")),
        ("legal_version", _("văn bản áp dụng")),
        ("level", _("cấp đánh giá")),
    ]
