"""Loading Vietnam's administrative units from the `vietnamadminunits` data package.

Two structures are loaded: today's (34 provinces and 3,321 communes, in force since 1 July 2025) and the
earlier one (63 provinces, their districts and communes), with the package's old→new mapping. Loading is
idempotent: units are matched by (era, level, code) and only what changed is written."""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import vietnamadminunits
from django.db import connection, transaction
from vietnamadminunits.database import query

from core.text import fold, search_key

from .models import Area, AreaMapping

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = REFORM_DATE - datetime.timedelta(days=1)
CONVERTER_FILE = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
LINKS = ("parent", "current_province", "successor")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    relinked: int = 0
    mappings: int = 0


def _key(text: str) -> str:
    # The package's keys are folded names without spaces; one key in its mapping keeps its diacritics.
    return fold(text).replace(" ", "")


def _unit(era, level, code, name, short, unit_type, valid_from=None, valid_to=None) -> Area:
    return Area(
        era=era,
        level=level,
        code=code,
        name=name,
        short_name=short,
        unit_type=unit_type,
        valid_from=valid_from,
        valid_to=valid_to,
        search_key=search_key(name),
    )


def _upsert(units: list[Area], report: LoadReport) -> dict[tuple[str, str, str], Area]:
    """Create missing units and update changed ones; return every unit keyed by (era, level, code)."""
    existing = {(a.era, a.level, a.code): a for a in Area.objects.filter(era__in={u.era for u in units})}
    fields = ["name", "short_name", "unit_type", "valid_from", "valid_to", "search_key"]
    to_create, to_update = [], []
    for unit in units:
        key = (unit.era, unit.level, unit.code)
        old = existing.get(key)
        if old is None:
            to_create.append(unit)
        elif any(getattr(old, f) != getattr(unit, f) for f in fields):
            for f in fields:
                setattr(old, f, getattr(unit, f))
            to_update.append(old)
    Area.objects.bulk_create(to_create, batch_size=2000)
    Area.objects.bulk_update(to_update, fields, batch_size=2000)
    report.created += len(to_create)
    report.updated += len(to_update)
    return {(a.era, a.level, a.code): a for a in Area.objects.filter(era__in={u.era for u in units})}


def _set_links(units: list[Area], wanted: dict[int, dict[str, int | None]]) -> int:
    """Write parent / current_province / successor where they differ from what is stored: one UPDATE per
    distinct value of each link (about 4,100 on a fresh load), split where the database limits the parameters of a
    statement (SQLite). A fresh load took 26 s with `bulk_update`'s CASE over every row, 16 s this way."""
    changed = [
        unit
        for unit in units
        if (links := wanted.get(unit.pk)) and any(getattr(unit, f"{k}_id") != v for k, v in links.items())
    ]
    for link in LINKS:
        holding: dict[int | None, list[int]] = defaultdict(list)
        for unit in changed:
            holding[wanted[unit.pk][link]].append(unit.pk)
        for value, pks in holding.items():
            chunk = (connection.features.max_query_params or len(pks) + 1) - 1  # one parameter is the value
            for start in range(0, len(pks), chunk):
                Area.objects.filter(pk__in=pks[start : start + chunk]).update(**{f"{link}_id": value})
    return len(changed)


