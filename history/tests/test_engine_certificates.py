"""Certificates recognised before the platform, through the one history import: a workbook of only the sheet
"Giấy chứng nhận" naming products already on the platform, on the units of the time."""

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
from history import columns as cols
from history.domain import apply_plan, check_bundle
from history.reading import read_bundle
from history.template import build_template

from .factories import workbook

D = datetime.date
SHEET = cols.CERTIFICATES.title


def check(rows, *, by):
    return check_bundle(read_bundle(workbook({"certificates": rows}), filename="gcn.xlsx"), by=by)


def imported(rows, *, by) -> list[Certificate]:
    """Import the rows; the certificates of the rows' decisions, in the rows' order."""
    plan = check(rows, by=by)
    assert plan.problems == []
    apply_plan(plan, by=by)
    return [Certificate.objects.get(decision_number=row["decision_number"]) for row in rows]


def columns_by_row(plan) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for problem in plan.problems:
        assert problem.sheet == SHEET
        found.setdefault(problem.row, set()).add(problem.column)
    return found


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
            "area_code": legacy_district.code,  # no era: the units in force on the decision's date
        },
    ]


def test_certificates_import_onto_existing_products_on_the_units_of_their_time(
    erin, hanoi, product_a, product_b, legacy_commune, legacy_district
):
    first, second = imported(good_rows(product_a, product_b, legacy_commune, legacy_district), by=erin)
    assert (first.product, first.stars, first.legal_version.code) == (product_a, 3, "QD1048_2019")
    assert (first.decision_date, first.issued_on, first.expires_on) == (D(2021, 9, 14), D(2021, 9, 14), D(2024, 9, 14))
    assert first.area_at_issue == legacy_commune
    assert first.province == hanoi
    assert first.number.startswith("OCOP-01-2021-")
    assert (first.imported, first.recognition, first.application) == (True, None, None)
    assert first.status == CertificateStatus.EXPIRED
    assert (second.product, second.number, second.issued_on) == (product_b, "45/GCN-UBND", D(2024, 3, 20))
    assert second.area_at_issue == legacy_district
    assert second.legal_version.code == "QD148_2023"
    assert [entry.actor for entry in history(first)] == [erin]


def test_certificate_rows_are_all_or_nothing_with_every_problem_of_every_row(
    erin, product_a, product_b, legacy_commune, legacy_district
):
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
            "tax_code": product_a.producer.tax_code,
            "product_name": "Bánh chưng chưa đăng ký",
            "decision_number": "7/QĐ-UBND",
            "decision_date": datetime.date.today() + datetime.timedelta(days=3),
            "stars": 4,
            "legal_version": "QD26_2026",
            "area_code": "10030",
            "area_era": "thời xưa",
        },
    ]
    plan = check(rows, by=erin)
    assert columns_by_row(plan) == {
        4: {"Mã sản phẩm", "Số quyết định", "Ngày quyết định", "Hạng sao", "Văn bản áp dụng", "Mã địa bàn khi cấp"},
        5: {"Tên sản phẩm", "Ngày quyết định", "Thời kỳ địa bàn"},
    }
    messages = " ".join(p.message for p in plan.problems)
    assert "Không tìm thấy sản phẩm mã 01-99999-1-2020" in messages
    assert "Không tìm thấy sản phẩm “Bánh chưng chưa đăng ký”" in messages
    assert "31/02/2022" in messages
    assert "ở tương lai" in messages
    with pytest.raises(ValidationError):
        apply_plan(plan, by=erin)
    assert not Certificate.objects.exists()


def test_a_certificate_named_twice_in_the_file_is_reported_on_its_second_row(erin, product_a, legacy_commune):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "8/QĐ-UBND",
        "decision_date": "06/01/2020",
        "stars": 3,
        "legal_version": "QD1048_2019",
        "area_code": legacy_commune.code,
        "number": "X-1",
    }
    other = {**row, "decision_number": "9/QĐ-UBND"}
    plan = check([row, row, other], by=erin)
    assert {(p.row, p.column) for p in plan.problems} == {
        (3, "Số quyết định"),
        (3, "Số giấy chứng nhận"),
        (4, "Số giấy chứng nhận"),
    }


