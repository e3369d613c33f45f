"""Reading uploaded tables within limits (core.tables): every row counts, empty ones too; a workbook's parts are
checked before openpyxl reads them; every refusal says why, in Vietnamese."""

import io

import pytest
from django.core.exceptions import ValidationError

from core.tables import Limits, read_csv, read_workbook

from .factories import (
    SHEET,
    STYLES,
    empty_rows_workbook,
    replace_parts,
    shared_string_workbook,
    sheet_xml,
    workbook_bytes,
)

SMALL = Limits(rows=10, columns=5, cell_chars=20)


def refusal(reader, data: bytes, limits: Limits = SMALL) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        reader(io.BytesIO(data), limits=limits)
    return caught.value


def test_read_workbook_gives_the_header_and_the_filled_rows_with_their_numbers():
    data = workbook_bytes([("Tên", "Số"), ("  Mứt gừng ", 3), (None, None), ("Chè", 4.5)])
    table = read_workbook(io.BytesIO(data), limits=SMALL)
    assert table.header == ("Tên", "Số", None, None, None)
    assert table.rows == [(2, ("Mứt gừng", 3, None, None, None)), (4, ("Chè", 4.5, None, None, None))]


def test_hostile_workbooks_are_what_openpyxl_reads():
    # The factories replace the parts openpyxl really reads, so the refusals below are about real workbooks.
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Tên</t></is></c></row><row r="2"><c r="A2"><v>7</v></c></row>'
    table = read_workbook(io.BytesIO(replace_parts(workbook_bytes(), {SHEET: sheet_xml(rows.encode())})), limits=SMALL)
    assert (table.header[0], table.rows) == ("Tên", [(2, (7, None, None, None, None))])
    assert read_workbook(io.BytesIO(shared_string_workbook(12)), limits=SMALL).header[0] == "A" * 12
    assert read_workbook(io.BytesIO(empty_rows_workbook(9)), limits=SMALL).rows == []


def test_read_workbook_reads_no_column_past_the_limit():
    table = read_workbook(io.BytesIO(workbook_bytes([tuple(range(8))])), limits=SMALL)
    assert table.header == (0, 1, 2, 3, 4)


def test_read_workbook_allows_exactly_the_row_limit():
    rows = [("Tên",)] + [(f"sản phẩm {n}",) for n in range(10)]
    assert len(read_workbook(io.BytesIO(workbook_bytes(rows)), limits=SMALL).rows) == 10


def test_read_workbook_refuses_one_row_more_than_the_limit():
    rows = [("Tên",)] + [(f"sản phẩm {n}",) for n in range(11)]
    error = refusal(read_workbook, workbook_bytes(rows))
    assert error.messages == ["Tệp có hơn 10 dòng (kể cả dòng trống); mỗi lần nhập tối đa 10 dòng."]


def test_read_workbook_counts_empty_rows_against_the_limit():
    assert refusal(read_workbook, empty_rows_workbook(11)).code == "table_rows"


def test_read_workbook_stops_at_the_first_row_past_the_limit_of_millions():
    assert refusal(read_workbook, empty_rows_workbook(3_000_000), Limits()).code == "table_rows"


def test_read_workbook_counts_a_far_numbered_empty_row():
    data = replace_parts(workbook_bytes(), {SHEET: sheet_xml(b'<row r="1048576"/>')})
    assert refusal(read_workbook, data).code == "table_rows"


def test_read_workbook_refuses_a_part_that_unpacks_past_the_limit():
    error = refusal(read_workbook, shared_string_workbook(2_000_000), Limits(part_bytes=1024 * 1024))
    assert error.messages == [
        "Tệp chứa quá nhiều dữ liệu khi giải nén (1,9 MB, tối đa 1 MB). Hãy chỉ giữ lại bảng cần nhập."
    ]


