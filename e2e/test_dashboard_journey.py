"""The issue's journey from the province's home page: change the period of its figures, drill into a commune from
the map's table, and download the commune's table as .xlsx for that period."""

import io
import pathlib

from openpyxl import load_workbook

from conftest import make_user
from e2e.conftest import login
from history.models import CouncilLevel, ResultKind
from reports import rollups
from reports.tests import factories


def test_province_dashboard_period_drill_into_a_commune_and_xlsx(page, hanoi, commune_x, commune_y, criteria_set):
    make_user("erin", "province_officer", hanoi)
    in_x = factories.products(factories.producers(3, area=commune_x), criteria_set=criteria_set, serial_area=commune_x)
    in_y = factories.products(factories.producers(1, area=commune_y), criteria_set=criteria_set, serial_area=commune_y)
    at_x = {"level": CouncilLevel.PROVINCE, "area": commune_x, "version": "QD148_2023"}
    factories.past_results(in_x[:2], year=2024, result=ResultKind.FOUR, **at_x)
    factories.past_results(in_x[2:], year=2022, result=ResultKind.THREE, **at_x)
    factories.past_results(in_y, year=2024, result=ResultKind.THREE, area=commune_y, level=CouncilLevel.PROVINCE,
                           version="QD148_2023")  # fmt: skip
    rollups.refresh_products()

    login(page, "erin")
    page.goto("/")
    units = page.locator("#figure-scope_map tbody tr")
    assert units.filter(has_text=commune_x.name).locator("td").nth(1).inner_text() == "3"

    page.select_option("#period-switch #id_period", "years")
    page.fill("#period-switch #id_first", "2023")
    page.fill("#period-switch #id_last", "2024")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_url("**first=2023**")
    assert units.filter(has_text=commune_x.name).locator("td").nth(1).inner_text() == "2"
    assert units.filter(has_text=commune_y.name).locator("td").nth(1).inner_text() == "1"

    units.filter(has_text=commune_x.name).get_by_role("link").click()
    page.wait_for_url(f"**area=2025-commune-{commune_x.code}**")
    scope = page.locator("#scope").inner_text()
    assert commune_x.name in scope and "2023–2024" in scope
    recognised = page.locator("#table-stars tr", has_text="Đạt 3 sao trở lên").locator("td").nth(1)
    assert recognised.inner_text() == "2"

    with page.expect_download() as download:
        page.locator("#table-stars a", has_text="Tải bảng (.xlsx)").click()
    book = load_workbook(io.BytesIO(pathlib.Path(download.value.path()).read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert next(row for row in rows if row[0] == "Đạt 3 sao trở lên")[1:] == (2, 100.0)
    assert page.errors == []
