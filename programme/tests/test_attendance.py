import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditEntry
from programme import attendance
from programme.attendance import RowError, import_attendance

HEAD = [c.heading for c in attendance.COLUMNS]


def book(rows, headings=HEAD) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def good_rows(producer_a):
    return [
        ["Lê Thị Hoa", "Chủ thể", "", producer_a.tax_code, "", "Giám đốc", "0912345678"],
        ["Trần Văn Nam", "cán bộ", "xã", "", "UBND xã Phú Nghĩa", "Phó chủ tịch", ""],
        ["Phạm Thu", "Cán bộ", "Tỉnh", "", "Sở Nông nghiệp và Môi trường", "", ""],
        ["Đỗ Văn Khải", "Chủ thể", "", "", "Tổ hợp tác Mây tre Phú Vinh", "", ""],
    ]


def test_import_adds_every_row_linked_to_its_producer_and_audits(carol, event_x, producer_a):
    report = import_attendance(event=event_x, file=book(good_rows(producer_a)), name="diem-danh.xlsx", by=carol)
    assert (report.ok, report.rows, report.added, report.already) == (True, 4, 4, 0)
    assert set(event_x.attendees.values_list("name", "kind", "level", "producer")) == {
        ("Phạm Thu", "official", "province", None),
        ("Trần Văn Nam", "official", "commune", None),
        ("Đỗ Văn Khải", "producer", "", None),
        ("Lê Thị Hoa", "producer", "", producer_a.pk),
    }
    notes = set(
        AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, note__contains="điểm danh").values_list(
            "note", flat=True
        )
    )
    assert notes == {f"Nhập từ danh sách điểm danh, dòng {n}" for n in (2, 3, 4, 5)}


def test_import_twice_adds_nobody_twice(carol, event_x, producer_a):
    import_attendance(event=event_x, file=book(good_rows(producer_a)), name="a.xlsx", by=carol)
    rows = [*good_rows(producer_a), ["Vũ Minh", "Cán bộ", "Khác", "", "Ngân hàng NN", "", ""]]
    report = import_attendance(event=event_x, file=book(rows), name="a.xlsx", by=carol)
    assert (report.ok, report.added, report.already) == (True, 1, 4)
    assert event_x.attendees.count() == 5


def test_import_with_bad_rows_reports_each_and_writes_nothing(carol, event_x, producer_a, producer_b):
    rows = [
        *good_rows(producer_a),
        ["", "Cán bộ", "Xã", "", "", "", ""],
        ["Ngô An", "Khách", "", "", "", "", ""],
        ["Lý Bình", "Cán bộ", "Huyện", "", "", "", ""],
        ["Hồ Cúc", "Chủ thể", "", producer_b.tax_code, "", "", ""],
        ["Mai Dung", "Chủ thể", "", "", "", "", ""],
        ["Tạ Em", "Cán bộ", "Xã", producer_a.tax_code, "", "", ""],
    ]
    report = import_attendance(event=event_x, file=book(rows), name="a.xlsx", by=carol)
    assert report.errors == [
        RowError(6, "Họ và tên", "Thiếu họ tên."),
        RowError(7, "Đối tượng", "Đối tượng phải là “Cán bộ” hoặc “Chủ thể” (đang ghi “Khách”)."),
        RowError(8, "Cấp", "Cấp phải là Tỉnh, Xã hoặc Khác (đang ghi “Huyện”)."),
        RowError(
            9,
            "Mã số thuế chủ thể",
            f"Không tìm thấy chủ thể mã số thuế {producer_b.tax_code} trong địa bàn của bạn.",
        ),
        RowError(10, "Đơn vị / chủ thể", "Ghi mã số thuế hoặc tên chủ thể."),
        RowError(11, "Mã số thuế chủ thể", "Cán bộ không ghi mã số thuế chủ thể."),
    ]
    assert event_x.attendees.count() == 0


def test_import_reports_a_missing_column(carol, event_x):
    report = import_attendance(event=event_x, file=book([["A"]], headings=["Họ và tên"]), name="a.xlsx", by=carol)
    assert report.errors == [RowError(1, "Đối tượng", "Thiếu cột “Đối tượng”.")]


def test_import_dry_run_checks_and_writes_nothing(carol, event_x, producer_a):
    report = import_attendance(event=event_x, file=book(good_rows(producer_a)), name="a.xlsx", by=carol, dry_run=True)
    assert (report.ok, report.rows, report.added) == (True, 4, 0)
    assert event_x.attendees.count() == 0


def test_import_reads_a_csv_with_headings_in_any_case(carol, event_x, producer_a):
    text = (
        f"họ và tên;ĐỐI TƯỢNG;cấp;Mã số thuế chủ thể\nLê Thị Hoa;Chủ thể;;{producer_a.tax_code}\nTrần Nam;Cán bộ;Xã;\n"
    )
    report = import_attendance(event=event_x, file=io.BytesIO(text.encode("utf-8-sig")), name="a.csv", by=carol)
    assert (report.ok, report.added) == (True, 2)
    assert event_x.attendees.get(name="Lê Thị Hoa").producer == producer_a


def test_import_refuses_an_unreadable_file(carol, event_x):
    with pytest.raises(ValidationError):
        import_attendance(event=event_x, file=io.BytesIO(b"not a workbook"), name="a.xlsx", by=carol)


def test_import_refuses_an_officer_of_another_commune(dave, event_x, producer_a):
    with pytest.raises(PermissionDenied):
        import_attendance(event=event_x, file=book(good_rows(producer_a)), name="a.xlsx", by=dave)


def test_template_has_the_headings_and_notes():
    workbook = load_workbook(io.BytesIO(attendance.template()))
    assert [cell.value for cell in workbook["Điểm danh"][1]] == HEAD
    assert workbook.sheetnames == ["Điểm danh", "Hướng dẫn"]


def test_import_page_shows_the_problems_by_row_and_column(client, carol, event_x):
    client.force_login(carol)
    upload = SimpleUploadedFile("diem-danh.xlsx", book([["Ngô An", "Khách", "", "", "", "", ""]]).getvalue())
    response = client.post(reverse("programme:attendance_import", args=[event_x.code]), {"sheet": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Có 1 lỗi; chưa nhập dòng nào." in page
    assert "<td>2</td><td>Đối tượng</td>" in page
    assert event_x.attendees.count() == 0


def test_import_page_imports_and_returns_to_the_event(client, carol, event_x, producer_a):
    client.force_login(carol)
    upload = SimpleUploadedFile("diem-danh.xlsx", book(good_rows(producer_a)).getvalue())
    response = client.post(reverse("programme:attendance_import", args=[event_x.code]), {"sheet": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:event", args=[event_x.code])
    assert event_x.attendees.count() == 4


def test_import_page_refuses_another_file_type(client, carol, event_x):
    client.force_login(carol)
    upload = SimpleUploadedFile("diem-danh.pdf", b"%PDF-1.4")
    response = client.post(reverse("programme:attendance_import", args=[event_x.code]), {"sheet": upload})
    assert "Hãy chọn tệp .xlsx hoặc .csv." in response.content.decode()


def test_template_download_is_for_officers_who_hold_events(client, carol, alice):
    client.force_login(carol)
    response = client.get(reverse("programme:attendance_template"))
    assert (response.status_code, response["Content-Type"]) == (200, attendance_xlsx())
    client.force_login(alice)
    assert client.get(reverse("programme:attendance_template")).status_code == 404


def attendance_xlsx() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
