"""The inspection figures from a data set over several districts: producers, products, communes of today and
districts of before 2025 inspected, by outcome, exactly, on the inspection report, in its .xlsx, in the report's
table `inspections` and in the API."""

import datetime
import itertools

import pytest
from django.urls import reverse

from areas.keys import area_key
from areas.models import Area
from conftest import make_producer
from inspections import domain
from products.domain import create_product
from public.tests.factories import make_certificate
from reports.figures import Period
from reports.tests.helpers import api_row, page_row, sheet_row, workbook_sheets

from .conftest import open_ad_hoc

_tax = itertools.count(10)
LABELS = {
    "compliant": "Đạt yêu cầu",
    "advice": "Đã hướng dẫn, tư vấn",
    "remediation": "Yêu cầu khắc phục",
    "withdrawal": "Đề xuất thu hồi giấy chứng nhận",
    "total": "Tổng số được kiểm tra",
}


def legacy_communes(district_name: str, hanoi, count: int) -> list[Area]:
    district = Area.objects.get(
        era=Area.Era.LEGACY, level=Area.Level.DISTRICT, name=district_name, current_province=hanoi
    )
    return list(Area.objects.filter(parent=district).order_by("code")[:count])


@pytest.fixture
def data_set(hanoi, ninh_binh, commune_nb, criteria_set, inspector, inspector_nb, root):
    """Four Hà Nội producers in three communes of before 2025, two in Huyện Chương Mỹ and one in Huyện Thạch
    Thất, and five products; two inspections in 2026, one in 2025, and one in Ninh Bình."""
    chuong_my = legacy_communes("Huyện Chương Mỹ", hanoi, 2)
    thach_that = legacy_communes("Huyện Thạch Thất", hanoi, 1)

    def producer(area, name):
        return make_producer(name=name, area=area, tax_code=f"0011900123{next(_tax):02d}")

    def product(owner, name):
        return create_product(by=root, producer=owner, criteria_set=criteria_set, name=name)

    p1, p2 = producer(chuong_my[0], "HTX Một"), producer(chuong_my[1], "HTX Hai")
    p3, p4 = producer(thach_that[0], "HTX Ba"), producer(chuong_my[0], "HTX Bốn")
    a1, a2, b1, c1, d1 = (product(p1, "A1"), product(p1, "A2"), product(p2, "B1"), product(p3, "C1"), product(p4, "D1"))
    make_certificate(d1, stars=4)
    day = datetime.date(2026, 3, 2)

    def conclude(inspection, product_, kind, **extra):
        note = "" if kind == "compliant" else "Nội dung"
        domain.record_outcome(
            inspection=inspection,
            product=product_,
            kind=kind,
            note=note,
            concluded_on=day,
            by=inspection.created_by,
            **extra,
        )

    first = open_ad_hoc(by=inspector, producers=[p1, p2], products=[a1, a2, b1], team=[inspector], starts_on=day)
    conclude(first, a1, "compliant")
    conclude(first, a2, "advice")
    conclude(first, b1, "remediation", deadline=day + datetime.timedelta(days=30))
    second = open_ad_hoc(by=inspector, producers=[p1, p3, p4], products=[a1, c1, d1], team=[inspector], starts_on=day)
    conclude(second, a1, "advice")
    conclude(second, c1, "compliant")
    conclude(second, d1, "withdrawal", ground="b")
    earlier = open_ad_hoc(
        by=inspector, producers=[p2], products=[b1], team=[inspector], starts_on=datetime.date(2025, 5, 5)
    )
    domain.record_outcome(
        inspection=earlier, product=b1, kind="compliant", note="", concluded_on=datetime.date(2025, 5, 6), by=inspector
    )
    elsewhere = make_producer(name="HTX Ninh Bình", area=commune_nb, tax_code=f"0011900123{next(_tax):02d}")
    nb_product = product(elsewhere, "NB1")
    nb = open_ad_hoc(by=inspector_nb, producers=[elsewhere], products=[nb_product], team=[inspector_nb], starts_on=day)
    conclude(nb, nb_product, "compliant")
    by_outcome = {
        "compliant": [(p1, a1), (p3, c1)],
        "advice": [(p1, a2), (p1, a1)],
        "remediation": [(p2, b1)],
        "withdrawal": [(p4, d1)],
    }
    by_outcome["total"] = [pair for pairs in list(by_outcome.values()) for pair in pairs]
    return by_outcome


