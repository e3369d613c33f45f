"""The shell commands: import_history (dry run, real run, template) and export_history."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from history import columns as cols
from history.models import PastResult
from producers.models import Producer

from .factories import province_history, workbook


@pytest.fixture
def history_file(tmp_path, old_communes):
    path = tmp_path / "lich-su.xlsx"
    path.write_bytes(workbook(province_history(old_communes, producers=2)).getvalue())
    return path


def test_import_history_dry_run_prints_each_problem_and_exits_non_zero(tmp_path, erin, old_communes):
    sheets = province_history(old_communes, producers=2)
    sheets["results"][1]["score"] = 120
    path = tmp_path / "sai.xlsx"
    path.write_bytes(workbook(sheets).getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi ở 1 dòng"):
        call_command("import_history", str(path), "--dry-run", "--user", "erin", stdout=out)
    assert out.getvalue() == "Kết quả đánh giá, dòng 3, cột Điểm: Điểm phải từ 0 đến 100 (đang ghi 120).\n"
    assert not Producer.objects.exists()


def test_import_history_dry_run_writes_nothing_and_the_real_run_prints_the_summary(history_file, erin):
    out = io.StringIO()
    call_command("import_history", str(history_file), "--dry-run", "--user", "erin", stdout=out)
    assert "Chủ thể: 2 mới, 0 sửa, 0 không đổi" in out.getvalue()
    assert not Producer.objects.exists()
    out = io.StringIO()
    call_command("import_history", str(history_file), "--user", "erin", stdout=out)
    assert out.getvalue().splitlines() == [
        "Chủ thể: 2 mới, 0 sửa, 0 không đổi",
        "Sản phẩm: 2 mới, 0 sửa, 0 không đổi",
        "Kết quả đánh giá: 4 mới, 0 sửa, 0 không đổi",
        "Giấy chứng nhận: 2 mới, 0 sửa, 0 không đổi",
    ]
    assert PastResult.objects.count() == 4


def test_import_history_refuses_an_account_that_may_not_import(history_file, carol):
    with pytest.raises(CommandError, match="không được nhập"):
        call_command("import_history", str(history_file), "--user", "carol", stdout=io.StringIO())
    assert not Producer.objects.exists()


def test_import_history_writes_the_template(tmp_path, db):
    path = tmp_path / "mau.xlsx"
    call_command("import_history", "--template", str(path), stdout=io.StringIO())
    assert load_workbook(path, read_only=True).sheetnames == [cols.GUIDE_TITLE, *(s.title for s in cols.SHEETS)]


def test_export_history_writes_the_province_and_refuses_another(tmp_path, history_file, erin, frank, hanoi):
    call_command("import_history", str(history_file), "--user", "erin", stdout=io.StringIO())
    path = tmp_path / "xuat.xlsx"
    call_command("export_history", "--province", "01", "--user", "erin", str(path), stdout=io.StringIO())
    sheet = load_workbook(path, read_only=True)[cols.PRODUCERS.title]
    assert len(list(sheet.iter_rows(min_row=2, values_only=True))) == 2
    with pytest.raises(CommandError, match="không xem được"):
        call_command("export_history", "--province", "01", "--user", "frank", str(path), stdout=io.StringIO())
