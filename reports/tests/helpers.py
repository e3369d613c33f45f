import html
import io
import re

from openpyxl import load_workbook


def page_rows(content: str, key: str) -> list[list[str]]:
    """The cells of a report table on the page, as text."""
    section = re.search(rf'<section id="table-{key}">(.*?)</section>', content, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def page_row(content: str, key: str, label: str) -> list[str]:
    return next(row for row in page_rows(content, key) if row[0] == label)


def workbook_sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def sheet_row(rows: list[tuple], label: str) -> tuple:
    return next(row for row in rows if row and row[0] == label)


def api_row(body: dict, key: str, label: str) -> list:
    table = next(t for t in body["tables"] if t["key"] == key)
    return next(row for row in table["rows"] if row[0] == label)
