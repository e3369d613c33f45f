"""The .xlsx format for importing certificates recognised before the platform: its columns, reading a
filled-in workbook into plain rows, and the downloadable template."""

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core import tables
from core.text import fold
from criteria.loading import LEGAL_VERSIONS

MAX_ROWS = 5000
LIMITS = tables.Limits(rows=MAX_ROWS)


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool
    help: Any


# Headings are part of the file format, so they stay Vietnamese in every UI language; they are matched
# without regard to case or diacritics, in any order. The help texts are translated.
COLUMNS = [
    Column(
        "official_code",
        "Mã sản phẩm",
        False,
        gettext_lazy(
            "Mã sản phẩm trên nền tảng, vd. 01-10030-3-2026. Nếu để trống, ghi mã số thuế chủ thể và tên sản phẩm."
        ),
    ),
    Column("tax_code", "Mã số thuế chủ thể", False, gettext_lazy("Dùng khi không có mã sản phẩm.")),
    Column("product_name", "Tên sản phẩm", False, gettext_lazy("Dùng khi không có mã sản phẩm; đúng tên đã đăng ký.")),
    Column("decision_number", "Số quyết định", True, gettext_lazy("Số quyết định công nhận, vd. 1234/QĐ-UBND.")),
    Column("decision_date", "Ngày quyết định", True, gettext_lazy("dd/mm/yyyy hoặc ô kiểu ngày.")),
    Column("stars", "Hạng sao", True, gettext_lazy("3, 4 hoặc 5.")),
    Column(
        "legal_version",
        "Văn bản áp dụng",
        True,
        gettext_lazy("Mã văn bản: QD1048_2019, QD148_2023, QD148_1489_2025, QD26_2026."),
    ),
    Column("number", "Số giấy chứng nhận", False, gettext_lazy("Số in trên giấy; để trống thì nền tảng cấp số.")),
    Column(
        "area_code",
        "Mã địa bàn khi cấp",
        True,
        gettext_lazy("Mã tỉnh (2 số), huyện (3 số) hoặc xã (5 số) ghi trên quyết định, theo danh mục của thời kỳ đó."),
    ),
    Column(
        "area_era",
        "Thời kỳ địa bàn",
        False,
        gettext_lazy("2019 (trước 01/07/2025, 63 tỉnh) hoặc 2025 (hiện nay). Để trống: theo ngày quyết định."),
    ),
    Column("issued_on", "Ngày cấp", False, gettext_lazy("dd/mm/yyyy; để trống thì bằng ngày quyết định.")),
]
HEADINGS = {c.key: c.heading for c in COLUMNS}


@dataclass
class Sheet:
    """The workbook's data: for each non-empty row, its row number and its cells by column key."""

    rows: list[tuple[int, dict[str, Any]]]
    missing: list[str]  # required headings not found


def read(file) -> Sheet:
    """Read the first worksheet of an .xlsx file (header on row 1), within `LIMITS`. Raises ValidationError if
    the file is not a readable workbook or passes a limit (see core.tables)."""
    table = tables.read_workbook(file, limits=LIMITS)
    by_heading = {fold(c.heading): c.key for c in COLUMNS}
    positions = {by_heading[fold(str(h))]: i for i, h in enumerate(table.header) if h and fold(str(h)) in by_heading}
    missing = [c.heading for c in COLUMNS if c.required and c.key not in positions]
    rows = []
    for number, values in table.rows:
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if any(v not in (None, "") for v in cells.values()):
            rows.append((number, cells))
    return Sheet(rows=rows, missing=missing)


def template() -> bytes:
    """The blank template: the header row with lists for stars and legal versions, and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Giấy chứng nhận"
    sheet.append([c.heading for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF4E0")
        sheet.column_dimensions[cell.column_letter].width = max(16, len(column.heading) + 4)
    letters = {c.key: sheet.cell(row=1, column=i).column_letter for i, c in enumerate(COLUMNS, start=1)}
    for key, choices in (
        ("stars", "3,4,5"),
        ("legal_version", ",".join(v[0] for v in LEGAL_VERSIONS)),
        ("area_era", "2019,2025"),
    ):
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=key == "area_era")
        validation.add(f"{letters[key]}2:{letters[key]}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    for key in ("decision_date", "issued_on"):
        for row in range(2, 202):
            sheet[f"{letters[key]}{row}"].number_format = "DD/MM/YYYY"
    notes = workbook.create_sheet("Hướng dẫn")
    notes.append([_("Cột"), _("Bắt buộc"), _("Cách ghi")])
    for column in COLUMNS:
        notes.append([column.heading, _("Có") if column.required else "", str(column.help)])
    notes.append([])
    notes.append([_("Sản phẩm phải có sẵn trên nền tảng; nếu một dòng sai, không dòng nào được nhập.")])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
