"""Which rows lie in an administrative unit, of either era: the one filter that lists, reports, figures and API
filters use. A row is placed by the units of today it rolls up to (a producer's `current_province` and
`current_commune`, an event's `province` and `commune`) and by the unit of the time it was registered or held in
(`area`). A unit of before 1 July 2025 finds its rows through that unit: a province or district through itself and
the units under it, a commune through itself and the former communes merged into it before 2025."""

from functools import reduce
from operator import or_

from django.db.models import Q

from .models import Area


def within_q(
    area: Area | None,
    *,
    via: str = "",
    province: str = "current_province",
    commune: str = "current_commune",
    district: str | None = None,
) -> Q:
    """The rows in `area` (every row for None). `via` is the path to the record that carries the units (e.g.
    "product__producer"); `province` and `commune` name its units of today; `district`, where the rows keep the
    district of the time themselves (the rollups), is used for a district instead of walking up from `area`."""
    if area is None:
        return Q()
    prefix = f"{via}__" if via else ""

    def q(path: str) -> Q:
        return Q(**{f"{prefix}{path}": area})

    if area.is_current:
        return q(province if area.level == Area.Level.PROVINCE else commune)
    if area.level == Area.Level.DISTRICT and district:
        return q(district)
    if area.level == Area.Level.COMMUNE:
        return q("area") | q("area__merged_into")
    return q("area") | q("area__parent") | q("area__parent__parent")


def within_any_q(areas, **lookups) -> Q:
    """The rows in any of `areas` (none for no area)."""
    clauses = [within_q(area, **lookups) for area in areas]
    return reduce(or_, clauses) if clauses else Q(pk__in=[])
