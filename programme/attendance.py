"""Importing an event's attendance sheet (.xlsx or .csv): its columns, the downloadable template, and the import
itself — every row checked first, problems reported by row and column in Vietnamese, nothing written unless
every row is right, and a sheet imported twice adding nobody twice."""

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core import tables
from core.text import fold
from producers.models import Producer

from . import rules
from .domain import add_attendee, attendee_key
from .models import Attendee, Event

MAX_ROWS = 2000
LIMITS = tables.Limits(rows=MAX_ROWS)


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool
    help: Any


# Headings are the file format: Vietnamese in every UI language, matched without regard to case or diacritics.
COLUMNS = [
    Column("name", "Họ và tên", True, gettext_lazy("Họ tên người tham dự.")),
    Column("kind", "Đối tượng", True, gettext_lazy("Cán bộ hoặc Chủ thể.")),
    Column("level", "Cấp", False, gettext_lazy("Với cán bộ: Tỉnh, Xã hoặc Khác.")),
    Column(
        "tax_code",
        "Mã số thuế chủ thể",
        False,
        gettext_lazy("Với chủ thể đã có trên nền tảng: mã số thuế hoặc số định danh của chủ thể."),
    ),
    Column("organisation", "Đơn vị / chủ thể", False, gettext_lazy("Cơ quan của cán bộ, hoặc tên chủ thể chưa có.")),
    Column("position", "Chức vụ", False, gettext_lazy("Tùy chọn.")),
    Column("phone", "Điện thoại", False, gettext_lazy("Tùy chọn.")),
]
HEADINGS = {c.key: c.heading for c in COLUMNS}
KINDS = {"can bo": Attendee.Kind.OFFICIAL, "chu the": Attendee.Kind.PRODUCER}
LEVELS = {
    "tinh": Attendee.Level.PROVINCE,
    "cap tinh": Attendee.Level.PROVINCE,
    "xa": Attendee.Level.COMMUNE,
    "cap xa": Attendee.Level.COMMUNE,
    "khac": Attendee.Level.OTHER,
    "": Attendee.Level.OTHER,
}
LENGTHS = {"name": 150, "organisation": 255, "position": 150, "phone": 20}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class AttendanceReport:
    rows: int = 0
    added: int = 0
    already: int = 0  # rows naming someone already on the list (or twice in the sheet): skipped
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def read(file, *, name: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """The sheet's non-empty rows (row number, cells by column key) and the required headings it lacks. `name`
    is the uploaded file's name: .csv is read as CSV, anything else as .xlsx. ValidationError if unreadable."""
    if name.lower().endswith(".csv"):
        table = tables.read_csv(file, limits=LIMITS)
    else:
        table = tables.read_workbook(file, limits=LIMITS)
    by_heading = {fold(c.heading): c.key for c in COLUMNS}
    positions = {by_heading[fold(str(h))]: i for i, h in enumerate(table.header) if h and fold(str(h)) in by_heading}
    missing = [c.heading for c in COLUMNS if c.required and c.key not in positions]
    rows = []
    for number, values in table.rows:
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if any(v not in (None, "") for v in cells.values()):
            rows.append((number, cells))
    return rows, missing


def import_attendance(*, event: Event, file, name: str, by, dry_run: bool = False) -> AttendanceReport:
    """Add the attendees listed in an attendance sheet to `event`. Each row is an official (with a level) or a
    producer's person (linked to the producer by its tax code when it is on the platform and in `by`'s scope,
    otherwise kept by name). Every row is checked first; if any is wrong, nothing is written and the report lists
    each problem. A row naming someone already on the list, or twice in the sheet, is skipped, so importing the
    same sheet again adds nobody. With `dry_run`, only checks. Otherwise one transaction, each attendee audited.
    Raises PermissionDenied unless `by` may edit the event, ValidationError if the file cannot be read."""
    if not rules.can_edit_event(by, event):
        raise PermissionDenied
    rows, missing = read(file, name=name)
    report = AttendanceReport(rows=len(rows), dry_run=dry_run)
    report.errors = [
        RowError(row=1, column=heading, message=_("Thiếu cột “%(heading)s”.") % {"heading": heading})
        for heading in missing
    ]
    if report.errors:
        return report
    if not rows:
        report.errors.append(RowError(row=2, column="", message=_("Tệp không có dòng dữ liệu nào.")))
        return report
    taxes = {_text(cells.get("tax_code")) for _n, cells in rows} - {""}
    producers = {p.tax_code: p for p in Producer.objects.visible_to(by).filter(tax_code__in=taxes)}
    known = set(Attendee.objects.filter(event=event).values_list("key", flat=True))
    checked = []

    def error(number: int, key: str, message: str) -> None:
        report.errors.append(RowError(row=number, column=HEADINGS[key], message=message))

    for number, cells in rows:
        values = {key: _text(cells.get(key)) for key in HEADINGS}
        before = len(report.errors)
        if not values["name"]:
            error(number, "name", _("Thiếu họ tên."))
        for key, limit in LENGTHS.items():
            if len(values[key]) > limit:
                error(number, key, _("Dài quá %(limit)s ký tự.") % {"limit": limit})
        kind = KINDS.get(fold(values["kind"]))
        level, producer = "", None
        if kind is None:
            error(
                number,
                "kind",
                _("Đối tượng phải là “Cán bộ” hoặc “Chủ thể” (đang ghi “%(value)s”).") % {"value": values["kind"]},
            )
        elif kind == Attendee.Kind.OFFICIAL:
            level = LEVELS.get(fold(values["level"]))
            if level is None:
                error(
                    number,
                    "level",
                    _("Cấp phải là Tỉnh, Xã hoặc Khác (đang ghi “%(value)s”).") % {"value": values["level"]},
                )
            if values["tax_code"]:
                error(number, "tax_code", _("Cán bộ không ghi mã số thuế chủ thể."))
        elif values["tax_code"]:
            producer = producers.get(values["tax_code"])
            if producer is None:
                error(
                    number,
                    "tax_code",
                    _("Không tìm thấy chủ thể mã số thuế %(tax)s trong địa bàn của bạn.") % {"tax": values["tax_code"]},
                )
        elif not values["organisation"]:
            error(number, "organisation", _("Ghi mã số thuế hoặc tên chủ thể."))
        if len(report.errors) > before:
            continue
        key = attendee_key(kind=kind, level=level, producer_id=producer.pk if producer else None, name=values["name"])
        if key in known:
            report.already += 1
            continue
        known.add(key)
        checked.append((number, kind, level, producer, values))
    report.errors.sort(key=lambda e: e.row)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for number, kind, level, producer, values in checked:
            add_attendee(
                event=event,
                by=by,
                note=_("Nhập từ danh sách điểm danh, dòng %(row)s") % {"row": number},
                kind=kind,
                level=level,
                producer=producer,
                name=values["name"],
                organisation=values["organisation"],
                position=values["position"],
                phone=values["phone"],
            )
            report.added += 1
    return report


def template() -> bytes:
    """The blank attendance sheet: the header row, lists for the kind and level, and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Điểm danh"
    sheet.append([c.heading for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF4E0")
        sheet.column_dimensions[cell.column_letter].width = max(16, len(column.heading) + 4)
    letters = {c.key: sheet.cell(row=1, column=i).column_letter for i, c in enumerate(COLUMNS, start=1)}
    for key, choices in (("kind", "Cán bộ,Chủ thể"), ("level", "Tỉnh,Xã,Khác")):
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=key == "level")
        validation.add(f"{letters[key]}2:{letters[key]}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    notes = workbook.create_sheet("Hướng dẫn")
    notes.append([_("Cột"), _("Bắt buộc"), _("Cách ghi")])
    for column in COLUMNS:
        notes.append([column.heading, _("Có") if column.required else "", str(column.help)])
    notes.append([])
    notes.append([_("Nếu một dòng sai, không dòng nào được nhập. Người đã có trong danh sách được bỏ qua.")])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