def test_read_workbook_refuses_text_longer_than_an_excel_cell_holds():
    error = refusal(read_workbook, shared_string_workbook(40_000), Limits())
    assert error.messages == ["Tệp có ô dài hơn 32767 ký tự, quá mức một ô Excel chứa được."]


def test_read_workbook_refuses_a_cell_longer_than_the_limit():
    error = refusal(read_workbook, workbook_bytes([("Tên", "Ghi chú"), ("Chè", "x" * 21)]))
    assert error.messages == ["Ô B2 dài 21 ký tự; tối đa 20 ký tự."]


def test_read_workbook_refuses_a_row_with_too_many_cells():
    data = replace_parts(workbook_bytes(), {SHEET: sheet_xml(b'<row r="1">' + b"<c/>" * 1001 + b"</row>")})
    assert refusal(read_workbook, data, Limits()).messages == ["Dòng 1 có hơn 1000 ô."]


def test_read_workbook_refuses_too_many_cells():
    rows = [tuple(range(5))] * 6
    assert refusal(read_workbook, workbook_bytes(rows), Limits(rows=10, cells=29)).code == "table_budget"


def test_read_workbook_refuses_too_many_strings():
    rows = [(f"chữ {n}",) for n in range(8)]
    error = refusal(read_workbook, workbook_bytes(rows), Limits(rows=10, strings=7))
    assert error.messages == ["Tệp có hơn 7 ô chữ khác nhau; mỗi lần nhập tối đa 10 dòng."]


def test_read_workbook_refuses_too_many_styles():
    data = workbook_bytes()
    styles = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>'
    styles += b'<xf numFmtId="0"/>' * 10_001 + b"</cellXfs></styleSheet>"
    error = refusal(read_workbook, replace_parts(data, {STYLES: styles}), Limits())
    assert error.code == "table_budget"
    assert "định dạng" in error.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"not a workbook",
        b"PK\x03\x04broken",
        replace_parts(workbook_bytes(), {"xl/workbook.xml": b"<workbook"}),
        replace_parts(workbook_bytes(), {SHEET: sheet_xml(b'<row r="1"><c r="A1" t="s"><v>5</v></c></row>')}),
    ],
    ids=["text", "broken zip", "broken XML", "missing shared string"],
)
def test_read_workbook_refuses_what_is_no_readable_workbook(data):
    error = refusal(read_workbook, data)
    assert error.messages == ["Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu."]


def encrypted(workbook: bytes) -> bytes:
    """`workbook` with every part flagged as encrypted, as a password-protected zip is."""
    data = bytearray(workbook)
    for signature, flag in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flag] |= 1
            start = data.find(signature, start + 4)
    return bytes(data)


def test_read_workbook_refuses_a_zip_of_encrypted_parts():
    assert refusal(read_workbook, encrypted(workbook_bytes())).code == "table_unreadable"


def test_read_workbook_refuses_a_file_over_its_size_limit():
    error = refusal(read_workbook, workbook_bytes(), Limits(file_bytes=1000))
    assert error.code == "table_too_large"


def test_read_csv_gives_the_header_and_the_filled_rows():
    data = "\ufeffTên;Số\n Mứt gừng ;3\n;\nChè;4\n".encode()
    table = read_csv(io.BytesIO(data), limits=SMALL)
    assert table.header == ("Tên", "Số")
    assert table.rows == [(2, ("Mứt gừng", "3")), (4, ("Chè", "4"))]


def test_read_csv_counts_blank_lines_against_the_row_limit():
    assert refusal(read_csv, b"T\n" + b"\n" * 11).code == "table_rows"


def test_read_csv_refuses_a_cell_longer_than_the_limit():
    assert refusal(read_csv, b"T,G\nx," + b"y" * 21 + b"\n").messages == ["Ô B2 dài 21 ký tự; tối đa 20 ký tự."]


def test_read_csv_refuses_text_that_is_not_utf8():
    assert refusal(read_csv, "Tên,Giá\nChè,1\n".encode("cp1252")).code == "table_unreadable"
