"""The targets of the annual plans, as the reports read them (plan against actual)."""

from collections import defaultdict
from collections.abc import Iterable

from areas.models import Area

from .models import Indicator, Plan


def targets(area: Area, year: int) -> dict[str, int]:
    """`area`'s own targets for `year`, by indicator (an `Indicator` value); indicators without a target are
    left out. A province's figure is its own plan, not the sum of its communes' shares."""
    return dict(Plan.objects.filter(area=area, year=year).values_list("indicator", "target"))


def targets_by_area(areas: Iterable[Area], year: int) -> dict[int, dict[str, int]]:
    """`targets` for several areas in one query: area id → {indicator: target} (every area given is a key)."""
    ids = [area.pk for area in areas]
    result: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for area_id, indicator, target in Plan.objects.filter(area_id__in=ids, year=year).values_list(
        "area_id", "indicator", "target"
    ):
        result[area_id][indicator] = target
    return result


def total_targets(areas: Iterable[Area], year: int) -> dict[str, int]:
    """The targets of several areas added up by indicator (e.g. the provinces of a region)."""
    total: dict[str, int] = defaultdict(int)
    for by_indicator in targets_by_area(areas, year).values():
        for indicator, target in by_indicator.items():
            total[indicator] += target
    return {indicator: total[indicator] for indicator in Indicator.values if indicator in total}
