"""Finding the administrative unit a row of an import names, of either era: by official code, or by name with
its district and province; names are compared without case or diacritics, and with or without the unit's type
("Phú Nghĩa" finds "Xã Phú Nghĩa"). Every importer resolves units here."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import fold

from .models import Area

ERAS = (Area.Era.LEGACY, Area.Era.CURRENT)


def _names(area: Area) -> set[str]:
    return {fold(area.name), fold(area.short_name)} - {""}


def _describe(area: Area) -> str:
    return _("%(unit)s (mã %(code)s, thời kỳ %(era)s)") % {"unit": area, "code": area.code, "era": area.era}


class UnitResolver:
    """Resolves units, remembering what it found: an import names the same few hundred units again and again.
    Loads the units of both eras once (about 14,000 rows) on first use."""

    def __init__(self):
        self._by_code: dict[str, list[Area]] | None = None
        self._by_name: dict[str, list[Area]] = defaultdict(list)
        self._memo: dict[tuple, Area | ValidationError] = {}

    def _load(self) -> None:
        self._by_code = defaultdict(list)
        units = {a.pk: a for a in Area.objects.all()}
        for area in units.values():
            # Parents from the same load, so naming a unit costs no query.
            if area.parent_id:
                area.parent = units[area.parent_id]
            self._by_code[area.code].append(area)
            for name in _names(area):
                self._by_name[name].append(area)

    def resolve(
        self,
        *,
        code: str = "",
        name: str = "",
        district: str = "",
        province: str = "",
        era: str | None = None,
        levels: tuple[str, ...] = (),
    ) -> Area:
        """The one unit that matches, of `era` (or of either era when None) and of one of `levels` (any when
        empty). Raises ValidationError naming what was looked for: an unknown unit, or every candidate of an
        ambiguous one."""
        key = (code.strip(), fold(name), fold(district), fold(province), era, levels)
        found = self._memo.get(key)
        if found is None:
            try:
                found = self._resolve(*key)
            except ValidationError as error:
                found = error
            self._memo[key] = found
        if isinstance(found, ValidationError):
            raise found
        return found

    def _resolve(self, code, name, district, province, era, levels) -> Area:
        if self._by_code is None:
            self._load()
        eras = (era,) if era else ERAS

        def fits(area: Area) -> bool:
            return area.era in eras and (not levels or area.level in levels)

        if code:
            candidates = [a for a in self._by_code.get(code, []) if fits(a)]
            if not candidates and code.isdigit():
                # A number cell loses its leading zeros: accept the units it can stand for.
                candidates = [a for n in (2, 3, 5) for a in self._by_code.get(code.zfill(n), []) if fits(a)]
            if name:
                candidates = [a for a in candidates if name in _names(a)]
        elif name:
            candidates = [a for a in self._by_name.get(name, []) if fits(a)]
        else:
            raise ValidationError(_("Thiếu mã hoặc tên đơn vị hành chính."), code="unit_missing")
        if district:
            candidates = [a for a in candidates if any(_named(p, district) for p in _ancestors(a))]
        if province:
            candidates = [a for a in candidates if any(_named(p, province) for p in _ancestors(a))]
        if len(candidates) == 1:
            return candidates[0]
        wanted = ", ".join(part for part in (code, name, district, province) if part)
        if not candidates:
            if era:
                message = _("Không có đơn vị hành chính “%(unit)s” thời kỳ %(era)s.")
            else:
                message = _("Không có đơn vị hành chính “%(unit)s”.")
            raise ValidationError(message % {"unit": wanted, "era": era}, code="unit_unknown")
        listed = "; ".join(_describe(a) for a in sorted(candidates, key=lambda a: (a.era, a.code))[:10])
        raise ValidationError(
            _("“%(unit)s” trùng tên nhiều đơn vị: %(candidates)s. Hãy ghi mã, huyện, tỉnh hoặc thời kỳ.")
            % {"unit": wanted, "candidates": listed},
            code="unit_ambiguous",
        )


def _named(area: Area, folded: str) -> bool:
    return folded in _names(area) or folded.zfill(len(area.code)) == area.code


def _ancestors(area: Area):
    unit = area.parent
    while unit is not None:
        yield unit
        unit = unit.parent


def resolve_unit(
    *,
    code: str = "",
    name: str = "",
    district: str = "",
    province: str = "",
    era: str | None = None,
    levels: tuple[str, ...] = (),
) -> Area:
    """The unit a row names (see `UnitResolver.resolve`), for a single look-up; an import of many rows keeps one
    `UnitResolver`."""
    return UnitResolver().resolve(code=code, name=name, district=district, province=province, era=era, levels=levels)