def test_a_certificate_on_the_platform_is_updated_by_its_row_not_duplicated(erin, product_a, product_b, legacy_commune):
    existing = make_certificate(product_a, issued_on=D(2020, 1, 6), number="7/GCN")
    make_certificate(product_b, issued_on=D(2020, 2, 6), number="8/GCN")
    row = {
        "official_code": product_a.official_code,
        "decision_number": "0601/QĐ-UBND",  # the decision of the certificate above
        "decision_date": "06/01/2020",
        "stars": 3,  # corrected: it was 4
        "legal_version": "QD1048_2019",
        "area_code": legacy_commune.code,
        "number": "7/GCN",
    }
    taken = {**row, "decision_number": "10/QĐ-UBND", "number": "8/GCN"}  # another product's certificate number
    plan = check([row, taken], by=erin)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (3, "Số giấy chứng nhận", "Số giấy chứng nhận 8/GCN đã cấp cho sản phẩm khác.")
    ]
    summary = apply_plan(check([row], by=erin), by=erin)
    assert (summary.created["certificates"], summary.updated["certificates"]) == (0, 1)
    existing.refresh_from_db()
    assert (existing.stars, existing.area_at_issue) == (3, legacy_commune)
    assert Certificate.objects.filter(product=product_a).count() == 1
    assert history(existing)[0].actor == erin


def test_certificate_legal_version_must_be_in_force_on_the_decision_date(erin, product_a, legacy_commune):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1/QĐ-UBND",
        "decision_date": "10/10/2021",
        "stars": 3,
        "legal_version": "QD148_2023",
        "area_code": legacy_commune.code,
    }
    plan = check([row], by=erin)
    assert [(p.column, "sau ngày quyết định" in p.message) for p in plan.problems] == [("Văn bản áp dụng", True)]


def test_certificate_area_era_defaults_to_the_units_in_force_at_the_decision(
    erin, product_a, legacy_commune, commune_x
):
    base = {"official_code": product_a.official_code, "stars": 4, "legal_version": "QD148_1489_2025"}
    rows = [
        {**base, "decision_number": "1/QĐ", "decision_date": "01/08/2025", "area_code": commune_x.code},
        {**base, "decision_number": "2/QĐ", "decision_date": "01/12/2025", "area_code": int(commune_x.code)},
    ]
    assert {c.area_at_issue for c in imported(rows, by=erin)} == {commune_x}
    old = {**base, "legal_version": "QD148_2023", "decision_number": "3/QĐ", "decision_date": "01/06/2024"}
    (certificate,) = imported([{**old, "area_code": legacy_commune.code}], by=erin)
    assert certificate.area_at_issue == legacy_commune


def test_a_number_cell_that_could_be_several_units_is_refused_with_its_candidates(erin, product_a):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1/QĐ",
        "decision_date": "01/06/2024",
        "stars": 3,
        "legal_version": "QD148_2023",
        "area_code": 1,  # "01" Hà Nội, "001" Ba Đình or "00001" Phúc Xá?
    }
    (problem,) = check([row], by=erin).problems
    assert problem.column == "Mã địa bàn khi cấp"
    assert "trùng tên nhiều đơn vị" in problem.message and "Thành phố Hà Nội" in problem.message


def test_certificate_import_stays_inside_the_officers_province(frank, erin, product_a, ninh_binh):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1/QĐ",
        "decision_date": "01/06/2024",
        "stars": 3,
        "legal_version": "QD148_2023",
        "area_code": "01",
    }
    plan = check([row], by=frank)
    assert [(p.column, p.message) for p in plan.problems] == [
        ("Mã sản phẩm", f"Không tìm thấy sản phẩm mã {product_a.official_code} trên nền tảng hay ở trang Sản phẩm.")
    ]  # another province's product is not even named
    by_name = {**row, "official_code": "", "tax_code": product_a.producer.tax_code, "product_name": product_a.name}
    assert [(p.column, p.message) for p in check([by_name], by=frank).problems] == [
        ("Mã số thuế chủ thể", "Không có chủ thể mã số thuế 0100107518 trên nền tảng hay ở trang Chủ thể.")
    ]
    plan = check([{**row, "area_code": ninh_binh.code, "area_era": "2025"}], by=erin)
    assert [(p.column, "ngoài tỉnh" in p.message) for p in plan.problems] == [("Mã địa bàn khi cấp", True)]
    with pytest.raises(PermissionDenied):
        apply_plan(check([row], by=erin), by=frank)
    assert not Certificate.objects.exists()


