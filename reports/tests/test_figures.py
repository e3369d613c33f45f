"""The figures officials publish, rebuilt from data sets that match them, on the page, in the .xlsx and in the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from areas.models import Area
from history.models import CouncilLevel, ResultKind
from programme import domain as programme_domain
from programme.models import Event, EventKind, Indicator
from reports import rollups
from reports.figures import TABLE_KEYS, Period, Report, percent

from . import factories
from .helpers import api_row, page_row, page_rows, sheet_row, workbook_sheets

pytestmark = pytest.mark.django_db


def legacy(name: str, level: str, *, province: Area) -> Area:
    return Area.objects.get(era=Area.Era.LEGACY, level=level, name=name, current_province=province)


def chuong_my(hanoi) -> Area:
    return legacy("Huyện Chương Mỹ", Area.Level.DISTRICT, province=hanoi)


def test_percent_rounds_half_up_to_one_decimal():
    assert [percent(4469, 6210), percent(301, 300), percent(75, 4469), percent(1, 0)] == [
        Decimal("72.0"),
        Decimal("100.3"),
        Decimal("1.7"),
        None,
    ]


@pytest.fixture
def hanoi_2019(hanoi, criteria_set, erin):
    """Hà Nội's 2019 round under QĐ 1048: the districts received 316 dossiers, 301 qualified for the city level,
    which ranked 6 potential 5★, 207 4★ and 88 3★ — 100.3 % of the plan's 300; 29 conferences and 31 courses."""
    programme_domain.set_plan(area=hanoi, year=2019, indicator=Indicator.STARS_3_PLUS, target=300, by=erin)
    day = datetime.date(2019, 5, 1)
    Event.objects.bulk_create(
        Event(
            kind=kind,
            topic="OCOP",
            starts_on=day,
            ends_on=day,
            place="Hà Nội",
            area=hanoi,
            province=hanoi,
            organiser="Sở Nông nghiệp",
        )
        for kind, count in ((EventKind.CONFERENCE, 29), (EventKind.TRAINING, 31))
        for _n in range(count)
    )
    commune = Area.objects.filter(parent=chuong_my(hanoi)).order_by("code").first()
    owners = factories.producers(316, area=commune)
    items = factories.products(owners, criteria_set=criteria_set, serial_area=commune.successor)
    version = "QD1048_2019"
    district = {"year": 2019, "level": CouncilLevel.DISTRICT, "area": commune, "version": version}
    factories.past_results(items[:301], result=ResultKind.THREE, **district)
    factories.past_results(items[301:], result=ResultKind.TWO, **district)
    city = {"year": 2019, "level": CouncilLevel.PROVINCE, "area": commune, "version": version}
    factories.past_results(items[:6], result=ResultKind.POTENTIAL_FIVE, **city)
    factories.past_results(items[6:213], result=ResultKind.FOUR, **city)
    factories.past_results(items[213:301], result=ResultKind.THREE, **city)
    rollups.refresh_products()
    return commune


PIPELINE = {
    "Hồ sơ tiếp nhận": 316,
    "Hồ sơ đủ điều kiện chuyển đánh giá cấp tỉnh": 301,
    "Sản phẩm đánh giá cấp huyện": 316,
    "Sản phẩm đánh giá cấp tỉnh": 301,
    "Tiềm năng 5 sao": 6,
    "4 sao": 207,
    "3 sao": 88,
    "Tổng số sản phẩm đạt 3 sao trở lên": 301,
    "Dưới 3 sao": 15,
}


def test_pipeline_316_received_301_qualified_6_207_88(client, erin, hanoi, hanoi_2019):
    query = {"area": "2025-province-01", "first": 2019, "last": 2019}
    client.force_login(erin)
    page = client.get(reverse("reports:report"), query).content.decode()
    sheet = workbook_sheets(client.get(reverse("reports:xlsx"), {**query, "table": "pipeline"}).content)
    rows = next(iter(sheet.values()))
    api = client.get(reverse("api:v1:statistics-table", args=["pipeline"]), query).json()
    for label, value in PIPELINE.items():
        assert page_row(page, "pipeline", label)[1] == f"{value:,}".replace(",", "."), label
        assert sheet_row(rows, label)[1] == value, label
        assert api_row(api, "pipeline", label)[1] == value, label
    plan_line = "Tổng số sản phẩm đạt 3 sao trở lên"
    assert page_row(page, "pipeline", plan_line)[1:] == ["301", "300", "100,3"]
    assert sheet_row(rows, plan_line)[1:] == (301, 300, 100.3)
    assert api_row(api, "pipeline", plan_line)[1:] == [301, 300, 100.3]