@transaction.atomic
def load_admin_units() -> LoadReport:
    report = LoadReport()
    current_rows = query("SELECT * FROM admin_units")
    legacy_rows = query("SELECT * FROM admin_units_legacy")
    C, L = Area.Era.CURRENT, Area.Era.LEGACY
    P, D, W = Area.Level.PROVINCE, Area.Level.DISTRICT, Area.Level.COMMUNE

    units: dict[tuple, Area] = {}
    for r in current_rows:
        province_type = r["province"].removesuffix(r["provinceShort"]).strip()
        units[(C, P, r["provinceCode"])] = _unit(
            C, P, r["provinceCode"], r["province"], r["provinceShort"], province_type, REFORM_DATE
        )
        units[(C, W, r["wardCode"])] = _unit(C, W, r["wardCode"], r["ward"], r["wardShort"], r["wardType"], REFORM_DATE)
    for r in legacy_rows:
        province_type = r["province"].removesuffix(r["provinceShort"]).strip()
        units[(L, P, r["provinceCode"])] = _unit(
            L, P, r["provinceCode"], r["province"], r["provinceShort"], province_type, None, LEGACY_END
        )
        units[(L, D, r["districtCode"])] = _unit(
            L, D, r["districtCode"], r["district"], r["districtShort"], r["districtType"], None, LEGACY_END
        )
        if r["wardCode"]:
            units[(L, W, r["wardCode"])] = _unit(
                L, W, r["wardCode"], r["ward"], r["wardShort"], r["wardType"], None, LEGACY_END
            )
    stored = _upsert(list(units.values()), report)

    # Keys the mapping file uses, resolved to stored units.
    new_province_by_key = {r["provinceKey"]: stored[(C, P, r["provinceCode"])] for r in current_rows}
    key_of_province = {unit.pk: key for key, unit in new_province_by_key.items()}
    new_ward_by_key = {(r["provinceKey"], _key(r["wardKey"])): stored[(C, W, r["wardCode"])] for r in current_rows}
    old_province_by_key = {r["provinceKey"]: stored[(L, P, r["provinceCode"])] for r in legacy_rows}
    old_ward_by_key = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": stored[(L, W, r["wardCode"])]
        for r in legacy_rows
        if r["wardCode"]
    }

    converter = json.loads(CONVERTER_FILE.read_text())
    old_to_new_province = {
        old_province_by_key[old_key]: new_province_by_key[new_key]
        for new_key, old_keys in converter["DICT_PROVINCE"].items()
        for old_key in old_keys
    }
    mapping: dict[tuple[int, int], bool] = {}
    for old, new in old_to_new_province.items():
        mapping[(old.pk, new.pk)] = True
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            new = new_ward_by_key[(new_province_key, _key(new_ward_key))]
            for old_key in old_keys:
                if old_key in old_ward_by_key:
                    mapping[(old_ward_by_key[old_key].pk, new.pk)] = True
    for new_province_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, candidates in olds.items():
            if old_key not in old_ward_by_key:
                continue
            for candidate in candidates:
                new = new_ward_by_key[(new_province_key, _key(candidate["newWardKey"]))]
                mapping[(old_ward_by_key[old_key].pk, new.pk)] = bool(candidate["isDefaultNewWard"])

    # Links: parents in each era; every unit's province of today; every old commune's default successor.
    links: dict[int, dict[str, int | None]] = {}
    for r in current_rows:
        province = stored[(C, P, r["provinceCode"])]
        links[province.pk] = {"parent": None, "current_province": province.pk, "successor": None}
        ward = stored[(C, W, r["wardCode"])]
        links[ward.pk] = {"parent": province.pk, "current_province": province.pk, "successor": None}
    successor_of = {old: new for (old, new), default in mapping.items() if default}
    for r in legacy_rows:
        province = stored[(L, P, r["provinceCode"])]
        today = old_to_new_province[province]
        links[province.pk] = {"parent": None, "current_province": today.pk, "successor": None}
        district = stored[(L, D, r["districtCode"])]
        links[district.pk] = {"parent": province.pk, "current_province": today.pk, "successor": None}
        if r["wardCode"]:
            ward = stored[(L, W, r["wardCode"])]
            links[ward.pk] = {
                "parent": district.pk,
                "current_province": today.pk,
                "successor": successor_of.get(ward.pk),
            }
        else:
            # An island district without communes became a special zone (đặc khu) of the same name.
            zone = new_ward_by_key.get((key_of_province[today.pk], "dackhu" + r["districtShortKey"]))
            links[district.pk]["successor"] = zone.pk if zone else None
    report.relinked = _set_links(list(Area.objects.all()), links)

    existing_mapping = {(m.old_id, m.new_id): m for m in AreaMapping.objects.all()}
    to_create = [
        AreaMapping(old_id=o, new_id=n, is_default=d) for (o, n), d in mapping.items() if (o, n) not in existing_mapping
    ]
    to_update = []
    for key, default in mapping.items():
        m = existing_mapping.get(key)
        if m is not None and m.is_default != default:
            m.is_default = default
            to_update.append(m)
    # A line the data no longer holds would otherwise keep sending old records to the wrong unit.
    stale = [m.pk for key, m in existing_mapping.items() if key not in mapping]
    AreaMapping.objects.bulk_create(to_create, batch_size=2000)
    AreaMapping.objects.bulk_update(to_update, ["is_default"], batch_size=2000)
    AreaMapping.objects.filter(pk__in=stale).delete()
    report.mappings = len(to_create) + len(to_update) + len(stale)
    return report
