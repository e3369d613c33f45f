"""The home page's key figures through the shared cache: shared by the users of one role and area, never across
areas, and fresh again as soon as the rows they read change (a refresh of the rollups, an inspection's outcome)."""

import datetime

from dashboards.figures import cached_key_figures
from history.models import CouncilLevel, ResultKind
from inspections import domain as inspections
from inspections.tests.conftest import open_ad_hoc
from reports import rollups
from reports.tests import factories

from .test_figures import TODAY, results  # noqa: F401 (the data set, a fixture)


def trend(user) -> list:
    return {f.key: f for f in cached_key_figures(user, today=TODAY)}["recognised_trend"].table.rows


def test_cached_figures_follow_a_new_result(erin, product_b, results):  # noqa: F811
    assert trend(erin) == [["2023", 1], ["2024", 1]]
    factories.past_results(
        [product_b],
        year=2025,
        level=CouncilLevel.PROVINCE,
        result=ResultKind.FOUR,
        area=product_b.producer.area,
        version="QD26_2026",
    )
    rollups.refresh_products(product_ids=[product_b.pk])
    assert trend(erin) == [["2023", 1], ["2024", 1], ["2025", 1]]


def test_cached_figures_are_not_shared_across_areas(erin, frank, results):  # noqa: F811
    assert trend(erin) == [["2023", 1], ["2024", 1]]
    assert trend(frank) == [["2024", 7]]
    assert trend(erin) == [["2023", 1], ["2024", 1]]


def test_cached_figures_follow_an_inspection_outcome(erin, inspector, producer_a, product_a, results):  # noqa: F811
    def inspected_products(user) -> int:
        figure = {f.key: f for f in cached_key_figures(user, today=TODAY)}["inspections"]
        return figure.table.rows[-1][2]

    assert inspected_products(inspector) == 0
    day = datetime.date(2026, 3, 2)
    team = [inspector]
    inspection = open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=team, starts_on=day)
    inspections.record_outcome(
        inspection=inspection, product=product_a, kind="compliant", note="", concluded_on=day, by=inspector
    )
    assert inspected_products(inspector) == 1


def test_cached_figures_follow_a_trade_agreement(erin, producer_a, results):  # noqa: F811
    from market.domain.agreements import record_agreement

    def agreements(user) -> int:
        figure = {f.key: f for f in cached_key_figures(user, today=TODAY)}["market"]
        return {row[0]: row[1] for row in figure.table.rows}["Thỏa thuận, hợp đồng thương mại"]

    assert agreements(erin) == 0
    record_agreement(
        producer=producer_a,
        counterpart_name="Siêu thị Thủ đô",
        counterpart_kind="supermarket",
        signed_on=datetime.date(2025, 4, 1),
        by=erin,
    )
    assert agreements(erin) == 1
