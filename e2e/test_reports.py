"""A province officer's report: open it, change the period, drill into a commune, download the table as .xlsx."""

import io
import pathlib

from openpyxl import load_workbook

from conftest import make_user
from e2e.conftest import login
from history.models import CouncilLevel, ResultKind
from reports import rollups
from reports.tests import factories


def test_province_report_period_drill_down_and_xlsx(page, hanoi, commune_x, criteria_set):
    make_user("erin", "province_officer", hanoi)
    items = factories.products(factories.producers(3, area=commune_x), criteria_set=criteria_set, serial_area=commune_x)
    at = {"level": CouncilLevel.PROVINCE, "area": commune_x, "version": "QD148_2023"}
    factories.past_results(items[:2], year=2024, result=ResultKind.FOUR, **at)
    factories.past_results(items[2:], year=2023, result=ResultKind.THREE, **at)
    rollups.refresh_products()

    login(page, "erin")
    page.goto("/bao-cao/?first=2024")
    assert page.locator("h1").inner_text() == "Báo cáo kết quả Chương trình OCOP"
    recognised = page.locator("#table-stars tr", has_text="Đạt 3 sao trở lên").locator("td").nth(1)
    assert recognised.inner_text() == "2"

    page.fill("#id_first", "2023")
    page.fill("#id_last", "2024")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.wait_for_url("**first=2023**")
    assert recognised.inner_text() == "3"

    page.locator("#table-breakdown a", has_text=commune_x.name).click()
    page.wait_for_url(f"**area=2025-commune-{commune_x.code}**")
    assert page.locator("#scope").inner_text().count(commune_x.name) == 1

    with page.expect_download() as download:
        page.locator("#table-stars a", has_text="Tải bảng (.xlsx)").click()
    content = io.BytesIO(pathlib.Path(download.value.path()).read_bytes())
    book = load_workbook(content, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert next(row for row in rows if row[0] == "Đạt 3 sao trở lên")[1:] == (3, 100.0)
    assert page.errors == []
