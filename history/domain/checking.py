"""Checking a history file: every row of every sheet, every problem at once, and every row resolved (its unit,
the records it names or matches, what applying it will do), so that writing needs no more look-ups.

Rows refer to each other: a product names its producer, a result or a certificate its product, in the file or
already on the platform. A row that names a row with problems gets no problem of its own for it (the problem is
reported once, where it is)."""

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_officer_for
from areas.domain import current_units
from areas.lookup import UnitResolver
from areas.models import Area
from certificates.models import Certificate
from certificates.rules import can_import
from certificates.validity import expiry_for
from core.text import fold
from criteria.loading import CURRENT_VERSION
from criteria.models import CriteriaSet, LegalVersion
from producers.domain import normalise_phone
from producers.models import Producer
from producers.validators import normalise_tax_code, validate_tax_code
from products.models import Product
from scoring.engine import band

from .. import columns as cols
from ..models import CouncilLevel, PastResult, ResultKind
from ..reading import Bundle
from .plan import CREATE, UNCHANGED, UPDATE, CertificateRow, Plan, Problem, ProducerRow, ProductRow, ResultRow

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


def _identity(record) -> tuple:
    """What two references to one producer or product have in common: its id once it exists, else its row."""
    if isinstance(record, (ProducerRow, ProductRow)):
        return ("db", record.existing.pk) if record.existing else ("new", record.number)
    return ("db", record.pk)


