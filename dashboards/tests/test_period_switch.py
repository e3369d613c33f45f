"""The home page's period switch: the key figures of a year span, a date range or a round, read with the report's
own filters (the same messages, the same 404 for a round outside scope)."""

import datetime
import re

import pytest

from criteria.models import LegalVersion
from evaluation.models import Level, Round
from history.models import CouncilLevel, PastResult, ResultKind
from reports import rollups

pytestmark = pytest.mark.django_db


def _past(product, decided: datetime.date, result: str) -> None:
    producer = product.producer
    PastResult.objects.create(
        product=product,
        year=decided.year,
        legal_version=LegalVersion.objects.get(code="QD148_2023"),
        level=CouncilLevel.PROVINCE,
        result=result,
        decision_date=decided,
        area=producer.area,
        current_commune=producer.current_commune,
        current_province=producer.current_province,
    )


@pytest.fixture
def halves(product_a, product_b):
    """Product A 4★ by a decision of 30/06/2025, product B 3★ on 01/07/2025, both in Hà Nội."""
    _past(product_a, datetime.date(2025, 6, 30), ResultKind.FOUR)
    _past(product_b, datetime.date(2025, 7, 1), ResultKind.THREE)
    rollups.refresh_products()


def _trend(page: str) -> list[str]:
    section = page[page.index('id="figure-recognised_trend"') :]
    section = section[: section.index("</section>")]
    return re.findall(r"<td>([^<]*)</td>", section)


def test_home_shows_the_figures_of_the_chosen_date_range(client, erin, halves):
    client.force_login(erin)
    default = client.get("/").content.decode()
    assert _trend(default) == ["2025", "2"]
    first_half = client.get("/", {"period": "dates", "since": "01/01/2025", "until": "30/06/2025"}).content.decode()
    assert _trend(first_half) == ["2025", "1"]
    assert "01/01/2025–30/06/2025" in first_half
    assert 'value="30/06/2025"' in first_half


def test_home_map_links_keep_the_period(client, erin, halves):
    client.force_login(erin)
    page = client.get("/", {"period": "dates", "since": "01/01/2025", "until": "30/06/2025"}).content.decode()
    assert "period=dates&amp;since=01%2F01%2F2025&amp;until=30%2F06%2F2025" in page


def test_home_refuses_a_bad_period_with_a_message_and_keeps_the_default_figures(client, erin, halves):
    client.force_login(erin)
    response = client.get("/", {"period": "dates", "since": "01/07/2025", "until": "30/06/2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in page
    assert _trend(page) == ["2025", "2"]


def test_home_round_outside_scope_is_404(client, erin, ninh_binh):
    other = Round.objects.create(
        level=Level.PROVINCE,
        province=ninh_binh,
        name="Đợt 1/2025",
        proposal_cutoff=datetime.date(2025, 8, 1),
        evaluate_by=datetime.date(2025, 9, 30),
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
    )
    client.force_login(erin)
    assert client.get("/", {"period": "round", "round": other.code}).status_code == 404


def test_producer_home_has_no_period_switch(client, alice):
    client.force_login(alice)
    assert 'id="period-switch"' not in client.get("/").content.decode()
