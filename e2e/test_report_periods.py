"""A province officer asks for a date range on the home page's period switch, then on the report, and downloads the
range's table as .xlsx with the range written at the top."""

import datetime
import io
import pathlib

from openpyxl import load_workbook

from conftest import make_user
from criteria.models import LegalVersion
from e2e.conftest import login
from history.models import CouncilLevel, PastResult, ResultKind
from reports import rollups
from reports.tests import factories


def test_province_date_range_on_home_and_report_and_xlsx(page, hanoi, commune_x, criteria_set):
    make_user("erin", "province_officer", hanoi)
    items = factories.products(factories.producers(3, area=commune_x), criteria_set=criteria_set, serial_area=commune_x)
    version = LegalVersion.objects.get(code="QD148_2023")
    for product, decided in zip(
        items, (datetime.date(2025, 3, 1), datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)), strict=True
    ):
        PastResult.objects.create(
            product=product,
            year=2025,
            legal_version=version,
            level=CouncilLevel.PROVINCE,
            result=ResultKind.FOUR,
            decision_date=decided,
            area=commune_x,
            current_commune=commune_x,
            current_province=hanoi,
        )
    rollups.refresh_products()

    login(page, "erin")
    page.goto("/")
    page.select_option("#period-switch #id_period", "dates")
    page.fill("#period-switch #id_since", "01/01/2025")
    page.fill("#period-switch #id_until", "30/06/2025")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_url("**period=dates**")
    trend = page.locator("#figure-recognised_trend tbody tr", has_text="2025").locator("td").nth(1)
    assert trend.inner_text() == "2"

    page.goto("/bao-cao/")
    page.select_option("#id_period", "dates")
    page.fill("#id_since", "01/07/2025")
    page.fill("#id_until", "31/12/2025")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.wait_for_url("**since=01%2F07%2F2025**")
    recognised = page.locator("#table-stars tr", has_text="Đạt 3 sao trở lên").locator("td").nth(1)
    assert recognised.inner_text() == "1"
    assert "01/07/2025–31/12/2025" in page.locator("#scope").inner_text()

    with page.expect_download() as download:
        page.locator("#table-stars a", has_text="Tải bảng (.xlsx)").click()
    book = load_workbook(io.BytesIO(pathlib.Path(download.value.path()).read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert next(row for row in rows if row[0] == "Giai đoạn")[1] == "01/07/2025–31/12/2025"
    assert next(row for row in rows if row[0] == "Đạt 3 sao trở lên")[1:] == (1, 100.0)
    assert page.errors == []
