"""The province views and the inspection report as .xlsx workbooks: one sheet per table, with the scope and the
filters at the top of each, numbers as numbers and dates as dates."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def workbook(sheets: list[tuple[str, list[str], list[list]]], heading: list[tuple[str, str]]) -> bytes:
    """`sheets`: (title, columns, rows); `heading`: (label, value) lines printed above every table."""
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=13)
        for label, value in heading:
            sheet.append([label, value])
        sheet.append([])
        sheet.append(columns)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append(row)
            for cell, value in zip(sheet[sheet.max_row], row, strict=True):
                if isinstance(value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for index in range(1, len(columns) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 36 if index <= 2 else 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
