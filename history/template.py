"""The downloadable history workbook: a guide sheet first, then the four sheets with their headings (required
ones bold, starred and shaded) and drop-down lists for the enumerated columns."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from criteria.loading import LEGAL_VERSIONS

from .columns import GUIDE_TITLE, SHEETS

REQUIRED_FILL = PatternFill("solid", fgColor="FFF4E0")
DATE_ROWS = 500  # cells formatted as dates below each date heading


def _lists(sheet) -> dict[str, list[str]]:
    lists = {c.key: c.offered for c in sheet.columns if c.choices}
    if any(c.key == "legal_version" for c in sheet.columns):
        lists["legal_version"] = [v[0] for v in LEGAL_VERSIONS]
    return lists


def build_template() -> bytes:
    """The blank workbook to fill in: "Hướng dẫn" (each sheet and column, the codes of the legal versions, an
    example row per sheet), then "Chủ thể", "Sản phẩm", "Kết quả đánh giá" and "Giấy chứng nhận"."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_TITLE
    bold = Font(bold=True)
    guide.append([_("Nhập lịch sử OCOP: chủ thể, sản phẩm, kết quả đánh giá và giấy chứng nhận từ năm 2019")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(
        [
            _(
                "Điền các trang cần nhập (trang để trống được bỏ qua). Cột có dấu * là bắt buộc. Tiêu đề cột so khớp "
                "không phân biệt hoa thường, dấu; thứ tự cột tùy ý. Nhập lại cùng tệp không tạo bản ghi trùng; dòng "
                "đã sửa sẽ cập nhật bản ghi. Nếu một dòng sai, không dòng nào được nhập."
            )
        ]
    )
    guide.append([])
    for sheet in SHEETS:
        guide.append([sheet.title])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True, size=12)
        guide.append([str(sheet.help)])
        guide.append([_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Giá trị được phép"), _("Ví dụ")])
        for cell in guide[guide.max_row]:
            cell.font = bold
        lists = _lists(sheet)
        for column in sheet.columns:
            guide.append(
                [
                    column.heading,
                    _("Có") if column.required else "",
                    str(column.help),
                    ", ".join(lists.get(column.key, [])),
                    sheet.example.get(column.key, ""),
                ]
            )
        guide.append([])
    guide.append([_("Văn bản áp dụng")])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True, size=12)
    for code, name, _signed, start, end in LEGAL_VERSIONS:
        until = f"{end:%d/%m/%Y}" if end else _("nay")
        guide.append([code, "", f"{name}: {start:%d/%m/%Y} – {until}"])
    for letter, width in zip("ABCDE", (28, 10, 90, 40, 30), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    last_row = settings.HISTORY_IMPORT_MAX_ROWS + 1
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.append([f"{c.heading} *" if c.required else c.heading for c in sheet.columns])
        worksheet.freeze_panes = "A2"
        lists = _lists(sheet)
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=index)
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = max(14, len(cell.value) + 4)
            if column.required:
                cell.font = bold
                cell.fill = REQUIRED_FILL
            if column.key in lists:
                validation = DataValidation(
                    type="list",
                    formula1=f'"{",".join(lists[column.key])}"',
                    allow_blank=not column.required,
                    showErrorMessage=True,
                    error=_("Chọn một giá trị trong danh sách."),
                )
                validation.add(f"{letter}2:{letter}{last_row}")
                worksheet.add_data_validation(validation)
            if column.kind == "date":
                for row in range(2, DATE_ROWS + 2):
                    worksheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
