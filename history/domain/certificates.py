"""Importing certificates recognised before the platform, so a province can bring its history in. Every row
is validated first; the import is all-or-nothing, with a per-row report in Vietnamese."""

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from certificates.domain import issue_certificate
from certificates.models import Certificate
from certificates.rules import can_import
from core.text import fold
from criteria.models import LegalVersion
from products.models import Product

from .. import workbook as xlsx

# Units changed on 01/07/2025: a decision before that date names a unit of the 63-province era.
REFORM_DATE = datetime.date(2025, 7, 1)
ERA_WORDS = {"2019": Area.Era.LEGACY, "2025": Area.Era.CURRENT, "cu": Area.Era.LEGACY, "hien nay": Area.Era.CURRENT}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: list[Certificate] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    product: Product | None = None
    decision_number: str = ""
    decision_date: datetime.date | None = None
    stars: int | None = None
    legal_version: LegalVersion | None = None
    certificate_number: str = ""
    area: Area | None = None
    province: Area | None = None
    issued_on: datetime.date | None = None


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class _Validator:
    """Turns the sheet's raw rows into checked rows, collecting every problem with its row and column."""

    def __init__(self, *, by, sheet: xlsx.Sheet):
        self.by, self.sheet = by, sheet
        self.errors: list[RowError] = []
        self.today = timezone.localdate()
        self.versions = {v.code: v for v in LegalVersion.objects.all()}
        products = Product.objects.visible_to(by).select_related("producer")
        codes = {_text(c.get("official_code")) for _n, c in sheet.rows} - {""}
        taxes = {_text(c.get("tax_code")) for _n, c in sheet.rows} - {""}
        self.by_code = {p.official_code: p for p in products.filter(official_code__in=codes)}
        self.by_tax_name: dict[tuple[str, str], Product] = {
            (p.producer.tax_code, fold(p.name)): p for p in products.filter(producer__tax_code__in=taxes)
        }
        numbers = {_text(c.get("number")) for _n, c in sheet.rows} - {""}
        self.taken_numbers = set(Certificate.objects.filter(number__in=numbers).values_list("number", flat=True))
        self.seen_numbers: set[str] = set()
        self.seen_decisions: set[tuple[int, str]] = set()

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=xlsx.HEADINGS[key], message=message))

    def check(self, number: int, cells: dict[str, Any]) -> _Row:
        row = _Row(number=number)
        row.product = self._product(number, cells)
        row.decision_number = _text(cells.get("decision_number"))
        if not row.decision_number:
            self.error(number, "decision_number", _("Thiếu số quyết định."))
        row.decision_date = self._day(number, "decision_date", cells.get("decision_date"), required=True)
        stars = _text(cells.get("stars"))
        if stars in ("3", "4", "5"):
            row.stars = int(stars)
        else:
            self.error(number, "stars", _("Hạng sao phải là 3, 4 hoặc 5 (đang ghi “%(value)s”).") % {"value": stars})
        code = _text(cells.get("legal_version")).upper()
        row.legal_version = self.versions.get(code)
        if row.legal_version is None:
            self.error(
                number,
                "legal_version",
                _("Không có văn bản mã “%(code)s”; dùng %(codes)s.")
                % {"code": code, "codes": ", ".join(self.versions)},
            )
        elif row.decision_date and row.decision_date < row.legal_version.effective_from:
            self.error(
                number,
                "legal_version",
                _("%(version)s có hiệu lực từ %(date)s, sau ngày quyết định.")
                % {"version": row.legal_version, "date": f"{row.legal_version.effective_from:%d/%m/%Y}"},
            )
        row.issued_on = self._day(number, "issued_on", cells.get("issued_on"), required=False) or row.decision_date
        if row.issued_on and row.decision_date and row.issued_on < row.decision_date:
            self.error(number, "issued_on", _("Ngày cấp không được trước ngày quyết định."))
        self._area(number, cells, row)
        self._numbers(number, cells, row)
        return row

    def _product(self, number: int, cells: dict[str, Any]) -> Product | None:
        code = _text(cells.get("official_code")).upper()
        if code:
            product = self.by_code.get(code)
            if product is None:
                self.error(number, "official_code", _("Không tìm thấy sản phẩm mã %(code)s.") % {"code": code})
            return product
        tax, name = _text(cells.get("tax_code")), _text(cells.get("product_name"))
        if not tax or not name:
            self.error(number, "official_code", _("Ghi mã sản phẩm, hoặc mã số thuế chủ thể cùng tên sản phẩm."))
            return None
        product = self.by_tax_name.get((tax, fold(name)))
        if product is None:
            self.error(
                number,
                "product_name",
                _("Không tìm thấy sản phẩm “%(name)s” của chủ thể mã số thuế %(tax)s (nền tảng không tự tạo sản phẩm).")
                % {"name": name, "tax": tax},
            )
        return product

    def _day(self, number: int, key: str, value: Any, *, required: bool) -> datetime.date | None:
        if value in (None, ""):
            if required:
                self.error(number, key, _("Thiếu ngày."))
            return None
        day = _date(value)
        if day is None:
            self.error(number, key, _("Ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": value})
        elif day > self.today:
            self.error(number, key, _("Ngày %(date)s ở tương lai.") % {"date": f"{day:%d/%m/%Y}"})
            return None
        return day

    def _area(self, number: int, cells: dict[str, Any], row: _Row) -> None:
        code = _text(cells.get("area_code"))
        era_text = fold(_text(cells.get("area_era")))
        if era_text:
            era = ERA_WORDS.get(era_text)
            if era is None:
                self.error(number, "area_era", _("Thời kỳ phải là 2019 hoặc 2025."))
                return
        else:
            era = Area.Era.LEGACY if row.decision_date and row.decision_date < REFORM_DATE else Area.Era.CURRENT
        if not code:
            self.error(number, "area_code", _("Thiếu mã địa bàn."))
            return
        candidates = {code} | ({code.zfill(n) for n in (2, 3, 5)} if code.isdigit() else set())
        areas = list(Area.objects.filter(era=era, code__in=candidates))
        exact = [a for a in areas if a.code == code]
        # A number cell loses its leading zeros: accept the one unit it can stand for.
        area = exact[0] if exact else (areas[0] if len(areas) == 1 else None)
        if area is None:
            self.error(
                number,
                "area_code",
                _("Không có đơn vị hành chính mã %(code)s thời kỳ %(era)s.") % {"code": code, "era": era},
            )
            return
        try:
            _commune, province = current_units(area)
        except ValidationError as error:
            self.error(number, "area_code", " ".join(error.messages))
            return
        if self.by.role == Role.PROVINCE_OFFICER and province.pk != self.by.area_id:
            self.error(
                number,
                "area_code",
                _("%(area)s thuộc %(province)s, ngoài tỉnh của bạn.") % {"area": area, "province": province},
            )
            return
        row.area, row.province = area, province

    def _numbers(self, number: int, cells: dict[str, Any], row: _Row) -> None:
        certificate_number = _text(cells.get("number"))
        if certificate_number:
            if len(certificate_number) > 40:
                self.error(number, "number", _("Số giấy chứng nhận dài quá 40 ký tự."))
            elif certificate_number in self.taken_numbers or certificate_number in self.seen_numbers:
                self.error(number, "number", _("Số giấy chứng nhận %(number)s đã có.") % {"number": certificate_number})
            self.seen_numbers.add(certificate_number)
            row.certificate_number = certificate_number
        if row.product and row.decision_number:
            key = (row.product.pk, row.decision_number)
            duplicate = (
                key in self.seen_decisions
                or Certificate.objects.filter(product=row.product, decision_number=row.decision_number).exists()
            )
            if duplicate:
                self.error(
                    number,
                    "decision_number",
                    _("Sản phẩm này đã có giấy chứng nhận theo quyết định %(number)s.")
                    % {"number": row.decision_number},
                )
            self.seen_decisions.add(key)


