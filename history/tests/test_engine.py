"""The history import engine: checking every row, applying all or nothing, idempotently, within scope."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from certificates.models import Certificate
from history.domain import apply_plan, check_bundle
from history.models import PastResult
from history.reading import read_bundle
from producers.models import Producer
from products.models import Product

from .factories import province_history, workbook


def bundle(sheets):
    return read_bundle(workbook(sheets), filename="lich-su.xlsx")


def test_history_imports_once_and_again_changes_nothing(erin, hanoi, old_communes):
    sheets = province_history(old_communes, producers=3, products_each=2)
    plan = check_bundle(bundle(sheets), by=erin)
    assert plan.problems == []
    summary = apply_plan(plan, by=erin)
    assert summary.created == {"producers": 3, "products": 6, "results": 12, "certificates": 6}
    assert Producer.objects.filter(status=Producer.Status.VERIFIED, current_province=hanoi).count() == 3
    assert Product.objects.count() == 6
    assert PastResult.objects.filter(current_province=hanoi).count() == 12
    assert Certificate.objects.filter(imported=True, province=hanoi).count() == 6
    assert AuditEntry.objects.filter(actor=erin, note__startswith="Nhập lịch sử").count() == 3 + 6 + 12 + 6
    again = apply_plan(check_bundle(bundle(sheets), by=erin), by=erin)
    assert (again.total_created, again.total_updated) == (0, 0)
    assert again.unchanged == {"producers": 3, "products": 6, "results": 12, "certificates": 6}


def _break(sheets):
    """Twenty rows made wrong in a 5,000-row history, each with the sheet key and row number it is reported on."""
    producers, products, results, certificates = (
        sheets[k] for k in ("producers", "products", "results", "certificates")
    )
    bad = set()

    def mark(key, index):
        bad.add((key, index + 2))

    producers[10]["area_code"] = "99999"  # unknown commune
    mark("producers", 10)
    wrong = producers[20]["tax_code"][:-1] + str((int(producers[20]["tax_code"][-1]) + 1) % 10)
    for row in [producers[20], products[20], *results[40:42], certificates[20]]:  # a bad tax code, written everywhere
        row["tax_code" if "tax_code" in row and row is not products[20] else "producer_tax_code"] = wrong
    mark("producers", 20)
    producers[30]["kind"] = "Công ty TNHH"
    mark("producers", 30)
    producers[40]["phone"] = "12ab"
    mark("producers", 40)
    producers[50]["name"] = ""
    mark("producers", 50)
    twin = producers[59]["tax_code"]  # the same producer twice (its products follow the first row)
    for row in [producers[60], products[60], *results[120:122], certificates[60]]:
        row["tax_code" if row is not products[60] else "producer_tax_code"] = twin
    mark("producers", 60)
    products[100]["criteria_set"] = 27
    mark("products", 100)
    products[110]["specification"] = "x" * 300
    mark("products", 110)
    results[201]["score"] = 120  # out of range
    mark("results", 201)
    results[211]["decision_date"] = datetime.date(2020, 5, 1)  # before the 2021 result
    mark("results", 211)
    results[221].update(result="5 sao", score=95)  # 5★ decided by a province
    mark("results", 221)
    results[231]["legal_version"] = "QD999"
    mark("results", 231)
    results[240]["year"] = 2017
    mark("results", 240)
    results[250].update(legal_version="QD26_2026")  # a district council in 2020 under the 2026 rules
    mark("results", 250)
    results[260].update(result="4 sao")  # 61 points at a district
    mark("results", 260)
    certificates[300]["stars"] = "6"
    mark("certificates", 300)
    certificates[310]["issued_on"] = datetime.date(2021, 1, 1)  # before the decision
    mark("certificates", 310)
    certificates[320]["official_code"] = "01-99999-1-2020"  # no such product
    mark("certificates", 320)
    certificates[330]["stars"] = "3"  # its result says 4★
    mark("certificates", 330)
    certificates[340]["number"] = certificates[341]["number"] = "GCN-TRUNG"
    mark("certificates", 341)
    return bad


def _titles(bad):
    from history.columns import BY_KEY

    return {(BY_KEY[key].title, row) for key, row in bad}


def test_history_of_5000_rows_reports_exactly_its_20_bad_rows_then_imports_all(erin, old_communes):
    sheets = province_history(old_communes, producers=1000)
    assert sum(len(rows) for rows in sheets.values()) == 5000
    good = workbook(sheets).getvalue()
    bad = _break(sheets)
    assert len(bad) == 20
    plan = check_bundle(bundle(sheets), by=erin)
    assert {(p.sheet, p.row) for p in plan.problems} == _titles(bad)
    with pytest.raises(ValidationError):
        apply_plan(plan, by=erin)
    assert (Producer.objects.count(), Product.objects.count(), PastResult.objects.count()) == (0, 0, 0)
    assert not Certificate.objects.exists()

    fixed = check_bundle(read_bundle(io.BytesIO(good), filename="lich-su.xlsx"), by=erin)
    assert fixed.problems == []
    summary = apply_plan(fixed, by=erin)
    assert summary.created == {"producers": 1000, "products": 1000, "results": 2000, "certificates": 1000}
    assert (Producer.objects.count(), Product.objects.count(), PastResult.objects.count()) == (1000, 1000, 2000)
    assert Certificate.objects.filter(imported=True).count() == 1000

    again = apply_plan(check_bundle(read_bundle(io.BytesIO(good), filename="lich-su.xlsx"), by=erin), by=erin)
    assert (again.total_created, again.total_updated) == (0, 0)
    assert sum(again.unchanged.values()) == 5000
    assert (Producer.objects.count(), Product.objects.count(), PastResult.objects.count()) == (1000, 1000, 2000)


def test_province_officer_cannot_import_into_another_province(frank, old_communes):
    plan = check_bundle(bundle(province_history(old_communes, producers=1)), by=frank)
    # Reported once, on the producer: its products, results and certificates follow it.
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [("Chủ thể", 2, "Mã địa bàn")]
    assert plan.problems[0].message.endswith("thuộc Thành phố Hà Nội, ngoài tỉnh của bạn.")
    with pytest.raises(ValidationError):
        apply_plan(plan, by=frank)
    assert not Producer.objects.exists()


def test_plan_of_one_province_officer_is_refused_to_another(erin, frank, old_communes):
    plan = check_bundle(bundle(province_history(old_communes, producers=1)), by=erin)
    with pytest.raises(PermissionDenied):
        apply_plan(plan, by=frank)
    assert not Producer.objects.exists()


@pytest.mark.parametrize("persona", ["carol", "alice", "council"])
def test_commune_officers_producers_and_others_cannot_import(request, persona, old_communes):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        check_bundle(bundle(province_history(old_communes, producers=1)), by=user)