def expected(pairs) -> list[int]:
    """Counted here in Python, from the records themselves: producers, products, communes of today, districts."""
    producers = {p.pk: p for p, _product in pairs}.values()
    return [
        len(producers),
        len({product.pk for _p, product in pairs}),
        len({p.current_commune_id for p in producers}),
        len({p.area.parent_id for p in producers}),
    ]


def test_inspection_figures_by_outcome_on_the_page_the_xlsx_the_report_and_the_api(client, erin, data_set):
    client.force_login(erin)
    query = {"first": 2026}
    page = client.get(reverse("inspections:report"), query).content.decode()
    sheet = next(
        iter(workbook_sheets(client.get(reverse("inspections:report"), {**query, "format": "xlsx"}).content).values())
    )
    report_query = {"area": "2025-province-01", "first": 2026}
    report = client.get(reverse("reports:report"), report_query).content.decode()
    report_sheet = next(
        iter(
            workbook_sheets(
                client.get(reverse("reports:xlsx"), {**report_query, "table": "inspections"}).content
            ).values()
        )
    )
    api = client.get(reverse("api:v1:statistics-table", args=["inspections"]), report_query).json()
    assert expected(data_set["total"]) == [4, 5, len({p.current_commune_id for p, _ in data_set["total"]}), 2]
    for key, label in LABELS.items():
        counts = expected(data_set[key])
        assert page_row(page, "inspections", label)[1:] == [str(n) for n in counts], label
        assert list(sheet_row(sheet, label)[1:]) == counts, label
        assert page_row(report, "inspections", label)[1:] == [str(n) for n in counts], label
        assert list(sheet_row(report_sheet, label)[1:]) == counts, label
        assert api_row(api, "inspections", label)[1:] == counts, label


def test_inspection_figures_of_a_district_of_before_2025(client, erin, data_set, hanoi):
    district = Area.objects.get(
        era=Area.Era.LEGACY, level=Area.Level.DISTRICT, name="Huyện Chương Mỹ", current_province=hanoi
    )
    client.force_login(erin)
    page = client.get(reverse("inspections:report"), {"first": 2026, "area": area_key(district)}).content.decode()
    in_district = [(p, product) for p, product in data_set["total"] if p.area.parent_id == district.pk]
    assert page_row(page, "inspections", LABELS["total"])[1:] == [str(n) for n in expected(in_district)]
    assert page_row(page, "inspections", LABELS["compliant"])[1:] == ["1", "1", "1", "1"]


def test_inspection_figures_of_2025_count_only_that_years_conclusions(client, erin, data_set):
    client.force_login(erin)
    page = client.get(reverse("inspections:report"), {"first": 2025}).content.decode()
    assert page_row(page, "inspections", LABELS["total"])[1:] == ["1", "1", "1", "1"]


def test_inspection_figures_on_the_home_page_of_those_who_open_inspections(client, erin, carol, data_set):
    from dashboards.figures import key_figures

    period = Period(2026, 2026)
    [figure] = [f for f in key_figures(erin, today=datetime.date(2026, 6, 1), period=period) if f.key == "inspections"]
    rows = {row[0]: row[1:] for row in figure.table.rows}
    assert rows[LABELS["total"]] == expected(data_set["total"])
    assert 'data-value="2"' in str(figure.chart)  # the two products with advice
    assert "inspections" not in {f.key for f in key_figures(carol, today=datetime.date(2026, 6, 1), period=period)}
    client.force_login(erin)
    assert 'id="figure-inspections"' in client.get("/", {"first": 2026}).content.decode()