def import_certificates(*, workbook, by) -> ImportReport:
    """Import certificates recognised before the platform from an .xlsx `workbook` (file-like; columns in
    `history.workbook.COLUMNS`). Each row names an existing product (official code, or producer tax
    code + product name: products are never created), the decision (number, date), stars 3–5, the legal
    version code, optionally the certificate number and issue date, and the area code as it was then with
    its era (legacy communes and districts allowed).

    Validates every row first; if any row is wrong nothing is written and the report lists each problem
    (row, column, message). Otherwise, in one transaction: one Certificate per row (imported, keeping its
    legal version and old area, in the province that area rolls up to today, valid 36 months from issue),
    older certificates of the same product that a newer one replaced before expiry are marked superseded,
    and an audit entry per certificate. Raises PermissionDenied unless `by` may import, ValidationError if
    the file cannot be read."""
    if not can_import(by):
        raise PermissionDenied
    sheet = xlsx.read(workbook)
    report = ImportReport(rows=len(sheet.rows))
    report.errors.extend(
        RowError(row=1, column=heading, message=_("Thiếu cột “%(heading)s”.") % {"heading": heading})
        for heading in sheet.missing
    )
    if report.errors:
        return report
    if not sheet.rows:
        report.errors.append(RowError(row=2, column="", message=_("Tệp không có dòng dữ liệu nào.")))
        return report
    validator = _Validator(by=by, sheet=sheet)
    rows = [validator.check(number, cells) for number, cells in sheet.rows]
    report.errors = sorted(validator.errors, key=lambda e: e.row)
    if report.errors:
        return report
    with transaction.atomic():
        for row in rows:
            certificate = issue_certificate(
                number=row.certificate_number,
                product=row.product,
                stars=row.stars,
                legal_version=row.legal_version,
                province=row.province,
                area_at_issue=row.area,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                issued_on=row.issued_on,
                imported=True,
                by=by,
                note=_("Nhập giấy chứng nhận cũ, dòng %(row)s") % {"row": row.number},
            )
            report.created.append(certificate)
        _link_superseded(report.created, by=by)
    return report


def _link_superseded(created: list[Certificate], *, by) -> None:
    """Within each product's history, a certificate issued while the previous one was still valid replaced
    it (an upgrade or a re-recognition): mark the older one superseded, where the link is not set yet."""
    new_ids = {c.pk for c in created}
    for product_id in {c.product_id for c in created}:
        history = list(
            Certificate.objects.filter(product_id=product_id, withdrawn_on__isnull=True).order_by("issued_on", "id")
        )
        replacing = {c.superseded_by_id for c in history if c.superseded_by_id}
        for older, newer in itertools.pairwise(history):
            if not ({older.pk, newer.pk} & new_ids) or older.superseded_by_id or newer.pk in replacing:
                continue
            if older.issued_on < newer.issued_on <= older.expires_on:
                older.superseded_by = newer
                older.save(update_fields=["superseded_by"])
                replacing.add(newer.pk)
                audit.record(
                    actor=by,
                    action=AuditEntry.Action.UPDATE,
                    note=_("Được thay thế bằng giấy chứng nhận %(number)s") % {"number": newer.number},
                    obj=older,
                    before={"superseded_by": None},
                    after=audit.snapshot(older, ["superseded_by"]),
                )
