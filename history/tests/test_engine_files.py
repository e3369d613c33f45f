"""Reading history files: the template's own sheets, a CSV of one sheet, files that are not history."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from history import columns as cols
from history.domain import check_bundle
from history.reading import read_bundle
from history.template import build_template


def test_template_has_the_guide_first_required_headings_starred_and_lists():
    book = load_workbook(io.BytesIO(build_template()))
    assert book.sheetnames == [cols.GUIDE_TITLE, *(s.title for s in cols.SHEETS)]
    results = book[cols.RESULTS_SHEET.title]
    headings = [c.value for c in results[1]]
    assert "Năm *" in headings and "Điểm" in headings
    assert results.cell(row=1, column=headings.index("Năm *") + 1).font.bold
    lists = {v.formula1 for v in results.data_validations.dataValidation}
    assert '"1 sao,2 sao,3 sao,4 sao,5 sao,Tiềm năng 5 sao,Không đạt"' in lists
    assert '"Cấp huyện,Cấp tỉnh,Cấp trung ương"' in lists
    bundle = read_bundle(io.BytesIO(build_template()), filename="mau.xlsx")
    assert all(s.present and not s.missing and not s.rows for s in bundle.sheets.values())


def test_csv_is_the_sheet_whose_headings_it_carries(erin, old_communes):
    commune = old_communes[0]
    text = f"TEN CHU THE;loai hinh;Mã địa bàn;Thời kỳ địa bàn\nHộ Lê Văn Cường;Hộ kinh doanh;{commune.code};2019\n"
    bundle = read_bundle(io.BytesIO(text.encode()), filename="chu-the.csv")
    assert [k for k, s in bundle.sheets.items() if s.present] == ["producers"]
    plan = check_bundle(bundle, by=erin)
    assert plan.problems == []
    assert [(r.values["name"], r.values["area"], r.values["tax_code"]) for r in plan.producers] == [
        ("Hộ Lê Văn Cường", commune, None)
    ]


def test_file_that_is_no_history_is_refused_in_vietnamese():
    with pytest.raises(ValidationError, match="Không nhận ra tệp CSV"):
        read_bundle(io.BytesIO(b"a,b\n1,2\n"), filename="x.csv")
    with pytest.raises(ValidationError, match="Không đọc được tệp"):
        read_bundle(io.BytesIO(b"not a zip"), filename="x.xlsx")


def test_ambiguous_commune_name_lists_its_candidates(erin, hanoi):
    text = "Tên chủ thể,Loại hình,Xã/phường,Thời kỳ địa bàn\nHTX A,HTX,Xã Phú Nghĩa,2019\n"
    plan = check_bundle(read_bundle(io.BytesIO(text.encode()), filename="a.csv"), by=erin)
    (problem,) = plan.problems
    assert (problem.sheet, problem.row, problem.column) == ("Chủ thể", 2, "Xã/phường")
    assert "trùng tên nhiều đơn vị" in problem.message
    assert "Huyện Chương Mỹ" in problem.message
