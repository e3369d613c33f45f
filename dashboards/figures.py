"""The key figures of the user's scope on the home page: tables of `reports.figures` (read from the rollups, never
from raw rows), each drawn as a chart (`dashboards.charts`) with its table next to it."""

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from areas.centroids import centroid
from areas.models import Area
from inspections.rules import can_open_inspections
from market.rules import can_list_buyers
from reports import rules as report_rules
from reports.figures import STAR_RANKS, Period, Report, Table
from reports.filters import area_key, period_query
from reports.models import ProductDay
from reports.rollups import figures_version

from .charts import Place, bar_chart, line_chart, map_chart


@dataclass(frozen=True)
class Figure:
    key: str
    table: Table
    chart: SafeString

    @property
    def rows(self) -> list[tuple[list, str | None]]:
        """The table's rows, each with the address its first cell links to (None when it does not)."""
        links = self.table.links or []
        return [(row, links[i] if i < len(links) else None) for i, row in enumerate(self.table.rows)]


def period_of(user, area, *, today: datetime.date) -> Period:
    """The years the user's rollup rows cover, up to this year (read on the day indexes)."""
    days = ProductDay.objects.visible_to(user).aggregate(first=Min("day"), last=Max("day"))
    first = days["first"].year if days["first"] else today.year
    last = days["last"].year if days["last"] else today.year
    return Period(min(first, today.year), max(last, today.year))


def cached_key_figures(user, *, today: datetime.date, period: Period | None = None) -> list[Figure]:
    """`key_figures` through the cache every server process shares. They are the same for every user of one role
    and area (the rollups' and the outcomes' scopes compare only the role, the area and the producer), and they
    change only when the rows they read do, which bumps `reports.rollups.figures_version`."""
    if not report_rules.can_view_reports(user):
        return []
    asked = urlencode(period_query(period)) if period is not None else ""
    parts = (figures_version(), user.role, user.area_id, user.producer_id, today.isoformat(), get_language(), asked)
    key = "dashboards:figures:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = key_figures(user, today=today, period=period)
        cache.set(key, figures, settings.FIGURES_CACHE_SECONDS)
    return figures


def key_figures(user, *, today: datetime.date, period: Period | None = None) -> list[Figure]:
    """Results by star and year, the trend of 3★ or more, and producers by type, for the area a report opens on,
    over `period` (by default every year of the user's rows); nothing for users who read no reports
    (`reports.rules.can_view_reports`: producers)."""
    if not report_rules.can_view_reports(user):
        return []
    area = report_rules.home_area(user)
    period = period or period_of(user, area, today=today)
    by_year = Report(user=user, area=area, period=period, grouping="year", today=today).breakdown()
    # A year is a label, not a quantity: printed without a thousands separator.
    by_year.rows = [[str(row[0]), *row[1:]] for row in by_year.rows]
    years = [str(row[0]) for row in by_year.rows]
    star_columns = range(2, 2 + len(STAR_RANKS))
    stars = [
        (by_year.columns[c], [row[c] for row in by_year.rows])
        for c in star_columns
        if any(row[c] for row in by_year.rows)
    ]
    recognised_column = 2 + len(STAR_RANKS)
    by_year.title = _("Kết quả đánh giá theo hạng sao và năm")
    trend = Table(
        "recognised_trend",
        _("Sản phẩm đạt 3 sao trở lên theo năm"),
        [by_year.columns[0], by_year.columns[recognised_column]],
        rows=[[row[0], row[recognised_column]] for row in by_year.rows],
    )
    producers = Report(user=user, area=area, period=period, today=today).producers()
    kinds = producers.rows[2:]
    figures = [
        Figure(
            "stars_by_year",
            by_year,
            bar_chart(title=by_year.title, labels=years, series=stars),
        ),
        Figure(
            "recognised_trend",
            trend,
            line_chart(title=trend.title, labels=years, series=[(trend.columns[1], [row[1] for row in trend.rows])]),
        ),
        Figure(
            "producer_kinds",
            producers,
            bar_chart(
                title=_("Chủ thể có sản phẩm 3 sao trở lên theo loại hình"),
                labels=[row[0] for row in kinds],
                series=[(producers.columns[1], [row[1] for row in kinds])],
            ),
        ),
    ]
    if can_open_inspections(user):
        inspected = Report(user=user, area=area, period=period, today=today).inspections()
        outcomes = inspected.rows[:-1]
        figures.append(
            Figure(
                "inspections",
                inspected,
                bar_chart(
                    title=_("Sản phẩm được kiểm tra sau công nhận theo kết quả"),
                    labels=[row[0] for row in outcomes],
                    series=[(inspected.columns[2], [row[2] for row in outcomes])],
                ),
            )
        )
    if can_list_buyers(user):
        # The report's own market table (trade events, agreements, buyers' demands and answers), not a second count.
        market = Report(user=user, area=area, period=period, today=today).market()
        figures.append(
            Figure(
                "market",
                market,
                bar_chart(
                    title=market.title,
                    labels=[row[0] for row in market.rows],
                    series=[(market.columns[1], [row[1] for row in market.rows])],
                ),
            )
        )
    drawn = scope_map(user, area, period, today=today)
    return figures + ([drawn] if drawn else [])


def scope_map(user, area, period: Period, *, today: datetime.date) -> Figure | None:
    """The units of the scope at their centroids, sized by their OCOP products (3★ or more) in the period, each
    linked to its report: the country's provinces, or a province's communes. A commune is one point: no map."""
    if area is None:
        units = Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE)
    elif area.is_current and area.level == Area.Level.PROVINCE:
        units = Area.objects.filter(era=Area.Era.CURRENT, parent=area)
    else:
        return None
    counts = Report(user=user, area=area, period=period, grouping="area", today=today).recognised_by_unit()
    places = []
    # Every unit's link asks for the same period: its part of the query string is written once.
    report_url, asked_period = reverse("reports:report"), urlencode(period_query(period))
    # Rows, not model instances (a province has over a hundred communes): `centroid` and `area_key` read only the
    # era, level and code.
    for unit in units.order_by("name").values_list("id", "era", "level", "code", "name", named=True):
        where = centroid(unit)
        if where is None:
            continue
        url = f"{report_url}?area={quote(area_key(unit))}&{asked_period}"
        places.append(Place(unit.name, where[0], where[1], counts.get(unit.id, 0), url))
    shown = [p for p in places if p.value]
    # The table next to the map drills down too (a link per unit, for keyboards and screen readers): its links
    # are the report's addresses, as on the map.
    table = Table(
        "scope_map",
        _("Bản đồ sản phẩm OCOP (3 sao trở lên) theo địa bàn"),
        [_("Địa bàn"), _("3 sao trở lên")],
        rows=[[p.label, p.value] for p in shown],
        links=[p.url for p in shown],
    )
    return Figure("scope_map", table, map_chart(title=table.title, places=places))