def test_29_conferences_and_31_training_courses(client, erin, hanoi_2019):
    query = {"area": "2025-province-01", "first": 2019}
    client.force_login(erin)
    page = client.get(reverse("reports:report"), query).content.decode()
    api = client.get(reverse("api:v1:statistics-table", args=["events"]), query).json()
    sheet = next(
        iter(workbook_sheets(client.get(reverse("reports:xlsx"), {**query, "table": "events"}).content).values())
    )
    for label, value in (("Hội nghị, hội thảo", 29), ("Lớp tập huấn, đào tạo", 31)):
        assert page_row(page, "events", label)[1] == str(value)
        assert api_row(api, "events", label)[1] == value
        assert sheet_row(sheet, label)[1] == value


def test_pipeline_of_the_old_district_matches_the_province(erin, hanoi, hanoi_2019):
    by_district = Report(user=erin, area=chuong_my(hanoi), period=Period(2019, 2023)).pipeline()
    by_province = Report(user=erin, area=hanoi, period=Period(2019, 2019)).pipeline()
    assert by_district.rows == by_province.rows
    assert by_district.rows[0][:2] == ["Hồ sơ tiếp nhận", 316]


@pytest.fixture
def ninh_binh_2023(ninh_binh, commune_nb, criteria_set):
    """Ninh Bình's products evaluated in 2023: 4,469 of 6,210 (72 %) reached 3★ or more (2,778 3★, 1,616 4★, 75
    potential 5★: 62.2 / 36.2 / 1.7 %); 2,439 of 2,961 producers (82.4 %) have a recognised product, of which 934
    cooperatives (38.3 %), 671 enterprises (27.5 %), 768 production units (31.5 %) and 66 others."""
    recognised_owners = (
        factories.producers(900, area=commune_nb, kind="cooperative")
        + factories.producers(34, area=commune_nb, kind="cooperative_group")
        + factories.producers(671, area=commune_nb, kind="enterprise")
        + factories.producers(700, area=commune_nb, kind="household")
        + factories.producers(68, area=commune_nb, kind="farm")
        + factories.producers(66, area=commune_nb, kind="association")
    )
    others = factories.producers(522, area=commune_nb, kind="household")
    everyone = recognised_owners + others
    owners_of_recognised = [recognised_owners[i % len(recognised_owners)] for i in range(4469)]
    owners_of_others = others + [everyone[i % len(everyone)] for i in range(1741 - len(others))]
    recognised = factories.products(owners_of_recognised, criteria_set=criteria_set, serial_area=commune_nb)
    failed = factories.products(owners_of_others, criteria_set=criteria_set, serial_area=commune_nb)
    at = {"year": 2023, "level": CouncilLevel.PROVINCE, "area": commune_nb, "version": "QD148_2023"}
    factories.past_results(recognised[:2778], result=ResultKind.THREE, **at)
    factories.past_results(recognised[2778:4394], result=ResultKind.FOUR, **at)
    factories.past_results(recognised[4394:], result=ResultKind.POTENTIAL_FIVE, **at)
    factories.past_results(failed[:1000], result=ResultKind.TWO, **at)
    factories.past_results(failed[1000:], result=ResultKind.NOT_RANKED, **at)
    rollups.refresh_products()


STARS = {
    "Sản phẩm được đánh giá": (6210, None),
    "Đạt 3 sao trở lên": (4469, 72.0),
    "3 sao": (2778, 62.2),
    "4 sao": (1616, 36.2),
    "Tiềm năng 5 sao": (75, 1.7),
}
PRODUCERS = {
    "Chủ thể có sản phẩm được đánh giá": (2961, None),
    "Có sản phẩm đạt 3 sao trở lên": (2439, 82.4),
    "Hợp tác xã, tổ hợp tác": (934, 38.3),
    "Doanh nghiệp": (671, 27.5),
    "Hộ sản xuất, trang trại": (768, 31.5),
    "Khác": (66, 2.7),
}


