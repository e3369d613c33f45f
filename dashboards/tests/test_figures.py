"""The home page's key figures: from the rollups, for the user's scope, each chart with the same numbers as its
table."""

import datetime
import re

import pytest
from django.utils.html import escape

from dashboards.figures import key_figures
from history.models import CouncilLevel, ResultKind
from reports import rollups
from reports.tests import factories

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def results(product_a, product_b, commune_nb, criteria_set):
    """Product A (commune X) 4★ in 2023, product B (commune Y) 3★ in 2024, seven Ninh Bình products 3★ in 2024."""
    factories.past_results(
        [product_a],
        year=2023,
        level=CouncilLevel.PROVINCE,
        result=ResultKind.FOUR,
        area=product_a.producer.area,
        version="QD26_2026",
    )
    factories.past_results(
        [product_b],
        year=2024,
        level=CouncilLevel.PROVINCE,
        result=ResultKind.THREE,
        area=product_b.producer.area,
        version="QD26_2026",
    )
    owners = factories.producers(7, area=commune_nb, kind="enterprise")
    items = factories.products(owners, criteria_set=criteria_set, serial_area=commune_nb)
    factories.past_results(
        items, year=2024, level=CouncilLevel.PROVINCE, result=ResultKind.THREE, area=commune_nb, version="QD26_2026"
    )
    rollups.refresh_products()


def figures_of(user) -> dict:
    return {f.key: f for f in key_figures(user, today=TODAY)}


def chart_values(svg: str) -> list[tuple[str, str, str]]:
    return re.findall(r'data-series="([^"]*)" data-label="([^"]*)" data-value="([^"]*)"', svg)


def test_commune_officer_figures_are_their_communes_only(carol, results):
    trend = figures_of(carol)["recognised_trend"]
    assert trend.table.rows == [["2023", 1]]


def test_province_officer_figures_cover_the_province(erin, frank, results):
    assert figures_of(erin)["recognised_trend"].table.rows == [["2023", 1], ["2024", 1]]
    assert figures_of(frank)["recognised_trend"].table.rows == [["2024", 7]]


def test_stars_chart_has_the_tables_numbers(erin, results):
    figure = figures_of(erin)["stars_by_year"]
    columns = figure.table.columns
    from_table = [
        (columns[c], row[0], str(row[c]))
        for c in range(2, 7)
        for row in figure.table.rows
        if any(r[c] for r in figure.table.rows)
    ]
    assert chart_values(figure.chart) == from_table
    assert [(v[0], v[1], v[2]) for v in chart_values(figure.chart) if v[2] != "0"] == [
        ("4 sao", "2023", "1"),
        ("3 sao", "2024", "1"),
    ]


def test_producer_kinds_chart_has_the_tables_numbers(frank, results):
    figure = figures_of(frank)["producer_kinds"]
    assert [(label, value) for _series, label, value in chart_values(figure.chart)] == [
        (row[0], str(row[1])) for row in figure.table.rows[2:]
    ]
    assert figure.table.rows[3][:2] == ["Doanh nghiệp", 7]


def test_producers_get_no_figures(alice, results):
    assert key_figures(alice, today=TODAY) == []


def test_home_page_draws_each_chart_next_to_its_table(client, dave, carol, results):
    client.force_login(dave)
    page = client.get("/").content.decode()
    section = page[page.index('id="figure-recognised_trend"') :]
    section = section[: section.index("</section>")]
    assert chart_values(section) == [("3 sao trở lên", "2024", "1")]
    assert re.findall(r"<td>([^<]*)</td>", section) == ["2024", "1"]


def map_values(svg: str) -> dict[str, str]:
    return dict(re.findall(r'data-label="([^"]*)" data-value="(\d+)"', svg))


def test_province_map_places_every_commune_with_its_products_and_links_to_it(erin, commune_x, commune_y, results):
    figure = figures_of(erin)["scope_map"]
    values = map_values(figure.chart)
    assert (values[commune_x.name], values[commune_y.name]) == ("1", "1")
    assert sum(int(v) for v in values.values()) == 2
    assert len(values) == commune_x.parent.children.count()
    assert sorted(figure.table.rows) == sorted([[commune_x.name, 1], [commune_y.name, 1]])
    assert f"area=2025-commune-{commune_x.code}" in figure.chart
    links = {row[0]: link for row, link in figure.rows}
    assert f"?area=2025-commune-{commune_x.code}&" in links[commune_x.name]
    assert escape(links[commune_x.name]) in figure.chart


def test_national_map_places_the_provinces(minh, hanoi, ninh_binh, results):
    values = map_values(figures_of(minh)["scope_map"].chart)
    assert (len(values), values[hanoi.name], values[ninh_binh.name]) == (34, "2", "7")


def test_commune_officer_gets_no_map(carol, results):
    assert "scope_map" not in figures_of(carol)


def test_province_home_page_draws_the_map_without_inline_styles(client, erin, commune_x, results):
    client.force_login(erin)
    page = client.get("/").content.decode()
    section = page[page.index('id="figure-scope_map"') :]
    section = section[: section.index("</section>")]
    assert f'data-label="{commune_x.name}" data-value="1"' in section
    assert f">{commune_x.name}</a></td>" in section
    assert "style=" not in page