def test_imported_certificates_link_the_ones_they_replaced(erin, product_a, legacy_commune):
    base = {"official_code": product_a.official_code, "area_code": legacy_commune.code, "area_era": "2019"}
    rows = [
        {**base, "decision_number": "2/QĐ", "decision_date": "01/06/2023", "stars": 4, "legal_version": "QD148_2023"},
        {**base, "decision_number": "1/QĐ", "decision_date": "01/06/2021", "stars": 3, "legal_version": "QD1048_2019"},
    ]
    newer, older = imported(rows, by=erin)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.superseded_by, newer.superseded_by) == (newer, None)
    assert older.status == CertificateStatus.SUPERSEDED


def test_certificate_sheet_missing_columns_are_reported_on_its_header_row(erin, product_a):
    book = workbook({"certificates": []})
    sheet = read_bundle(book, filename="gcn.xlsx")["certificates"]
    assert sheet.missing == []
    text = f"Mã sản phẩm,Hạng sao\n{product_a.official_code},3\n"
    plan = check_bundle(read_bundle(io.BytesIO(text.encode()), filename="gcn.csv"), by=erin)
    assert {(p.sheet, p.row) for p in plan.problems} == {(SHEET, 1)}
    assert {p.column for p in plan.problems} == {
        "Số quyết định",
        "Ngày quyết định",
        "Văn bản áp dụng",
    }


def test_the_template_imports_as_nothing(erin):
    plan = check_bundle(read_bundle(io.BytesIO(build_template()), filename="mau.xlsx"), by=erin)
    assert [p.message for p in plan.problems] == ["Tệp không có dòng dữ liệu nào."]
    with pytest.raises(ValidationError):
        apply_plan(plan, by=erin)


@pytest.mark.parametrize("persona", ["carol", "alice", "minh", "council", "inspector"])
def test_only_province_officers_and_administrators_import_certificates(request, persona):
    bundle = read_bundle(io.BytesIO(build_template()), filename="mau.xlsx")
    with pytest.raises(PermissionDenied):
        check_bundle(bundle, by=request.getfixturevalue(persona))


def test_a_workbook_of_empty_rows_past_the_limit_is_refused(settings):
    settings.HISTORY_IMPORT_MAX_ROWS = 5000
    with pytest.raises(ValidationError) as caught:
        read_bundle(io.BytesIO(empty_rows_workbook(20_000)), filename="gcn.xlsx")
    assert caught.value.messages == ["Tệp có hơn 5000 dòng (kể cả dòng trống); mỗi lần nhập tối đa 5000 dòng."]


def test_a_workbook_whose_one_shared_string_unpacks_to_21_mb_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        read_bundle(io.BytesIO(shared_string_workbook(21 * 1024 * 1024)), filename="gcn.xlsx")
    assert caught.value.code == "table_text_length"
    assert not Certificate.objects.exists()


def test_an_overlong_cell_is_refused_with_its_address(erin, product_a, legacy_commune):
    row = {
        "official_code": product_a.official_code,
        "decision_number": "1" * 1001,
        "decision_date": "06/01/2020",
        "stars": 3,
        "legal_version": "QD1048_2019",
        "area_code": legacy_commune.code,
    }
    with pytest.raises(ValidationError) as caught:
        read_bundle(workbook({"certificates": [row]}), filename="gcn.xlsx")
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[cols.CERTIFICATES.keys.index("decision_number")]
    assert caught.value.messages == [f"Ô {letter}2 dài 1001 ký tự; tối đa 1000 ký tự."]


def test_a_filled_in_workbook_of_the_former_certificate_import_reads_as_the_certificate_sheet(
    erin, product_a, legacy_commune
):
    book = Workbook()
    sheet = book.active  # titled "Sheet": recognised by its headings
    sheet.append(
        [
            "Mã sản phẩm",
            "Mã số thuế chủ thể",
            "Tên sản phẩm",
            "Số quyết định",
            "Ngày quyết định",
            "Hạng sao",
            "Văn bản áp dụng",
            "Số giấy chứng nhận",
            "Mã địa bàn khi cấp",
            "Thời kỳ địa bàn",
            "Ngày cấp",
        ]
    )
    sheet.append([product_a.official_code, "", "", "1/QĐ", "01/06/2021", 3, "QD1048_2019", "", legacy_commune.code])
    book.create_sheet("Hướng dẫn").append(["Cột", "Bắt buộc", "Cách ghi"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    plan = check_bundle(read_bundle(buffer, filename="gcn-cu.xlsx"), by=erin)
    assert plan.problems == []
    assert [(row.product, row.area, row.stars) for row in plan.certificates] == [(product_a, legacy_commune, 3)]