def _text(value, share) -> list[str]:
    return [f"{value:,}".replace(",", "."), "–" if share is None else f"{share:.1f}".replace(".", ",")]


def test_products_72_percent_and_producers_82_4_percent(client, frank, ninh_binh_2023):
    query = {"area": "2025-province-37", "first": 2023, "last": 2023}
    client.force_login(frank)
    page = client.get(reverse("reports:report"), query).content.decode()
    sheets = workbook_sheets(client.get(reverse("reports:xlsx"), query).content)
    api = client.get(reverse("api:v1:statistics"), query).json()
    stars_sheet = sheets["Sản phẩm đạt 3 sao trở lên"]
    producers_sheet = sheets["Chủ thể có sản phẩm được công nhận"[:31]]
    for key, expected, sheet in (("stars", STARS, stars_sheet), ("producers", PRODUCERS, producers_sheet)):
        for label, (value, share) in expected.items():
            assert page_row(page, key, label)[1:] == _text(value, share), label
            assert sheet_row(sheet, label)[1:] == (value, share), label
            assert api_row(api, key, label)[1:] == [value, share], label


def test_workbook_heads_each_sheet_with_scope_and_filters(client, frank, ninh_binh_2023):
    client.force_login(frank)
    response = client.get(reverse("reports:xlsx"), {"area": "2025-province-37", "first": 2023, "table": "stars"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = next(iter(workbook_sheets(response.content).values()))
    assert rows[0][0] == "Sản phẩm đạt 3 sao trở lên"
    assert sheet_row(rows, "Địa bàn")[1] == "Tỉnh Ninh Bình"
    assert sheet_row(rows, "Giai đoạn")[1] == "2023"


def test_one_table_of_the_report_by_its_key_and_an_unknown_key_is_not_found(client, frank, ninh_binh_2023):
    client.force_login(frank)
    query = {"area": "2025-province-37", "first": 2023}
    for key in TABLE_KEYS:
        sheets = workbook_sheets(client.get(reverse("reports:xlsx"), {**query, "table": key}).content)
        assert len(sheets) == 1, key
    assert client.get(reverse("reports:xlsx"), {**query, "table": "salaries"}).status_code == 404
    assert client.get(reverse("api:v1:statistics-table", args=["salaries"]), query).status_code == 404
    api = client.get(reverse("api:v1:statistics"), query).json()
    assert [table["key"] for table in api["tables"]] == list(TABLE_KEYS)


def test_communes_of_an_old_district_without_a_product_listed_by_name(client, erin, hanoi, criteria_set):
    district = chuong_my(hanoi)
    communes = list(Area.objects.filter(parent=district, merged_into__isnull=True).order_by("code"))
    with_product, late, failed = communes[:3], communes[3], communes[4]
    for n, commune in enumerate(with_product):
        items = factories.products(
            factories.producers(1, area=commune), criteria_set=criteria_set, serial_area=commune.successor
        )
        factories.past_results(
            items,
            year=2019 + n,
            level=CouncilLevel.DISTRICT,
            result=ResultKind.THREE,
            area=commune,
            version="QD1048_2019",
        )
    for commune, year, result in ((late, 2024, ResultKind.FOUR), (failed, 2020, ResultKind.TWO)):
        items = factories.products(
            factories.producers(1, area=commune), criteria_set=criteria_set, serial_area=commune.successor
        )
        factories.past_results(
            items,
            year=year,
            level=CouncilLevel.PROVINCE,
            result=result,
            area=commune,
            version="QD148_2023" if year > 2022 else "QD1048_2019",
        )
    rollups.refresh_products()
    key = f"2019-district-{district.code}"
    client.force_login(erin)
    page = client.get(reverse("reports:report"), {"area": key, "first": 2019, "last": 2023}).content.decode()
    api = client.get(
        reverse("api:v1:statistics-table", args=["communes"]), {"area": key, "first": 2019, "last": 2023}
    ).json()
    expected_without = sorted(c.name for c in communes if c not in with_product)
    on_page = [row[0] for row in page_rows(page, "communes") if row[2] == "Chưa có"]
    in_api = [row[0] for row in api["tables"][0]["rows"] if row[1] == 0]
    assert on_page == expected_without
    assert in_api == expected_without
    assert sorted(row[0] for row in page_rows(page, "communes") if row[2] == "Có") == sorted(
        c.name for c in with_product
    )