class _Checker:
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
            current_units(area)
        except ValidationError as error:
            self.problem(sheet, number, "area_code" if code else "area_name", " ".join(error.messages))
            return None
        return area

    def in_scope(self, sheet, number, key, *, province: Area, what) -> bool:
        if is_officer_for(self.by, Producer(current_province_id=province.pk)):
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
        row.changes = {name: value for name, value in values.items() if getattr(existing, name) != value}
        row.action = UPDATE if row.changes else UNCHANGED

    # Producers ---------------------------------------------------------------------------------------------

    def check_producers(self) -> None:
        sheet, rows = cols.PRODUCERS, self.bundle["producers"].rows
        taxes = {normalise_tax_code(_text(c.get("tax_code"))) for _n, c in rows} - {""}
        existing_by_tax = {
            p.tax_code: p for p in Producer.objects.filter(tax_code__in=taxes).select_related("current_province")
        }
        households: dict[int, dict[str, Producer]] = {}
        seen: dict[tuple, int] = {}
        for number, cells in rows:
            self.tick()
            row = ProducerRow(sheet=sheet.key, number=number)
            tax = normalise_tax_code(_text(cells.get("tax_code")))
            if tax:
                try:
                    validate_tax_code(tax)
                except ValidationError as error:
                    self.problem(sheet, number, "tax_code", " ".join(error.messages))
            name = self.text(sheet, number, cells, "name", limit=255, required=True)
            kind = self.choice(sheet, number, cells, "kind", cols.PRODUCER_KINDS, required=True)
            gender = self.choice(sheet, number, cells, "representative_gender", cols.GENDERS, required=False)
            phone = _text(cells.get("phone"))
            if phone:
                try:
                    phone = normalise_phone(phone)
                except ValidationError as error:
                    self.problem(sheet, number, "phone", " ".join(error.messages))
            area = self.area(sheet, number, cells, era=None, levels=(Area.Level.COMMUNE,))
            if area is None and not self.has_problems(sheet, number):
                self.problem(sheet, number, "area_code", _("Ghi mã xã, hoặc tên xã cùng huyện và tỉnh."))
            if area is not None:
                row.province = current_units(area)[1]
                self.in_scope(sheet, number, "area_code", province=row.province, what=area)
            key = ("tax", tax) if tax else ("name", fold(name), area.pk if area else None)
            if key in seen:
                self.problem(
                    sheet,
                    number,
                    "tax_code" if tax else "name",
                    _("Trùng chủ thể ở dòng %(row)s.") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
            if tax:
                row.existing = existing_by_tax.get(tax)
            elif area is not None:
                if area.pk not in households:
                    households[area.pk] = {
                        fold(p.name): p for p in Producer.objects.filter(area=area, tax_code__isnull=True)
                    }
                row.existing = households[area.pk].get(fold(name))
            if row.existing is not None and not is_officer_for(
                self.by, Producer(current_province_id=row.existing.current_province_id)
            ):
                self.problem(
                    sheet,
                    number,
                    "tax_code" if tax else "name",
                    _("Chủ thể này đã có trên nền tảng, ở %(province)s, ngoài tỉnh của bạn.")
                    % {"province": row.existing.current_province.name},
                )
            row.values = {
                "name": name,
                "kind": kind,
                "tax_code": tax or None,
                "area": area,
                "street_address": self.text(sheet, number, cells, "street_address", limit=255),
                "representative_name": self.text(sheet, number, cells, "representative_name", limit=150),
                "representative_gender": gender or "",
                "phone": phone,
            }
            if row.existing is not None:
                # A blank optional cell keeps what the record has.
                given = {k: v for k, v in row.values.items() if v not in ("", None) or k == "tax_code"}
                self.compare(row, row.existing, given)
            broken = self.has_problems(sheet, number)
            target = BROKEN if broken else row
            if tax:
                self.producers_by_tax.setdefault(tax, target)
            if name:
                self.producers_by_name[fold(name)].append(target)
            if not broken:
                self.plan.producers.append(row)

    def producer_ref(self, sheet, number, tax_key: str, tax: str, name: str):
        """The producer a row names, by tax code or by name: a row of the file, a producer on the platform, BROKEN,
        or None with a problem."""
        tax = normalise_tax_code(tax)
        if tax:
            found = self.producers_by_tax.get(tax)
            if found is not None:
                return found
            if tax not in self._db_producers:
                self._db_producers[tax] = (
                    Producer.objects.filter(tax_code=tax).select_related("area", "current_province").first()
                )
            producer = self._db_producers[tax]
            if producer is None:
                self.problem(
                    sheet,
                    number,
                    tax_key,
                    _("Không có chủ thể mã số thuế %(tax)s trên nền tảng hay ở trang Chủ thể.") % {"tax": tax},
                )
                return None
            return producer if self.visible_producer(sheet, number, tax_key, producer) else None
        if not name:
            self.problem(sheet, number, tax_key, _("Ghi mã số thuế chủ thể, hoặc tên chủ thể."))
            return None
        found = self.producers_by_name.get(fold(name), [])
        if len(found) > 1:
            self.problem(
                sheet,
                number,
                "producer_name",
                _("Có %(count)s chủ thể tên “%(name)s” ở trang Chủ thể: hãy ghi mã số thuế.")
                % {"count": len(found), "name": name},
            )
            return None
        if found:
            return found[0]
        candidates = [
            p
            for p in Producer.objects.visible_to(self.by)
            .filter(search_key__startswith=f" {fold(name)} ")
            .select_related("area", "current_province")
            if fold(p.name) == fold(name)
        ]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            message = _("Có %(count)s chủ thể tên “%(name)s” trên nền tảng: hãy ghi mã số thuế.")
        else:
            message = _("Không có chủ thể tên “%(name)s” trên nền tảng hay ở trang Chủ thể.")
        self.problem(sheet, number, "producer_name", message % {"count": len(candidates), "name": name})
        return None

    def visible_producer(self, sheet, number, key, producer: Producer) -> bool:
        if is_officer_for(self.by, Producer(current_province_id=producer.current_province_id)):
            return True
        self.problem(
            sheet,
            number,
            key,
            _("Chủ thể %(name)s ở %(province)s, ngoài tỉnh của bạn.")
            % {"name": producer.name, "province": producer.current_province.name},
        )
        return False

    # Products ----------------------------------------------------------------------------------------------

    def check_products(self) -> None:
        sheet, rows = cols.PRODUCTS, self.bundle["products"].rows
        codes = {_text(c.get("official_code")).upper() for _n, c in rows} - {""}
        by_code = {
            p.official_code: p for p in Product.objects.filter(official_code__in=codes).select_related("producer")
        }
        seen: dict[tuple, int] = {}
        for number, cells in rows:
            self.tick()
            row = ProductRow(sheet=sheet.key, number=number)
            code = self.text(sheet, number, cells, "official_code", limit=40).upper()
            producer = self.producer_ref(
                sheet,
                number,
                "producer_tax_code",
                _text(cells.get("producer_tax_code")),
                _text(cells.get("producer_name")),
            )
            name = self.text(sheet, number, cells, "name", limit=255, required=True)
            criteria_set = None
            raw_set = _text(cells.get("criteria_set"))
            if not raw_set:
                self.problem(sheet, number, "criteria_set", _("Thiếu giá trị."))
            else:
                criteria_set = self.criteria_sets.get(int(raw_set)) if raw_set.isdigit() else None
                if criteria_set is None:
                    self.problem(sheet, number, "criteria_set", _("Bộ sản phẩm phải là số từ 1 đến 26."))
            specification = self.text(sheet, number, cells, "specification", limit=255)
            if producer is BROKEN or producer is None:
                if producer is BROKEN:
                    self.bad.add((sheet.key, number))
                if code:
                    self.products_by_code.setdefault(code, BROKEN)
                continue
            row.producer = producer
            row.province = producer.province if isinstance(producer, ProducerRow) else producer.current_province
            owner = _identity(producer)
            key = ("code", code) if code else ("name", owner, fold(name))
            if key in seen:
                self.problem(
                    sheet,
                    number,
                    "official_code" if code else "name",
                    _("Trùng sản phẩm ở dòng %(row)s.") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
            row.existing = by_code.get(code) if code else None
            if row.existing is None and owner[0] == "db":
                row.existing = self.db_products_of(owner[1]).get(fold(name))
                if row.existing is not None and code and row.existing.official_code != code:
                    self.problem(
                        sheet,
                        number,
                        "official_code",
                        _("Sản phẩm “%(name)s” của chủ thể này đã có mã %(code)s.")
                        % {"name": name, "code": row.existing.official_code},
                    )
            if row.existing is not None and _identity(row.existing.producer) != owner:
                self.problem(
                    sheet,
                    number,
                    "official_code",
                    _("Mã sản phẩm %(code)s là của chủ thể %(producer)s.")
                    % {"code": code, "producer": row.existing.producer.name},
                )
            row.official_code = code
            row.values = {"name": name, "criteria_set": criteria_set}
            if specification:
                row.values["specification"] = specification
            self.compare(row, row.existing, row.values)
            broken = self.has_problems(sheet, number)
            target = BROKEN if broken else row
            if code:
                self.products_by_code.setdefault(code, target)
            self.products_by_name.setdefault((owner, fold(name)), target)
            if not broken:
                self.plan.products.append(row)

    def db_products_of(self, producer_id: int) -> dict[str, Product]:
        if producer_id not in self._db_products_of:
            self._db_products_of[producer_id] = {
                fold(p.name): p for p in Product.objects.filter(producer_id=producer_id).select_related("producer")
            }
        return self._db_products_of[producer_id]

    def product_ref(self, sheet, number, cells):
        """The product a result or certificate names: by official code, or by producer and product name."""
        code = _text(cells.get("official_code")).upper()
        if code:
            found = self.products_by_code.get(code)
            if found is not None:
                return found
            if code not in self._db_products:
                self._db_products[code] = (
                    Product.objects.filter(official_code=code)
                    .select_related("producer__area", "producer__current_province")
                    .first()
                )
            product = self._db_products[code]
            if product is None:
                self.problem(
                    sheet,
                    number,
                    "official_code",
                    _("Không tìm thấy sản phẩm mã %(code)s trên nền tảng hay ở trang Sản phẩm.") % {"code": code},
                )
                return None
            return product if self.visible_producer(sheet, number, "official_code", product.producer) else None
        name = _text(cells.get("product_name"))
        tax, producer_name = _text(cells.get("tax_code")), _text(cells.get("producer_name"))
        if not name or not (tax or producer_name):
            self.problem(
                sheet,
                number,
                "official_code",
                _("Ghi mã sản phẩm, hoặc chủ thể (mã số thuế hay tên) cùng tên sản phẩm."),
            )
            return None
        producer = self.producer_ref(sheet, number, "tax_code", tax, producer_name)
        if producer is None or producer is BROKEN:
            return producer
        owner = _identity(producer)
        found = self.products_by_name.get((owner, fold(name)))
        if found is not None:
            return found
        product = self.db_products_of(owner[1]).get(fold(name)) if owner[0] == "db" else None
        if product is None:
            self.problem(
                sheet,
                number,
                "product_name",
                _("Không tìm thấy sản phẩm “%(name)s” của chủ thể %(producer)s trên nền tảng hay ở trang Sản phẩm.")
                % {
                    "name": name,
                    "producer": producer.values["name"] if isinstance(producer, ProducerRow) else producer,
                },
            )
        return product

    def home_area(self, product) -> Area:
        producer = product.producer
        if isinstance(producer, ProducerRow):
            return producer.values["area"] if producer.values["area"] else producer.existing.area
        return producer.area

    # Results -----------------------------------------------------------------------------------------------

    def check_results(self) -> None:
        sheet, rows = cols.RESULTS_SHEET, self.bundle["results"].rows
        existing_ids = set()
        staged = []
        seen: dict[tuple, int] = {}
        for number, cells in rows:
            self.tick()
            row = ResultRow(sheet=sheet.key, number=number)
            product = self.product_ref(sheet, number, cells)
            year = None
            raw_year = _text(cells.get("year"))
            if not raw_year:
                self.problem(sheet, number, "year", _("Thiếu giá trị."))
            elif not raw_year.isdigit() or not FIRST_YEAR <= int(raw_year) <= self.today.year:
                self.problem(
                    sheet,
                    number,
                    "year",
                    _("Năm phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": self.today.year},
                )
            else:
                year = int(raw_year)
            version = self.version(sheet, number, cells)
            if version and year:
                last = version.effective_to.year if version.effective_to else self.today.year
                if not version.effective_from.year <= year <= last:
                    self.problem(
                        sheet,
                        number,
                        "legal_version",
                        _("%(version)s áp dụng từ %(start)s đến %(end)s, không phải năm %(year)s.")
                        % {"version": version, "start": version.effective_from.year, "end": last, "year": year},
                    )
            level = self.choice(sheet, number, cells, "level", cols.LEVELS, required=True)
            result = self.choice(sheet, number, cells, "result", cols.RESULTS, required=True)
            score = self.score(sheet, number, cells)
            self.check_result_rules(sheet, number, version=version, level=level, result=result, score=score)
            decision_number = self.text(sheet, number, cells, "decision_number", limit=50)
            decision_date = self.day(sheet, number, cells, "decision_date", required=False)
            if decision_number or decision_date:
                if result and result not in RECOGNISED and result != ResultKind.POTENTIAL_FIVE:
                    self.problem(
                        sheet, number, "decision_number", _("Kết quả dưới 3 sao không có quyết định công nhận.")
                    )
                if decision_number and not decision_date and cells.get("decision_date") in (None, ""):
                    self.problem(sheet, number, "decision_date", _("Có số quyết định thì ghi cả ngày quyết định."))
                if decision_date and not decision_number:
                    self.problem(sheet, number, "decision_number", _("Có ngày quyết định thì ghi cả số quyết định."))
                if decision_date and year and decision_date.year < year:
                    self.problem(
                        sheet,
                        number,
                        "decision_date",
                        _("Ngày quyết định %(date)s trước năm đánh giá %(year)s.")
                        % {"date": f"{decision_date:%d/%m/%Y}", "year": year},
                    )
            era = None
            if year:
                era = Area.Era.LEGACY if year < REFORM_DATE.year else None
            if decision_date:
                era = Area.Era.LEGACY if decision_date < REFORM_DATE else Area.Era.CURRENT
            area = self.area(sheet, number, cells, era=era)
            if product is None or product is BROKEN:
                if product is BROKEN:
                    self.bad.add((sheet.key, number))
                continue
            row.product = product
            if isinstance(product, ProductRow) and year:
                product.first_year = min(product.first_year or year, year)
            area = area or self.home_area(product)
            commune, province = current_units(area)
            row.province = province
            self.in_scope(sheet, number, "area_code", province=province, what=area)
            key = (_identity(product), year, level)
            if key in seen:
                self.problem(
                    sheet,
                    number,
                    "year",
                    _("Trùng kết quả (cùng sản phẩm, năm và cấp) ở dòng %(row)s.") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
            row.values = {
                "year": year,
                "legal_version": version,
                "level": level,
                "score": score,
                "result": result,
                "stars": int(result) if result and result.isdigit() else None,
                "decision_number": decision_number,
                "decision_date": decision_date,
                "area": area,
                "current_commune": commune,
                "current_province": province,
            }
            if key[0][0] == "db":
                existing_ids.add(key[0][1])
            staged.append((row, key))
            if decision_number and not self.has_problems(sheet, number):
                self.results_by_decision[(key[0], decision_number)].append(row.values)
        existing = {
            (r.product_id, r.year, r.level): r
            for r in PastResult.objects.filter(product_id__in=existing_ids).select_related(
                "legal_version", "area", "current_commune", "current_province"
            )
        }
        for row, key in staged:
            if self.has_problems(sheet, row.number):
                continue
            if key[0][0] == "db":
                row.existing = existing.get((key[0][1], key[1], key[2]))
            self.compare(row, row.existing, row.values)
            self.plan.results.append(row)

    def score(self, sheet, number, cells) -> Decimal | None:
        raw = cells.get("score")
        if raw in (None, ""):
            return None
        try:
            score = Decimal(_text(raw).replace(",", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.problem(sheet, number, "score", _("Điểm “%(value)s” không phải là số.") % {"value": raw})
            return None
        if not 0 <= score <= 100:
            self.problem(sheet, number, "score", _("Điểm phải từ 0 đến 100 (đang ghi %(value)s).") % {"value": raw})
            return None
        return score

    def check_result_rules(self, sheet, number, *, version, level, result, score) -> None:
        """The rules of the time: 5★ is national; districts evaluated (to 3★) until QĐ 1489; "potential 5★" is a
        province's result of 90 or more; stars never above the score's band (the same 90/70/50/30 cut points
        in every version, criteria minimums may lower them)."""
        if level == CouncilLevel.DISTRICT:
            if version is not None and version.code not in DISTRICT_VERSIONS:
                self.problem(
                    sheet, number, "level", _("Từ QĐ 1489/QĐ-TTg (06/07/2025) cấp huyện không còn đánh giá sản phẩm.")
                )
            if result and result not in DISTRICT_RESULTS:
                self.problem(sheet, number, "result", _("Hội đồng cấp huyện chỉ đánh giá đến 3 sao."))
        if level in (CouncilLevel.DISTRICT, CouncilLevel.PROVINCE) and result == ResultKind.FIVE:
            self.problem(
                sheet,
                number,
                "result",
                _("5 sao do Bộ (cấp trung ương) công nhận; kết quả từ 90 điểm của cấp tỉnh ghi “Tiềm năng 5 sao”."),
            )
        if level == CouncilLevel.CENTRAL and result == ResultKind.POTENTIAL_FIVE:
            self.problem(sheet, number, "result", _("“Tiềm năng 5 sao” là kết quả của hội đồng cấp tỉnh."))
        if score is None or not result:
            return
        if result == ResultKind.POTENTIAL_FIVE and score < 90:
            self.problem(sheet, number, "result", _("“Tiềm năng 5 sao” cần từ 90 điểm."))
        if result.isdigit() and int(result) > band(score):
            self.problem(
                sheet,
                number,
                "result",
                _("%(score)s điểm chỉ đạt %(band)s sao.") % {"score": score, "band": band(score)},
            )

    # Certificates ------------------------------------------------------------------------------------------

    def check_certificates(self) -> None:
        sheet, rows = cols.CERTIFICATES, self.bundle["certificates"].rows
        numbers = {_text(c.get("number")) for _n, c in rows} - {""}
        by_number = {c.number: c for c in Certificate.objects.filter(number__in=numbers)}
        seen_numbers: dict[str, int] = {}
        seen: dict[tuple, int] = {}
        staged = []
        for number, cells in rows:
            self.tick()
            row = CertificateRow(sheet=sheet.key, number=number)
            product = self.product_ref(sheet, number, cells)
            row.decision_number = self.text(sheet, number, cells, "decision_number", limit=50, required=True)
            row.decision_date = self.day(sheet, number, cells, "decision_date", required=True)
            stars = _text(cells.get("stars"))
            if stars in ("3", "4", "5"):
                row.stars = int(stars)
            else:
                self.problem(
                    sheet, number, "stars", _("Hạng sao phải là 3, 4 hoặc 5 (đang ghi “%(value)s”).") % {"value": stars}
                )
            row.legal_version = self.version(sheet, number, cells)
            if row.legal_version and row.decision_date and row.decision_date < row.legal_version.effective_from:
                self.problem(
                    sheet,
                    number,
                    "legal_version",
                    _("%(version)s có hiệu lực từ %(date)s, sau ngày quyết định.")
                    % {"version": row.legal_version, "date": f"{row.legal_version.effective_from:%d/%m/%Y}"},
                )
            row.issued_on = self.day(sheet, number, cells, "issued_on", required=False) or row.decision_date
            if row.issued_on and row.decision_date and row.issued_on < row.decision_date:
                self.problem(sheet, number, "issued_on", _("Ngày cấp không được trước ngày quyết định."))
            era = None
            if row.decision_date:
                era = Area.Era.LEGACY if row.decision_date < REFORM_DATE else Area.Era.CURRENT
            row.area = self.area(sheet, number, cells, era=era)
            row.number_given = self.text(sheet, number, cells, "number", limit=40)
            if row.number_given:
                if row.number_given in seen_numbers:
                    self.problem(
                        sheet,
                        number,
                        "number",
                        _("Số giấy chứng nhận %(number)s trùng dòng %(row)s.")
                        % {"number": row.number_given, "row": seen_numbers[row.number_given]},
                    )
                seen_numbers.setdefault(row.number_given, number)
            if product is None or product is BROKEN:
                if product is BROKEN:
                    self.bad.add((sheet.key, number))
                continue
            row.product = product
            row.area = row.area or self.home_area(product)
            row.province = current_units(row.area)[1]
            self.in_scope(sheet, number, "area_code", province=row.province, what=row.area)
            owner = _identity(product)
            key = (owner, row.decision_number)
            if row.decision_number and key in seen:
                self.problem(
                    sheet,
                    number,
                    "decision_number",
                    _("Sản phẩm này đã có giấy chứng nhận theo quyết định %(number)s ở dòng %(row)s.")
                    % {"number": row.decision_number, "row": seen[key]},
                )
            seen.setdefault(key, number)
            self.check_tied_result(sheet, number, owner, row)
            staged.append((row, owner))
        owners = {owner[1] for _row, owner in staged if owner[0] == "db"}
        by_decision = {(c.product_id, c.decision_number): c for c in Certificate.objects.filter(product_id__in=owners)}
        for row, owner in staged:
            if self.has_problems(sheet, row.number):
                continue
            existing = by_number.get(row.number_given) if row.number_given else None
            by_key = by_decision.get((owner[1], row.decision_number)) if owner[0] == "db" else None
            if existing is not None and (owner[0] != "db" or existing.product_id != owner[1]):
                self.problem(
                    sheet,
                    row.number,
                    "number",
                    _("Số giấy chứng nhận %(number)s đã cấp cho sản phẩm khác.") % {"number": row.number_given},
                )
                continue
            row.existing = existing or by_key
            values = {
                "stars": row.stars,
                "legal_version": row.legal_version,
                "province": row.province,
                "area_at_issue": row.area,
                "decision_number": row.decision_number,
                "decision_date": row.decision_date,
                "issued_on": row.issued_on,
                "expires_on": expiry_for(row.issued_on),
            }
            if row.number_given:
                values["number"] = row.number_given
            self.compare(row, row.existing, values)
            if row.action == UPDATE and not row.existing.imported:
                self.problem(
                    sheet,
                    row.number,
                    "",
                    _("Giấy chứng nhận %(number)s được cấp trên nền tảng: không sửa bằng tệp nhập.")
                    % {"number": row.existing.number},
                )
                continue
            self.plan.certificates.append(row)

    def check_tied_result(self, sheet, number, owner, row: CertificateRow) -> None:
        """A certificate follows a recognition: when the file or the platform has the product's result under the
        same decision, it must be a recognised one of the same stars."""
        results = list(self.results_by_decision.get((owner, row.decision_number), []))
        if not results and owner[0] == "db" and row.decision_number:
            results = [
                {"result": r.result, "year": r.year}
                for r in PastResult.objects.filter(product_id=owner[1], decision_number=row.decision_number)
            ]
        for result in results:
            if result["result"] not in RECOGNISED:
                self.problem(
                    sheet,
                    number,
                    "decision_number",
                    _("Quyết định %(number)s ghi kết quả năm %(year)s là “%(result)s”, không phải công nhận 3–5 sao.")
                    % {
                        "number": row.decision_number,
                        "year": result["year"],
                        "result": ResultKind(result["result"]).label,
                    },
                )
            elif row.stars and int(result["result"]) != row.stars:
                self.problem(
                    sheet,
                    number,
                    "stars",
                    _("Kết quả đánh giá năm %(year)s theo quyết định này là %(result)s sao.")
                    % {"year": result["year"], "result": result["result"]},
                )

    # Whole file --------------------------------------------------------------------------------------------

    def check(self) -> Plan:
        for rows in self.bundle.sheets.values():
            for heading in rows.missing:
                if rows.rows:
                    self.plan.problems.append(
                        Problem(
                            sheet=rows.sheet.title,
                            row=1,
                            column=heading,
                            message=_("Thiếu cột “%(heading)s”.") % {"heading": heading},
                        )
                    )
        if self.plan.problems:
            return self.plan
        if not self.bundle.row_count:
            self.plan.problems.append(Problem(sheet="", row=2, column="", message=_("Tệp không có dòng dữ liệu nào.")))
            return self.plan
        self.check_producers()
        self.check_products()
        self.check_results()
        self.check_certificates()
        order = {s.title: i for i, s in enumerate(cols.SHEETS)}
        self.plan.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row))
        return self.plan


def check_bundle(bundle: Bundle, *, by, progress=None) -> Plan:
    """Check every row of every sheet of `bundle` for `by`, who must be allowed to import (a province's OCOP
    officer, for their province only, or an administrator; PermissionDenied otherwise). Returns the Plan: all
    problems (sheet, row, column, Vietnamese message), and each good row resolved, with whether it creates,
    updates or leaves its record unchanged. Writes nothing. `progress(done, total)` is called every few hundred
    rows."""
    if not can_import(by):
        raise PermissionDenied
    return _Checker(bundle, by=by, progress=progress).check()
