"""Who may read which report: the scope rule (`accounts.scope.covers`) asked of a rollup row placed in the area,
so a report's area follows exactly the rows its reader sees."""

from accounts import scope
from areas.models import Area

from .models import ProductDay


def _probe(area: Area | None) -> ProductDay:
    if area is None:
        return ProductDay()
    if area.is_current:
        if area.level == Area.Level.PROVINCE:
            return ProductDay(current_province_id=area.pk)
        return ProductDay(current_commune_id=area.pk, current_province_id=area.parent_id)
    commune = area.successor_id if area.level == Area.Level.COMMUNE else None
    if area.merged_into_id and commune is None:
        commune = Area.objects.filter(pk=area.merged_into_id).values_list("successor_id", flat=True).first()
    return ProductDay(current_commune_id=commune, current_province_id=area.current_province_id)


def covers_area(user, area: Area | None) -> bool:
    """`user` may read the figures of `area` (None: the whole country)."""
    return scope.covers(user, _probe(area))


def can_view_reports(user) -> bool:
    """Officials of an area and national roles read reports; producers and visitors do not."""
    if not user.is_authenticated:
        return False
    return covers_area(user, None) or (user.area_id is not None and covers_area(user, user.area))


def home_area(user) -> Area | None:
    """The area a report opens on: the user's own, or the country for national roles."""
    return None if covers_area(user, None) else user.area
