"""The report's tables as a workbook (one sheet per table, or the one asked for) and as a PDF, printed from the
same `Table` values as the page: numbers stay numbers, and the scope and filters head every sheet and the PDF."""

import io
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from core import pdf_fonts

from .figures import Table

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SHEET_TITLE_LIMIT = 31


def _sheet_title(table: Table, used: set[str]) -> str:
    title = table.title[:SHEET_TITLE_LIMIT]
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    n = 2
    base = title
    while title in used:
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_LIMIT - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def workbook(tables: list[Table], scope_lines: list[tuple[str, str]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        for label, value in scope_lines:
            sheet.append([label, value])
        sheet.append([])
        for label, value in table.notes:
            sheet.append([label, _cell(value)])
        sheet.append(table.columns)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=True):
                if isinstance(value, Decimal):
                    cell.number_format = "0.0"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
                elif hasattr(value, "isoformat"):
                    cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for index, _column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 40 if index == 1 else 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def separators() -> tuple[str, str]:
    """The active language's thousands and decimal separators, for `display`."""
    from django.utils.formats import get_format

    return get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")


def display(value, marks: tuple[str, str] | None = None) -> str:
    """A value as the page prints it: integers with thousands separators, percentages to one decimal (the active
    language's separators, `marks` when the caller read them once for a whole table; groups of three in every
    language we serve, see ocop/formats). Written out rather than through `number_format`, which looks the format
    up again for every cell of a long table."""
    from django.utils.formats import localize

    if value is None:
        return "–"
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        thousands, decimal = marks or separators()
        whole, _dot, fraction = (f"{value:,.1f}" if isinstance(value, Decimal) else f"{value:,}").partition(".")
        whole = whole.replace(",", thousands)
        return f"{whole}{decimal}{fraction}" if fraction else whole
    if hasattr(value, "isoformat"):
        return value.strftime("%d/%m/%Y")
    return localize(value)


def pdf(tables: list[Table], scope_lines: list[tuple[str, str]], *, title: str) -> bytes:
    pdf_fonts.register()
    base = ParagraphStyle("base", fontName=pdf_fonts.REGULAR, fontSize=8.5, leading=11)
    heading = ParagraphStyle("heading", parent=base, fontName=pdf_fonts.BOLD, fontSize=11, leading=14, spaceBefore=8)
    big = ParagraphStyle("title", parent=base, fontName=pdf_fonts.BOLD, fontSize=14, leading=18)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, title=title)
    story = [Paragraph(title, big)]
    for label, value in scope_lines:
        story.append(Paragraph(f"<b>{_escape(label)}:</b> {_escape(value)}", base))
    for table in tables:
        story.append(Paragraph(_escape(table.title), heading))
        for label, value in table.notes:
            story.append(Paragraph(f"{_escape(label)}: <b>{_escape(display(value))}</b>", base))
        if not table.rows:
            story.append(Paragraph(_escape(_("Không có số liệu.")), base))
            continue
        data = [[Paragraph(_escape(c), base) for c in table.columns]]
        data += [[Paragraph(_escape(display(v)), base) for v in row] for row in table.rows]
        width = doc.width / len(table.columns)
        grid = PdfTable(
            data,
            colWidths=[width * 1.6]
            + [(doc.width - width * 1.6) / max(len(table.columns) - 1, 1)] * (len(table.columns) - 1),
            repeatRows=1,
        )
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [grid, Spacer(1, 4 * mm)]
    doc.build(story)
    return out.getvalue()


def _escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
