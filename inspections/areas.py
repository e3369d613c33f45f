"""The area a province view or the inspection report is read for: a key (`areas.keys`) naming a unit of today
or of before 1 July 2025, checked against the reader's scope (`accounts.scope.in_area`), and the records of it."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import scope
from areas.keys import area_from_key, area_key
from areas.models import Area
from areas.within import within_q


def _within(user, area: Area) -> bool:
    """The unit is the reader's province, one of its communes of today, or a unit of before 2025 that rolls up to
    it (every unit for the national roles)."""
    lookup = "current_province_id"
    if area.is_current:
        lookup = "pk" if area.level == Area.Level.PROVINCE else "parent_id"
    return scope.in_area(user, Area.objects.filter(pk=area.pk), lookup).exists()


def read_area(user, key: str) -> Area | None:
    """The unit `key` names (None: the reader's whole scope); a unit that does not exist or lies outside the
    reader's scope is a 404, as any record."""
    if not key:
        return None
    area = area_from_key(key)
    if area is None or not _within(user, area):
        raise Http404
    return area


def producer_in(area: Area | None, via: str) -> Q:
    """Records of producers of `area` (`via` is the path to the producer), by the one area rule."""
    return within_q(area, via=via)


def area_options(user) -> list[tuple[str, str]]:
    """The units offered in a filter: the reader's province, its communes of today and its districts of before
    2025; for the national roles, today's provinces (any other unit in scope can be asked for by its key)."""
    provinces = scope.in_area(user, Area.objects.current().filter(level=Area.Level.PROVINCE)).order_by("name")
    if len(provinces) != 1:
        return [(area_key(p), p.name) for p in provinces]
    province = provinces[0]
    communes = Area.objects.current().filter(parent=province).order_by("name")
    districts = Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, current_province=province)
    return (
        [(area_key(province), province.name)]
        + [(area_key(c), c.name) for c in communes]
        + [(area_key(d), _("%(name)s (trước 01/07/2025)") % {"name": d.name}) for d in districts.order_by("name")]
    )
