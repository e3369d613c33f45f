import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from areas.models import Area
from audit.domain import history
from certificates.models import Certificate, CertificateStatus
from certificates.tests.conftest import make_certificate
from core.tests.factories import empty_rows_workbook, shared_string_workbook
from history import workbook as xlsx
from history.domain import import_certificates

D = datetime.date
HEAD = [c.heading for c in xlsx.COLUMNS]


def book(rows, headings=HEAD) -> io.BytesIO:
    """An .xlsx with `headings` and one row per dict (keys: column keys)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    keys = [next(c.key for c in xlsx.COLUMNS if c.heading == h) for h in headings]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def legacy_commune(commune_x):
    """A commune of the 2019 era that became part of commune X."""
    return Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, successor=commune_x).first()


@pytest.fixture
def legacy_district(hanoi):
    return Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, current_province=hanoi).first()


def good_rows(product_a, product_b, legacy_commune, legacy_district):
    return [
        {
            "official_code": product_a.official_code,
            "decision_number": "1520/QĐ-UBND",
            "decision_date": datetime.datetime(2021, 9, 14),
            "stars": 3,
            "legal_version": "QD1048_2019",
            "area_code": legacy_commune.code,
            "area_era": "2019",
        },
        {
            "tax_code": product_b.producer.tax_code,
            "product_name": "chè búp chương mỹ",  # case and diacritics as typed
            "decision_number": "45/QĐ-UBND",
            "decision_date": "15/03/2024",
            "issued_on": "20/03/2024",
            "stars": "4",
            "legal_version": "qd148_2023",
            "number": "45/GCN-UBND",
            "area_code": legacy_district.code,
        },
    ]


def test_import_brings_in_history_with_old_areas(erin, hanoi, product_a, product_b, legacy_commune, legacy_district):
    rows = good_rows(product_a, product_b, legacy_commune, legacy_district)
    report = import_certificates(workbook=book(rows), by=erin)
    assert report.ok, report.errors
    assert report.rows == 2
    first, second = report.created
    assert (first.product, first.stars, first.legal_version.code) == (product_a, 3, "QD1048_2019")
    assert (first.decision_date, first.issued_on, first.expires_on) == (D(2021, 9, 14), D(2021, 9, 14), D(2024, 9, 14))
    assert first.area_at_issue == legacy_commune
    assert first.province == hanoi
    assert first.number.startswith("OCOP-01-2021-")
    assert first.imported and first.recognition is None and first.application is None
    assert first.status == CertificateStatus.EXPIRED
    assert (second.product, second.number, second.issued_on) == (product_b, "45/GCN-UBND", D(2024, 3, 20))
    assert second.area_at_issue == legacy_district
    assert second.legal_version.code == "QD148_2023"
    assert history(first)[0].actor == erin


def test_import_is_all_or_nothing_with_a_report_per_row(erin, product_a, product_b, legacy_commune, legacy_district):
    rows = good_rows(product_a, product_b, legacy_commune, legacy_district)
    rows += [
        {
            "official_code": "01-99999-1-2020",
            "decision_number": "",
            "decision_date": "31/02/2022",
            "stars": 6,
            "legal_version": "QD999",
            "area_code": "99999",
            "area_era": "2025",
        },
        {
            "tax_code": "0100107518",
            "product_name": "Bánh chưng chưa đăng ký",
            "decision_number": "7/QĐ-UBND",
            "decision_date": datetime.date.today() + datetime.timedelta(days=3),
            "stars": 4,
            "legal_version": "QD26_2026",
            "area_code": "10030",
            "area_era": "thời xưa",
        },
    ]
    report = import_certificates(workbook=book(rows), by=erin)
    assert not report.ok
    assert report.created == []
    assert not Certificate.objects.exists()
    by_row = {}
    for error in report.errors:
        by_row.setdefault(error.row, set()).add(error.column)
    assert by_row == {
        4: {"Mã sản phẩm", "Số quyết định", "Ngày quyết định", "Hạng sao", "Văn bản áp dụng", "Mã địa bàn khi cấp"},
        5: {"Tên sản phẩm", "Ngày quyết định", "Thời kỳ địa bàn"},
    }
    messages = " ".join(e.message for e in report.errors)
    assert "Không tìm thấy sản phẩm mã 01-99999-1-2020" in messages
    assert "nền tảng không tự tạo sản phẩm" in messages
    assert "31/02/2022" in messages
    assert "ở tương lai" in messages


def test_import_refuses_duplicates(erin, product_a, legacy_commune):
    make_certificate(product_a, issued_on=D(2020, 1, 6), number="7/GCN")
    row = {
        "official_code": product_a.official_code,
        "decision_number": "0601/QĐ-UBND",  # the decision of the certificate above
        "decision_date": "06/01/2020",
        "stars": 3,
        "legal_version": "QD1048_2019",
        "area_code": legacy_commune.code,
        "number": "7/GCN",
    }
    twin = {**row, "decision_number": "8/QĐ-UBND", "number": "X-1"}
    report = import_certificates(workbook=book([row, twin, twin]), by=erin)
    assert {(e.row, e.column) for e in report.errors} == {
        (2, "Số quyết định"),
        (2, "Số giấy chứng nhận"),
        (4, "Số quyết định"),
        (4, "Số giấy chứng nhận"),
    }


def test_import_checks_legal_version_against_the_decision_date(erin, product_a, legacy_commune):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1/QĐ-UBND",
        "decision_date": "10/10/2021",
        "stars": 3,
        "legal_version": "QD148_2023",
        "area_code": legacy_commune.code,
    }
    report = import_certificates(workbook=book([row]), by=erin)
    assert [(e.column, "sau ngày quyết định" in e.message) for e in report.errors] == [("Văn bản áp dụng", True)]


def test_area_era_defaults_to_the_units_in_force_at_the_decision(erin, product_a, legacy_commune, commune_x):
    base = {"official_code": product_a.official_code, "stars": 4, "legal_version": "QD148_1489_2025"}
    rows = [
        {**base, "decision_number": "1/QĐ", "decision_date": "01/08/2025", "area_code": commune_x.code},
        {**base, "decision_number": "2/QĐ", "decision_date": "01/12/2025", "area_code": int(commune_x.code)},
    ]
    report = import_certificates(workbook=book(rows), by=erin)
    assert report.ok, report.errors
    assert {c.area_at_issue for c in report.created} == {commune_x}
    old = {**base, "legal_version": "QD148_2023", "decision_number": "3/QĐ", "decision_date": "01/06/2024"}
    report = import_certificates(workbook=book([{**old, "area_code": legacy_commune.code}]), by=erin)
    assert report.created[0].area_at_issue == legacy_commune


def test_a_number_cell_that_could_be_several_units_is_refused(erin, product_a):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1/QĐ",
        "decision_date": "01/06/2024",
        "stars": 3,
        "legal_version": "QD148_2023",
        "area_code": 1,  # "01" Hà Nội, "001" Ba Đình or "00001" Phúc Xá?
    }
    report = import_certificates(workbook=book([row]), by=erin)
    assert [e.column for e in report.errors] == ["Mã địa bàn khi cấp"]


def test_import_stays_inside_the_officers_province(frank, erin, product_a, ninh_binh):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1/QĐ",
        "decision_date": "01/06/2024",
        "stars": 3,
        "legal_version": "QD148_2023",
        "area_code": "01",
    }
    report = import_certificates(workbook=book([row]), by=frank)
    assert [e.column for e in report.errors] == ["Mã sản phẩm", "Mã địa bàn khi cấp"]
    assert "Không tìm thấy" in report.errors[0].message  # another province's product is not even named
    report = import_certificates(workbook=book([{**row, "area_code": ninh_binh.code, "area_era": "2025"}]), by=erin)
    assert [(e.column, "ngoài tỉnh" in e.message) for e in report.errors] == [("Mã địa bàn khi cấp", True)]


def test_imported_history_links_replaced_certificates(erin, product_a, legacy_commune, commune_x):
    base = {"official_code": product_a.official_code, "area_code": legacy_commune.code, "area_era": "2019"}
    rows = [
        {**base, "decision_number": "2/QĐ", "decision_date": "01/06/2023", "stars": 4, "legal_version": "QD148_2023"},
        {**base, "decision_number": "1/QĐ", "decision_date": "01/06/2021", "stars": 3, "legal_version": "QD1048_2019"},
    ]
    report = import_certificates(workbook=book(rows), by=erin)
    newer, older = report.created
    older.refresh_from_db()
    assert older.superseded_by == newer
    newer.refresh_from_db()
    assert newer.superseded_by is None


def test_missing_columns_and_empty_files_are_reported(erin):
    report = import_certificates(workbook=book([], headings=["Mã sản phẩm", "Hạng sao"]), by=erin)
    assert {e.column for e in report.errors} == {
        "Số quyết định",
        "Ngày quyết định",
        "Văn bản áp dụng",
        "Mã địa bàn khi cấp",
    }
    assert {e.row for e in report.errors} == {1}
    report = import_certificates(workbook=io.BytesIO(xlsx.template()), by=erin)
    assert [e.message for e in report.errors] == ["Tệp không có dòng dữ liệu nào."]


def test_an_unreadable_file_is_a_validation_error(erin):
    with pytest.raises(ValidationError):
        import_certificates(workbook=io.BytesIO(b"not a workbook"), by=erin)


@pytest.mark.parametrize("persona", ["carol", "alice", "minh", "council", "inspector"])
def test_only_province_officers_and_administrators_import(request, persona):
    with pytest.raises(PermissionDenied):
        import_certificates(workbook=io.BytesIO(xlsx.template()), by=request.getfixturevalue(persona))


def test_template_reads_back_with_every_column(root):
    sheet = xlsx.read(io.BytesIO(xlsx.template()))
    assert sheet.missing == []
    assert sheet.rows == []


def test_import_counts_empty_rows_and_stops_past_the_limit(erin):
    with pytest.raises(ValidationError) as caught:
        import_certificates(workbook=io.BytesIO(empty_rows_workbook(20_000)), by=erin)
    assert caught.value.messages == ["Tệp có hơn 5000 dòng (kể cả dòng trống); mỗi lần nhập tối đa 5000 dòng."]


def test_import_refuses_a_workbook_whose_shared_strings_unpack_too_large(erin):
    with pytest.raises(ValidationError) as caught:
        import_certificates(workbook=io.BytesIO(shared_string_workbook(21 * 1024 * 1024)), by=erin)
    assert caught.value.code == "table_unpacked_size"
    assert not Certificate.objects.exists()


def test_import_refuses_an_overlong_cell(erin, product_a, legacy_commune):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1" * 1001,
        "decision_date": "06/01/2020",
        "stars": 3,
        "legal_version": "QD1048_2019",
        "area_code": legacy_commune.code,
    }
    with pytest.raises(ValidationError) as caught:
        import_certificates(workbook=book([row]), by=erin)
    column = next(i for i, c in enumerate(xlsx.COLUMNS) if c.key == "decision_number")
    assert caught.value.messages == [f"Ô {'ABCDEFGHIJK'[column]}2 dài 1001 ký tự; tối đa 1000 ký tự."]
