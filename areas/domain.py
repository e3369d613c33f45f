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
