"""An area's key in a query string (`<era>-<level>-<code>`, e.g. `2025-province-01`, `2019-district-277`): how
every filter names a unit of either era (the reports, the inspections' province views)."""

from .models import Area


def area_key(area: Area | None) -> str:
    return "" if area is None else f"{area.era}-{area.level}-{area.code}"


def area_from_key(key: str) -> Area | None:
    try:
        era, level, code = key.split("-", 2)
    except ValueError:
        return None
    return Area.objects.select_related("parent").filter(era=era, level=level, code=code).first()
