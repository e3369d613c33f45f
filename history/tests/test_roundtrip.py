"""Exporting a province's history and importing the file back changes nothing."""

import io

from openpyxl import load_workbook

from certificates.tests.conftest import make_certificate
from history import columns as cols
from history.domain import apply_plan, check_bundle, export_bundle
from history.reading import read_bundle

from .factories import province_history, workbook


def test_export_of_a_province_imports_back_with_nothing_created_or_updated(erin, hanoi, product_a, old_communes):
    make_certificate(product_a, issued_on=product_a.created_at.date(), number="GCN-NEN-TANG")
    sheets = province_history(old_communes, producers=4)
    household = {"name": "Hộ Nguyễn Văn Bình", "kind": "Hộ kinh doanh", "area_code": old_communes[0].code}
    sheets["producers"].append({**household, "area_era": "2019"})
    sheets["products"].append({"producer_name": household["name"], "name": "Bánh tẻ", "criteria_set": 7})
    apply_plan(check_bundle(read_bundle(workbook(sheets), filename="a.xlsx"), by=erin), by=erin)

    exported = export_bundle(province=hanoi, by=erin)
    titles = load_workbook(io.BytesIO(exported), read_only=True).sheetnames
    assert titles == [s.title for s in cols.SHEETS]
    plan = check_bundle(read_bundle(io.BytesIO(exported), filename="xuat.xlsx"), by=erin)
    assert plan.problems == []
    summary = apply_plan(plan, by=erin)
    assert (summary.total_created, summary.total_updated) == (0, 0)
    assert summary.unchanged == {"producers": 6, "products": 6, "results": 8, "certificates": 5}
