"""The inspection figures: producers, products, communes of today and districts of before 2025 inspected, by
outcome, for what a user sees, in an area and a period. The inspection report page and its .xlsx print them, and
`reports.figures.Report.inspections` puts them in the report (its page, .xlsx, PDF and `/api/v1/statistics/`).

A product counts as inspected on the day an inspection concluded for it (its outcome's `concluded_on`); a
product concluded twice in the period counts once in the total, and once under each outcome it had."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from areas.models import Area

from .areas import producer_in
from .models import Outcome, OutcomeKind


@dataclass
class Figures:
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def _counts(outcomes) -> dict:
    """The distinct producers, products, communes and districts of the outcomes, per kind and all together
    (`None`), in two queries (one grouped by kind, one for all: a unit inspected twice counts once in the total)."""
    legacy = Q(producer__area__era=Area.Era.LEGACY, producer__area__level=Area.Level.COMMUNE)
    sums = {
        "producers": Count("producer_id", distinct=True),
        "products": Count("product_id", distinct=True),
        "communes": Count("producer__current_commune_id", distinct=True),
        "districts": Count("producer__area__parent_id", distinct=True, filter=legacy),
    }
    counts = {None: outcomes.aggregate(**sums)}
    for row in outcomes.order_by().values("kind").annotate(**sums):
        counts[row["kind"]] = row
    return counts


KEYS = ("producers", "products", "communes", "districts")


def inspected(*, user, area: Area | None, start: datetime.date, end: datetime.date) -> Figures:
    """Per outcome (then all together): the producers, products, communes of today and districts of before 2025
    (of the producers registered in a commune of then) inspected, among the outcomes `user` sees in `area`
    (None: the user's whole scope) concluded from `start` to `end`, both included."""
    outcomes = Outcome.objects.visible_to(user).filter(
        producer_in(area, "producer"), concluded_on__gte=start, concluded_on__lte=end
    )
    figures = Figures(
        [_("Kết quả kiểm tra"), _("Chủ thể"), _("Sản phẩm"), _("Xã, phường (hiện nay)"), _("Huyện (trước 2025)")]
    )
    counts = _counts(outcomes)
    for kind in OutcomeKind:
        figures.rows.append([str(kind.label), *(counts.get(kind.value, {}).get(key, 0) for key in KEYS)])
    figures.rows.append([_("Tổng số được kiểm tra"), *(counts[None][key] for key in KEYS)])
    return figures
