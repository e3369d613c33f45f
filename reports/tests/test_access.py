"""Reports follow the scope rule: a commune officer reads their commune, a province officer their province (and
its units of before 2025), national roles the country; an area outside is a 404, producers get a 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from criteria.models import LegalVersion
from dossiers.models import Application, ApplicationStatus, CommuneReview
from evaluation.models import Evaluation, Level, Round
from history.models import CouncilLevel, ResultKind
from reports import rollups
from reports.figures import Period, Report

from . import factories
from .helpers import api_row, page_row

pytestmark = pytest.mark.django_db


def _moment(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 9))


@pytest.fixture
def world(product_a, product_b, commune_nb, criteria_set, erin):
    """Product A (commune X) evaluated on the platform in 2025 (4★), product B (commune Y) imported 3★ in 2025,
    and 7 products of a Ninh Bình commune imported 3★ in 2025."""
    version = LegalVersion.objects.get(code="QD26_2026")
    application = Application.objects.create(
        product=product_a,
        legal_version=version,
        criteria_set=criteria_set,
        commune=product_a.producer.current_commune,
        province=product_a.producer.current_province,
        status=ApplicationStatus.RECOGNISED,
        submitted_at=_moment(2025, 8, 1),
        commune_deadline=datetime.date(2025, 8, 22),
        received_at=_moment(2025, 8, 25),
    )
    CommuneReview.objects.create(
        application=application, reviewer=erin, complete=True, decision=CommuneReview.Decision.FORWARD
    )
    CommuneReview.objects.filter(application=application).update(decided_at=_moment(2025, 8, 25))
    round_ = Round.objects.create(
        level=Level.PROVINCE,
        province=product_a.producer.current_province,
        name="Đợt 1/2025",
        proposal_cutoff=datetime.date(2025, 9, 1),
        evaluate_by=datetime.date(2025, 9, 30),
        legal_version=version,
    )
    Evaluation.objects.create(
        application=application,
        round=round_,
        level=Level.PROVINCE,
        legal_version=version,
        criteria_set=criteria_set,
        status=Evaluation.Status.CLOSED,
        rankable=True,
        stars=4,
        closed_at=_moment(2025, 10, 3),
    )
    Certificate.objects.create(
        number="OCOP-01-2025-000001",
        product=product_a,
        stars=4,
        legal_version=version,
        province=product_a.producer.current_province,
        area_at_issue=product_a.producer.area,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 10, 10),
        issued_on=datetime.date(2025, 10, 10),
        expires_on=timezone.localdate() + datetime.timedelta(days=100),
    )
    b = product_b.producer
    factories.past_results(
        [product_b], year=2025, level=CouncilLevel.PROVINCE, result=ResultKind.THREE, area=b.area, version="QD26_2026"
    )
    owners = factories.producers(7, area=commune_nb)
    items = factories.products(owners, criteria_set=criteria_set, serial_area=commune_nb)
    factories.past_results(
        items, year=2025, level=CouncilLevel.PROVINCE, result=ResultKind.THREE, area=commune_nb, version="QD26_2026"
    )
    rollups.refresh_products()


def _recognised(client, user, query) -> str:
    client.force_login(user)
    response = client.get(reverse("reports:report"), {"first": 2025, **query})
    assert response.status_code == 200
    return page_row(response.content.decode(), "stars", "Đạt 3 sao trở lên")[1]


def test_platform_results_and_imported_results_count_together(erin, hanoi, world):
    report = Report(user=erin, area=hanoi, period=Period(2025, 2025))
    assert report.stars().rows[1] == ["Đạt 3 sao trở lên", 2, 100]
    assert report.pipeline().rows[0][:2] == ["Hồ sơ tiếp nhận", 2]
    steps = report.steps().rows[0]
    assert steps[2:5] == [1, 24, 1]  # the commune took 24 days, past its deadline


def test_commune_officer_reads_only_their_commune(client, carol, world):
    assert _recognised(client, carol, {}) == "1"


def test_province_officer_reads_their_province(client, erin, frank, world):
    assert _recognised(client, erin, {}) == "2"
    assert _recognised(client, frank, {}) == "7"


def test_ministry_reads_the_country(client, minh, world):
    assert _recognised(client, minh, {}) == "9"
    assert _recognised(client, minh, {"area": "2025-province-37"}) == "7"


@pytest.mark.parametrize(
    ("persona", "area"),
    [
        ("carol", "2025-province-01"),  # a commune officer asks for the province
        ("carol", "2025-commune-10015"),  # ... or the next commune
        ("erin", "2025-province-37"),  # a province officer asks for another province
        ("erin", ""),  # an officer never reads the country: the empty area is their own
    ],
)
def test_area_outside_scope_is_404(client, request, world, persona, area):
    client.force_login(request.getfixturevalue(persona))
    query = {"area": area, "first": 2025}
    for url in (reverse("reports:report"), reverse("reports:xlsx"), reverse("api:v1:statistics")):
        response = client.get(url, query)
        assert response.status_code == (200 if area == "" else 404), url


def test_producer_gets_403_and_visitor_the_login(client, alice, world):
    assert client.get(reverse("reports:report")).status_code == 302
    client.force_login(alice)
    assert client.get(reverse("reports:report")).status_code == 403
    assert client.get(reverse("api:v1:statistics")).status_code == 403


def test_bad_years_are_refused_with_a_message(client, erin, world):
    client.force_login(erin)
    response = client.get(reverse("reports:report"), {"first": 2024, "last": 2020})
    assert response.status_code == 400
    assert "Năm bắt đầu phải trước hoặc bằng năm kết thúc." in response.content.decode()
    api = client.get(reverse("api:v1:statistics"), {"first": 2024, "last": 2020})
    assert api.status_code == 400


def test_certificate_expiring_within_180_days_is_listed(client, erin, world):
    client.force_login(erin)
    body = client.get(reverse("api:v1:statistics-table", args=["certificates"]), {"first": 2025}).json()
    table = body["tables"][0]
    assert [row[0] for row in table["rows"]] == ["OCOP-01-2025-000001"]
    assert table["notes"][0]["value"] == 1


def test_pdf_of_the_report(client, erin, world):
    client.force_login(erin)
    response = client.get(reverse("reports:pdf"), {"first": 2025})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_statistics_are_in_the_schema(client, erin):
    client.force_login(erin)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert {"/api/v1/statistics/", "/api/v1/statistics/{table}/"} <= set(schema["paths"])


def test_api_row_equals_page_row(client, erin, world):
    client.force_login(erin)
    body = client.get(reverse("api:v1:statistics"), {"first": 2025}).json()
    assert api_row(body, "stars", "Đạt 3 sao trở lên") == ["Đạt 3 sao trở lên", 2, 100.0]
