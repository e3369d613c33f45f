"""Reading an uploaded table (an .xlsx workbook or a CSV file) into rows, within limits, for every import.

A hostile file must cost little: a workbook is a zip of XML parts, so a small upload can unpack to hundreds of
megabytes (one huge shared string) or millions of rows, and openpyxl builds Python objects for all of it. So,
before openpyxl sees a workbook, its parts are checked: their unpacked sizes (from the zip directory, which
zipfile enforces while reading), then every XML part is streamed through expat, counting rows, cells and
elements and measuring text, stopping at the first limit passed. Only then does openpyxl read it, streaming
(read-only mode), and no further than the row and column limits."""

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

MB = 1024 * 1024
EXCEL_CELL_CHARS = 32767  # the most Excel itself holds in one cell
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What one import may hold. openpyxl spends about 20 µs on a cell, 80 µs on a shared string and 200 µs on
    a style or any other element outside the rows, so the defaults keep a hostile workbook to a few seconds."""

    rows: int = 5000  # rows under the header, empty ones included
    columns: int = 50  # columns read; cells further right are ignored
    cell_chars: int = 1000  # characters in one cell that is read
    file_bytes: int = 10 * MB  # the uploaded file
    part_bytes: int = 20 * MB  # any part of a workbook, unpacked
    workbook_bytes: int = 50 * MB  # all parts of a workbook, unpacked
    parts: int = 200  # parts in a workbook
    cells_per_row: int = 1000  # cells in one row of any sheet, empty styled ones included
    cells: int = 100_000  # cells in all sheets
    strings: int = 60_000  # shared and inline strings
    elements: int = 400_000  # XML elements in all parts
    other_elements: int = 10_000  # elements outside the rows and the shared strings: styles, merged cells…


@dataclass(frozen=True)
class Table:
    """A table's header (its first row) and its other non-empty rows, each with its row number in the file.
    Text is stripped; cells left of `Limits.columns` only."""

    header: tuple[Any, ...]
    rows: list[tuple[int, tuple[Any, ...]]]


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",").removesuffix(",0")


def _check_file_size(file, limits: Limits) -> None:
    size = _size_of(file)
    if size > limits.file_bytes:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB."),
            code="table_too_large",
            params={"size": _megabytes(size), "limit": _megabytes(limits.file_bytes)},
        )


def _unreadable_workbook() -> ValidationError:
    return ValidationError(_("Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu."), code="table_unreadable")


def _too_many_rows(limits: Limits) -> ValidationError:
    return ValidationError(
        _("Tệp có hơn %(max)s dòng (kể cả dòng trống); mỗi lần nhập tối đa %(max)s dòng."),
        code="table_rows",
        params={"max": limits.rows},
    )


def _too_much_data(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("Tệp chứa quá nhiều dữ liệu khi giải nén (%(size)s MB, tối đa %(limit)s MB). Hãy chỉ giữ lại bảng cần nhập."),
        code="table_unpacked_size",
        params={"size": _megabytes(size), "limit": _megabytes(limit)},
    )


def _cell_too_long(column: int, row: int, length: int, limits: Limits) -> ValidationError:
    return ValidationError(
        _("Ô %(cell)s dài %(length)s ký tự; tối đa %(max)s ký tự."),
        code="table_cell_length",
        params={"cell": f"{get_column_letter(column)}{row}", "length": length, "max": limits.cell_chars},
    )


class _Scan:
    """Streams one XML part of a workbook through expat and counts against the workbook's `budget`, raising a
    ValidationError at the first limit passed: a row numbered past the row limit, a row with too many cells, too
    many cells, strings or elements in the whole workbook, or an element holding more text than a cell can."""

    DATA = {"sheetData", "sst"}  # what is inside these is rows, cells and strings; the rest is "other"

    def __init__(self, limits: Limits, budget: dict[str, int]):
        self.limits, self.budget = limits, budget
        self.row = self.cells = self.text = self.data_depth = 0
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters

    def spend(self, key: str) -> None:
        self.budget[key] -= 1
        if self.budget[key] < 0:
            limit = getattr(self.limits, key)
            messages = {
                "cells": _("Tệp có hơn %(max)s ô; mỗi lần nhập tối đa %(rows)s dòng."),
                "strings": _("Tệp có hơn %(max)s ô chữ khác nhau; mỗi lần nhập tối đa %(rows)s dòng."),
                "elements": _("Tệp có hơn %(max)s thành phần; mỗi lần nhập tối đa %(rows)s dòng."),
                "other_elements": _(
                    "Tệp có hơn %(max)s định dạng, ô gộp hoặc thành phần phụ; hãy dán dữ liệu vào tệp mẫu."
                ),
            }
            raise ValidationError(messages[key], code="table_budget", params={"max": limit, "rows": self.limits.rows})

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        self.text = 0
        self.spend("elements")
        if self.data_depth == 0:
            if local in self.DATA:
                self.data_depth = 1
            else:
                self.spend("other_elements")
        else:
            self.data_depth += 1
        if local == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            if self.row > self.limits.rows + 1:
                raise _too_many_rows(self.limits)
            self.cells = 0
        elif local == "c":
            self.spend("cells")
            self.cells += 1
            if self.cells > self.limits.cells_per_row:
                raise ValidationError(
                    _("Dòng %(row)s có hơn %(max)s ô."),
                    code="table_row_width",
                    params={"row": self.row, "max": self.limits.cells_per_row},
                )
        elif local in ("si", "is"):
            self.spend("strings")

    def end(self, name: str) -> None:
        if self.data_depth:
            self.data_depth -= 1

    def characters(self, data: str) -> None:
        self.text += len(data)
        if self.text > EXCEL_CELL_CHARS:
            raise ValidationError(
                _("Tệp có ô dài hơn %(max)s ký tự, quá mức một ô Excel chứa được."),
                code="table_text_length",
                params={"max": EXCEL_CELL_CHARS},
            )

    def feed(self, stream) -> None:
        while chunk := stream.read(CHUNK):
            self.parser.Parse(chunk, False)
        self.parser.Parse(b"", True)


def _inspect_workbook(file, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable_workbook() from None
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.parts:
            raise ValidationError(
                _("Tệp có quá nhiều thành phần (%(count)s); hãy dùng tệp Excel .xlsx theo mẫu."),
                code="table_parts",
                params={"count": len(parts)},
            )
        for part in parts:
            if part.file_size > limits.part_bytes:
                raise _too_much_data(part.file_size, limits.part_bytes)
        total = sum(part.file_size for part in parts)
        if total > limits.workbook_bytes:
            raise _too_much_data(total, limits.workbook_bytes)
        budget = {key: getattr(limits, key) for key in ("cells", "strings", "elements", "other_elements")}
        try:
            for part in parts:
                with archive.open(part) as stream:
                    # Whatever its name, a part that is XML is read by openpyxl if the workbook points to it.
                    if stream.read(256).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                        with archive.open(part) as again:
                            _Scan(limits, budget).feed(again)
        # RuntimeError: a part is encrypted; NotImplementedError: an unknown compression.
        except (expat.ExpatError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
            raise _unreadable_workbook() from None


def _clean(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.strip() if isinstance(v, str) else v for v in values)


def _is_empty(values: tuple[Any, ...]) -> bool:
    return all(v in (None, "") for v in values)


def _check_cells(number: int, values: tuple[Any, ...], limits: Limits) -> None:
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and len(value) > limits.cell_chars:
            raise _cell_too_long(column, number, len(value), limits)


def read_workbook(file, *, limits: Limits | None = None) -> Table:
    """The first worksheet of an .xlsx `file` (header on row 1), within `limits` (default `Limits()`); a
    ValidationError in Vietnamese if the file is not a readable workbook or passes a limit. Reads nothing
    beyond the limits."""
    sheets = read_workbook_sheets(file, limits=limits, first_only=True)
    if not sheets:
        raise _unreadable_workbook()
    return sheets[0][1]


def read_workbook_sheets(file, *, limits: Limits | None = None, first_only: bool = False) -> list[tuple[str, Table]]:
    """Every worksheet of an .xlsx `file` as (title, table), header on row 1 of each, within `limits` (the row
    and column limits apply to each sheet, the others to the whole file); a ValidationError in Vietnamese as
    `read_workbook`."""
    limits = limits or Limits()
    _check_file_size(file, limits)
    _inspect_workbook(file, limits)
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
        raise _unreadable_workbook() from None
    sheets = []
    try:
        for worksheet in workbook.worksheets[:1] if first_only else workbook.worksheets:
            rows = worksheet.iter_rows(max_row=limits.rows + 1, max_col=limits.columns, values_only=True)
            header: tuple[Any, ...] = ()
            data = []
            for number, values in enumerate(rows, start=1):
                values = _clean(values)
                _check_cells(number, values, limits)
                if number == 1:
                    header = values
                elif not _is_empty(values):
                    data.append((number, values))
            sheets.append((worksheet.title, Table(header=header, rows=data)))
    # IndexError: a cell points past the shared strings.
    except (KeyError, IndexError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile, OSError):
        raise _unreadable_workbook() from None
    finally:
        workbook.close()
    return sheets


def read_csv(file, *, limits: Limits | None = None) -> Table:
    """A CSV `file` in UTF-8 (with or without BOM; comma, semicolon or tab separated; header on row 1), within
    `limits` (default `Limits()`); a ValidationError in Vietnamese if it cannot be read or passes a limit."""
    limits = limits or Limits()
    _check_file_size(file, limits)
    unreadable = ValidationError(
        _("Không đọc được tệp CSV: hãy lưu tệp dạng CSV UTF-8 (phân cách bằng dấu phẩy)."), code="table_unreadable"
    )
    try:
        text = file.read(limits.file_bytes + 1).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise unreadable from None
    try:
        dialect = csv.Sniffer().sniff(text[:CHUNK], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    header: tuple[Any, ...] = ()
    data = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if number > limits.rows + 1:
                raise _too_many_rows(limits)
            values = _clean(tuple(record[: limits.columns]))
            _check_cells(number, values, limits)
            if number == 1:
                header = values
            elif not _is_empty(values):
                data.append((number, values))
    except csv.Error:
        raise unreadable from None
    return Table(header=header, rows=data)
