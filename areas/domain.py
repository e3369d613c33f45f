"""Rules about administrative units: how a unit of any era rolls up to today's units."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Area


def current_units(area: Area) -> tuple[Area | None, Area]:
    """Today's (commune, province) for a unit of either era. A province or district has no commune."""
    if area.is_current:
        if area.level == Area.Level.PROVINCE:
            return None, area
        return area, area.parent
    province = area.current_province
    if province is None:
        raise ValidationError(_("Đơn vị %(area)s chưa có đơn vị tương ứng hiện nay."), params={"area": area})
    return area.current_commune(), province


def commune_by_code(code: str, *, era: str = Area.Era.CURRENT) -> Area:
    """A commune-level unit by its official code, or a ValidationError that names the unknown code."""
    try:
        return Area.objects.select_related("parent").get(era=era, level=Area.Level.COMMUNE, code=code)
    except Area.DoesNotExist:
        raise ValidationError(
            _("Không có xã/phường nào mã %(code)s."), code="unknown_area", params={"code": code}
        ) from None


def public_place(area: Area, *, commune: Area | None, province: Area) -> str:
    """Where a record is, as the public reads it: today's commune and province, then, for a unit of before
    1 July 2025, the former units whose names are no longer in it ("Phường Hà Đông, Thành phố Hà Nội (trước
    đây: Phường Vạn Phúc, Quận Hà Đông)"). `commune` and `province` are the units of today the record rolls
    up to (its `current_commune`, `current_province`); `area` comes with its parents."""
    today = f"{commune.name}, {province.name}" if commune is not None else province.name
    if area.is_current:
        return today
    former = []
    unit = area
    while unit is not None:
        if unit.name not in (commune.name if commune else None, province.name):
            former.append(unit.name)
        unit = unit.parent
    if not former:
        return today
    return _("%(today)s (trước đây: %(former)s)") % {"today": today, "former": ", ".join(former)}
