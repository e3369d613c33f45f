"""The state of one check of a history file, the constants of the rules, and the readers of cells."""

import datetime
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.lookup import UnitResolver
from areas.models import Area
from core.text import fold
from criteria.loading import CURRENT_VERSION
from criteria.models import CriteriaSet, LegalVersion
from producers.models import Producer
from products.models import Product

from ... import columns as cols
from ...models import ResultKind
from ...reading import Bundle
from ...rules import imports_into
from ..plan import CREATE, UNCHANGED, UPDATE, Plan, Problem, ProducerRow, ProductRow

# Units changed on 01/07/2025: a record dated before names a unit of the 63-province era.
REFORM_DATE = datetime.date(2025, 7, 1)
FIRST_YEAR = 2018  # the programme began with QĐ 490/QĐ-TTg of 07/05/2018
# District councils evaluated (and recognised up to 3★) until QĐ 1489/QĐ-TTg of 06/07/2025.
DISTRICT_VERSIONS = {"QD1048_2019", "QD148_2023"}
DISTRICT_RESULTS = {ResultKind.ONE, ResultKind.TWO, ResultKind.THREE, ResultKind.NOT_RANKED}
RECOGNISED = {ResultKind.THREE, ResultKind.FOUR, ResultKind.FIVE}
PROGRESS_EVERY = 500
BROKEN = object()  # a reference to a row that has problems of its own


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _stored(record, name: str):
    """A field's stored value, a foreign key as its id (so comparing costs no query)."""
    field = record._meta.get_field(name)
    return getattr(record, field.attname)


def _key(value):
    return value.pk if isinstance(value, Model) else value


def _identity(record) -> tuple:
    """What two references to one producer or product have in common: its id once it exists, else its row."""
    if isinstance(record, (ProducerRow, ProductRow)):
        return ("db", record.existing.pk) if record.existing else ("new", record.number)
    return ("db", record.pk)


class CheckerBase:
    """The state of one check and the readers every sheet's check uses."""

    def __init__(self, bundle: Bundle, *, by, progress):
        self.bundle, self.by, self.progress = bundle, by, progress
        self.plan = Plan(filename=bundle.filename)
        self.units = UnitResolver()
        self.today = timezone.localdate()
        self.versions = {v.code: v for v in LegalVersion.objects.all()}
        self.criteria_sets = {
            c.number: c for c in CriteriaSet.objects.filter(legal_version__code=CURRENT_VERSION).select_related("group")
        }
        self.done, self.total = 0, bundle.row_count
        self.bad: set[tuple[str, int]] = set()
        # The file's producers and products, by what other rows name them with.
        self.producers_by_tax: dict[str, Any] = {}
        self.producers_by_name: dict[str, list] = defaultdict(list)
        self.products_by_code: dict[str, Any] = {}
        self.products_by_name: dict[tuple, Any] = {}
        self.results_by_decision: dict[tuple, list] = defaultdict(list)
        self._db_producers: dict[str, Producer | None] = {}
        self._db_products: dict[str, Product | None] = {}
        self._db_products_of: dict[int, dict[str, Product]] = {}

    # Problems and small readers -------------------------------------------------------------------------------

    def problem(self, sheet: cols.Sheet, number: int, key: str, message: str) -> None:
        column = sheet.heading(key) if key else ""
        self.plan.problems.append(Problem(sheet=sheet.title, row=number, column=column, message=message))
        self.bad.add((sheet.key, number))

    def tick(self) -> None:
        self.done += 1
        if self.progress and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def has_problems(self, sheet: cols.Sheet, number: int) -> bool:
        return (sheet.key, number) in self.bad

    def choice(self, sheet, number, cells, key, choices, *, required: bool) -> str | None:
        raw = _text(cells.get(key))
        if not raw:
            if required:
                self.problem(sheet, number, key, _("Thiếu giá trị."))
            return None
        value = cols.choice_words(choices).get(fold(raw))
        if value is None:
            offered = ", ".join(words[0] for words in choices.values())
            self.problem(
                sheet,
                number,
                key,
                _("“%(value)s” không có trong danh sách: %(offered)s.") % {"value": raw, "offered": offered},
            )
        return value

    def day(self, sheet, number, cells, key, *, required: bool) -> datetime.date | None:
        value = cells.get(key)
        if value in (None, ""):
            if required:
                self.problem(sheet, number, key, _("Thiếu ngày."))
            return None
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            try:
                day = datetime.datetime.strptime(_text(value), "%d/%m/%Y").date()
            except ValueError:
                self.problem(sheet, number, key, _("Ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": value})
                return None
        if day > self.today:
            self.problem(sheet, number, key, _("Ngày %(date)s ở tương lai.") % {"date": f"{day:%d/%m/%Y}"})
            return None
        return day

    def text(self, sheet, number, cells, key, *, limit: int, required: bool = False) -> str:
        value = _text(cells.get(key))
        if required and not value:
            self.problem(sheet, number, key, _("Thiếu giá trị."))
        elif len(value) > limit:
            self.problem(sheet, number, key, _("Dài quá %(limit)s ký tự.") % {"limit": limit})
        return value

    def version(self, sheet, number, cells) -> LegalVersion | None:
        code = _text(cells.get("legal_version")).upper()
        version = self.versions.get(code)
        if version is None:
            self.problem(
                sheet,
                number,
                "legal_version",
                _("Không có văn bản mã “%(code)s”; dùng %(codes)s.")
                % {"code": code, "codes": ", ".join(self.versions)},
            )
        return version

    def area(self, sheet, number, cells, *, era: str | None, levels=()) -> Area | None:
        """The unit the row names (None if it names none, or wrongly: then with a problem), in the user's scope."""
        code, name = _text(cells.get("area_code")), _text(cells.get("area_name"))
        era_text = _text(cells.get("area_era"))
        if era_text:
            era = cols.choice_words(cols.AREA_ERAS).get(fold(era_text))
            if era is None:
                self.problem(sheet, number, "area_era", _("Thời kỳ phải là 2019 hoặc 2025."))
                return None
        if not code and not name:
            return None
        try:
            area = self.units.resolve(
                code=code,
                name=name,
                district=_text(cells.get("area_district")),
                province=_text(cells.get("area_province")),
                era=era,
                levels=levels,
            )
            self.plan.today(area)
        except ValidationError as error:
            self.problem(sheet, number, "area_code" if code else "area_name", " ".join(error.messages))
            return None
        return area

    def in_scope(self, sheet, number, key, *, province: Area, what) -> bool:
        if imports_into(self.by, province.pk):
            return True
        self.problem(
            sheet,
            number,
            key,
            _("%(what)s thuộc %(province)s, ngoài tỉnh của bạn.") % {"what": what, "province": province.name},
        )
        return False

    def compare(self, row, existing, values: dict[str, Any]) -> None:
        """Set the row's action: update when any value differs from the record's, unchanged otherwise."""
        if existing is None:
            row.action = CREATE
            return
        row.changes = {name: value for name, value in values.items() if _stored(existing, name) != _key(value)}
        row.action = UPDATE if row.changes else UNCHANGED
