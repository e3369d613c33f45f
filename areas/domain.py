"""Rules about administrative units: how a unit of any era rolls up to today's units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import domain as audit
from audit.models import AuditEntry
from core.text import search_key

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


UNIT_TYPES = ("Thị trấn", "Phường", "Xã")
FORMER_CODE_PREFIX = "F"


def next_former_code() -> str:
    """A code for a former commune whose official code is not known: F0001, F0002, …"""
    codes = Area.objects.filter(
        era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code__startswith=FORMER_CODE_PREFIX
    ).values_list("code", flat=True)
    taken = [int(code[1:]) for code in codes if code[1:].isdigit()]
    return f"{FORMER_CODE_PREFIX}{max(taken, default=0) + 1:04d}"


def validate_former_unit(*, name: str, district: Area, merged_into: Area, resolution: str, code: str = "") -> None:
    """The checks of `add_former_unit`: a ValidationError by field (name, parent, merged_into, code,
    merger_resolution) for what is wrong."""
    name = " ".join(name.split())
    unit_type = next((t for t in UNIT_TYPES if name.startswith(f"{t} ")), None)
    errors = {}
    if unit_type is None:
        errors["name"] = _("Ghi cả loại đơn vị: Xã …, Phường … hoặc Thị trấn ….")
    if district.era != Area.Era.LEGACY or district.level != Area.Level.DISTRICT:
        errors["parent"] = _("Chọn một quận/huyện của thời kỳ trước 01/07/2025.")
    if merged_into.era != Area.Era.LEGACY or merged_into.level != Area.Level.COMMUNE:
        errors["merged_into"] = _("Chọn xã/phường (thời kỳ trước 01/07/2025) đã nhận đơn vị này.")
    elif district.parent_id != merged_into.parent.parent_id:
        errors["merged_into"] = _("Xã nhận sáp nhập phải cùng tỉnh với huyện của đơn vị cũ.")
    code = code.strip()
    if code and not (code.isdigit() and len(code) == 5):
        errors["code"] = _("Mã xã gồm 5 chữ số; để trống nếu không biết.")
    elif code and Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code=code).exists():
        errors["code"] = _("Đã có đơn vị mã %(code)s.") % {"code": code}
    if not resolution.strip():
        errors["merger_resolution"] = _("Ghi số nghị quyết sáp nhập.")
    if (
        "name" not in errors
        and Area.objects.filter(
            era=Area.Era.LEGACY, level=Area.Level.COMMUNE, parent=district, search_key=search_key(name)
        ).exists()
    ):
        errors["name"] = _("%(district)s đã có đơn vị tên này.") % {"district": district.name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_former_unit(
    *,
    name: str,
    district: Area,
    merged_into: Area,
    resolution: str,
    resolution_date,
    by,
    code: str = "",
) -> Area:
    """Record a commune merged between 2019 and 2024 that the official data set no longer lists, so that old
    records keep its name: a unit of the 2019 era in `district`, merged into `merged_into` (a 2019 commune) by
    `resolution` of `resolution_date`. It rolls up as the unit it merged into does (today's commune and
    province). `code`: its official code if known, else a new F-code. Raises ValidationError (see
    `validate_former_unit`). Side effects: an audit entry."""
    validate_former_unit(name=name, district=district, merged_into=merged_into, resolution=resolution, code=code)
    name = " ".join(name.split())
    unit_type = next(t for t in UNIT_TYPES if name.startswith(f"{t} "))
    unit = Area.objects.create(
        era=Area.Era.LEGACY,
        level=Area.Level.COMMUNE,
        code=code.strip() or next_former_code(),
        name=name,
        short_name=name.removeprefix(f"{unit_type} "),
        unit_type=unit_type,
        parent=district,
        current_province=merged_into.current_province,
        successor=merged_into.successor,
        valid_to=resolution_date,
        merged_into=merged_into,
        merger_resolution=resolution.strip(),
        merger_date=resolution_date,
    )
    audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=unit, after=audit.snapshot(unit))
    return unit
