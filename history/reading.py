"""Reading a history file (.xlsx with up to four sheets, or one .csv) into plain rows, through `core.tables`.

Which sheet a table is: in a workbook, its title ("Chủ thể", "Sản phẩm", "Kết quả đánh giá", "Giấy chứng nhận",
ignoring case and diacritics); a sheet with another title, and any CSV file, is the sheet whose headings it
carries most of (a CSV holds one sheet's columns). The guide sheet and tables that match no sheet are skipped."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import tables
from core.text import fold

from .columns import BY_KEY, GUIDE_TITLE, SHEETS, Sheet


@dataclass
class SheetRows:
    """One sheet's data: each non-empty row's number in the file and its cells by column key."""

    sheet: Sheet
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required headings not found
    present: bool = False


@dataclass
class Bundle:
    filename: str
    sheets: dict[str, SheetRows]

    def __getitem__(self, key: str) -> SheetRows:
        return self.sheets[key]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets.values())


def limits() -> tables.Limits:
    """The limits of one history file: `HISTORY_IMPORT_MAX_ROWS` rows per sheet, and room for that many rows of
    about a dozen cells in the whole file."""
    rows = settings.HISTORY_IMPORT_MAX_ROWS
    return tables.Limits(
        rows=rows,
        cells=rows * 20,
        strings=rows * 12,
        elements=rows * 50,
        file_bytes=settings.HISTORY_IMPORT_MAX_BYTES,
        part_bytes=max(20 * tables.MB, settings.HISTORY_IMPORT_MAX_BYTES * 8),
        workbook_bytes=max(50 * tables.MB, settings.HISTORY_IMPORT_MAX_BYTES * 16),
    )


def _by_headings(header) -> Sheet | None:
    scores = []
    for sheet in SHEETS:
        positions = sheet.match(header)
        required = [c.key for c in sheet.columns if c.required]
        scores.append((sum(k in positions for k in required) * 2 + len(positions), sheet))
    scores.sort(key=lambda s: -s[0])
    best, second = scores[0], scores[1]
    if best[0] == 0:
        return None
    if best[0] == second[0]:
        return None
    return best[1]


def _by_title(title: str) -> Sheet | None:
    return next((s for s in SHEETS if fold(s.title) == fold(title)), None)


def _rows(sheet: Sheet, table: tables.Table) -> SheetRows:
    positions = sheet.match(table.header)
    result = SheetRows(sheet=sheet, present=True)
    result.missing = [c.heading for c in sheet.columns if c.required and c.key not in positions]
    for number, values in table.rows:
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if any(v not in (None, "") for v in cells.values()):
            result.rows.append((number, cells))
    return result


def read_bundle(file, *, filename: str) -> Bundle:
    """Read an .xlsx or .csv history file. Missing sheets are empty. Raises ValidationError (Vietnamese) for a
    file that cannot be read, passes a limit (see `limits`), holds a sheet twice or none that is recognised."""
    bundle = Bundle(filename=filename, sheets={s.key: SheetRows(sheet=s) for s in SHEETS})
    name = filename.lower()
    if name.endswith(".csv"):
        table = tables.read_csv(file, limits=limits())
        sheet = _by_headings(table.header)
        if sheet is None:
            raise ValidationError(
                _("Không nhận ra tệp CSV là trang nào: dòng đầu phải là các tiêu đề cột của một trang trong mẫu."),
                code="history_unknown_sheet",
            )
        bundle.sheets[sheet.key] = _rows(sheet, table)
        return bundle
    if not name.endswith(".xlsx"):
        raise ValidationError(_("Hãy chọn tệp .xlsx hoặc .csv."), code="history_file_type")
    for title, table in tables.read_workbook_sheets(file, limits=limits()):
        if fold(title) == fold(GUIDE_TITLE):
            continue
        sheet = _by_title(title) or _by_headings(table.header)
        if sheet is None:
            continue
        if bundle.sheets[sheet.key].present:
            raise ValidationError(
                _("Tệp có hai trang “%(sheet)s”: mỗi trang chỉ một lần."), params={"sheet": sheet.title}
            )
        bundle.sheets[sheet.key] = _rows(sheet, table)
    if not any(s.present for s in bundle.sheets.values()):
        raise ValidationError(
            _("Tệp không có trang nào theo mẫu (%(sheets)s)."),
            code="history_unknown_sheet",
            params={"sheets": ", ".join(s.title for s in SHEETS)},
        )
    return bundle


__all__ = ["BY_KEY", "Bundle", "SheetRows", "limits", "read_bundle"]
