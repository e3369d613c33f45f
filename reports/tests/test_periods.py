"""A report for any period: years (as before), a date range that cuts a year, an evaluation round; the same figures
on the page, in the .xlsx and in the API, and clear messages (or a 404) for a period that cannot be read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from criteria.models import LegalVersion
from dossiers.models import Application, ApplicationStatus
from evaluation.models import Evaluation, Level, Round
from history.models import CouncilLevel, PastResult, ResultKind
from reports import rollups
from reports.figures import Period, Report

from . import factories
from .helpers import api_row, page_row, page_rows, sheet_row, workbook_sheets

pytestmark = pytest.mark.django_db

FIRST_HALF = {"period": "dates", "since": "01/01/2025", "until": "30/06/2025"}


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _file(product, day: datetime.date) -> Application:
    return Application.objects.create(
        product=product,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
        criteria_set=product.criteria_set,
        commune=product.producer.current_commune,
        province=product.producer.current_province,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=_moment(day),
    )


def _round(province, name: str, evaluate_by: datetime.date) -> Round:
    return Round.objects.create(
        level=Level.PROVINCE,
        province=province,
        name=name,
        proposal_cutoff=evaluate_by - datetime.timedelta(days=30),
        evaluate_by=evaluate_by,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
    )


def _evaluate(application: Application, round_: Round, *, stars: int, closed: datetime.date) -> None:
    Evaluation.objects.create(
        application=application,
        round=round_,
        level=Level.PROVINCE,
        legal_version=application.legal_version,
        criteria_set=application.criteria_set,
        status=Evaluation.Status.CLOSED,
        rankable=True,
        stars=stars,
        closed_at=_moment(closed),
    )


def _past(product, *, decided: datetime.date, level: str, result: str) -> None:
    PastResult.objects.create(
        product=product,
        year=decided.year,
        legal_version=LegalVersion.objects.get(code="QD148_2023"),
        level=level,
        result=result,
        decision_date=decided,
        area=product.producer.area,
        current_commune=product.producer.current_commune,
        current_province=product.producer.current_province,
    )


@pytest.fixture
def halves(product_a, product_b):
    """Product A filed on 30/06/2025 and ranked 3★ by a decision of 30/06; product B filed on 01/07/2025 and ranked
    4★ on 01/07. Both in Hà Nội."""
    _file(product_a, datetime.date(2025, 6, 30))
    _file(product_b, datetime.date(2025, 7, 1))
    _past(product_a, decided=datetime.date(2025, 6, 30), level=CouncilLevel.PROVINCE, result=ResultKind.THREE)
    _past(product_b, decided=datetime.date(2025, 7, 1), level=CouncilLevel.PROVINCE, result=ResultKind.FOUR)
    rollups.refresh_products()


def _all_three(client, query, table):
    page = client.get(reverse("reports:report"), query)
    assert page.status_code == 200
    sheet = next(iter(workbook_sheets(client.get(reverse("reports:xlsx"), {**query, "table": table}).content).values()))
    api = client.get(reverse("api:v1:statistics-table", args=[table]), query).json()
    return page.content.decode(), sheet, api


def test_date_range_cuts_the_year_at_its_last_day(client, erin, halves):
    client.force_login(erin)
    page, sheet, api = _all_three(client, FIRST_HALF, "pipeline")
    assert page_row(page, "pipeline", "Hồ sơ tiếp nhận")[1] == "2"  # A's dossier and A's past result
    assert sheet_row(sheet, "Hồ sơ tiếp nhận")[1] == 2
    assert api_row(api, "pipeline", "Hồ sơ tiếp nhận")[1] == 2
    assert api_row(api, "pipeline", "3 sao")[1] == 1
    assert api_row(api, "pipeline", "4 sao")[1] == 0
    page, sheet, api = _all_three(client, {**FIRST_HALF, "since": "01/07/2025", "until": "31/12/2025"}, "stars")
    assert page_row(page, "stars", "4 sao")[1] == "1"
    assert sheet_row(sheet, "3 sao")[1] == 0
    assert api_row(api, "stars", "Sản phẩm được đánh giá")[1] == 1


def test_whole_year_is_both_halves(client, erin, halves):
    client.force_login(erin)
    _page, sheet, api = _all_three(client, {"first": 2025}, "pipeline")
    assert api_row(api, "pipeline", "Hồ sơ tiếp nhận")[1] == 4
    assert sheet_row(sheet, "Tổng số sản phẩm đạt 3 sao trở lên")[1] == 2
    as_dates = client.get(
        reverse("api:v1:statistics-table", args=["pipeline"]),
        {"period": "dates", "since": "2025-01-01", "until": "2025-12-31"},
    ).json()
    assert as_dates["tables"] == api["tables"]


def test_a_range_finds_the_final_result_within_it(erin, hanoi, product_a):
    """District 3★ on 30/06, province 2★ on 15/10: the year's final result is the province's 2★, but up to 30/06
    the product stood at 3★."""
    _past(product_a, decided=datetime.date(2025, 6, 30), level=CouncilLevel.DISTRICT, result=ResultKind.THREE)
    _past(product_a, decided=datetime.date(2025, 10, 15), level=CouncilLevel.PROVINCE, result=ResultKind.TWO)
    rollups.refresh_products()
    year = Report(user=erin, area=hanoi, period=Period(2025, 2025))
    first_half = Report(
        user=erin, area=hanoi, period=Period.dates(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    )
    assert year.stars().rows[1] == ["Đạt 3 sao trở lên", 0, 0]
    assert first_half.stars().rows[1] == ["Đạt 3 sao trở lên", 1, 100]
    assert first_half.producers().rows[1][1] == 1


def test_a_range_over_two_years_keeps_each_products_best(erin, hanoi, product_a):
    _past(product_a, decided=datetime.date(2024, 11, 2), level=CouncilLevel.PROVINCE, result=ResultKind.FOUR)
    _past(product_a, decided=datetime.date(2025, 3, 2), level=CouncilLevel.PROVINCE, result=ResultKind.THREE)
    rollups.refresh_products()
    report = Report(user=erin, area=hanoi, period=Period.dates(datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)))
    stars = {row[0]: row[1] for row in report.stars().rows}
    assert (stars["Sản phẩm được đánh giá"], stars["4 sao"], stars["3 sao"]) == (1, 1, 0)
    assert report.pipeline().rows[-3][:2] == ["Tổng số sản phẩm đạt 3 sao trở lên", 2]  # results count year by year


def test_past_result_without_decision_date_is_placed_on_the_last_day_of_its_year(erin, hanoi, product_a):
    factories.past_results(
        [product_a],
        year=2024,
        level=CouncilLevel.PROVINCE,
        result=ResultKind.THREE,
        area=product_a.producer.area,
        version="QD148_2023",
    )
    rollups.refresh_products()
    december = Period.dates(datetime.date(2024, 12, 31), datetime.date(2024, 12, 31))
    november = Period.dates(datetime.date(2024, 11, 1), datetime.date(2024, 11, 30))
    assert Report(user=erin, area=hanoi, period=december).stars().rows[1][1] == 1
    assert Report(user=erin, area=hanoi, period=november).stars().rows[1][1] == 0


@pytest.fixture
def rounds(hanoi, ninh_binh, product_a, product_b, commune_nb, criteria_set):
    """Hà Nội's round 1 ranks product A 4★ (closed 10/09/2025), its round 2 product B 3★ (closed 10/09/2025 too);
    Ninh Bình has a round of its own."""
    first = _round(hanoi, "Đợt 1/2025", datetime.date(2025, 9, 30))
    second = _round(hanoi, "Đợt 2/2025", datetime.date(2025, 10, 30))
    _evaluate(_file(product_a, datetime.date(2025, 7, 1)), first, stars=4, closed=datetime.date(2025, 9, 10))
    _evaluate(_file(product_b, datetime.date(2025, 7, 2)), second, stars=3, closed=datetime.date(2025, 9, 10))
    other = _round(ninh_binh, "Đợt 1/2025 Ninh Bình", datetime.date(2025, 9, 30))
    rollups.refresh_products()
    return first, second, other


def test_round_reads_its_own_dossiers_and_results(client, erin, rounds):
    first, second, _other = rounds
    client.force_login(erin)
    page, sheet, api = _all_three(client, {"period": "round", "round": first.code}, "pipeline")
    assert page_row(page, "pipeline", "Hồ sơ tiếp nhận")[1] == "1"
    assert page_row(page, "pipeline", "4 sao")[1] == "1"
    assert sheet_row(sheet, "3 sao")[1] == 0
    assert sheet_row(sheet, "Kỳ báo cáo")[1] == "Đợt đánh giá"
    assert sheet_row(sheet, "Giai đoạn")[1] == "Đợt 1/2025"
    assert api_row(api, "pipeline", "Sản phẩm đánh giá cấp tỉnh")[1] == 1
    assert (api["period"], api["round"]) == ("round", first.code)
    second_round = client.get(
        reverse("api:v1:statistics-table", args=["stars"]), {"period": "round", "round": second.code}
    ).json()
    assert api_row(second_round, "stars", "3 sao")[1:] == [1, 100.0]
    assert api_row(second_round, "stars", "4 sao")[1] == 0


def test_pdf_of_a_round_and_of_a_date_range(client, erin, rounds):
    client.force_login(erin)
    for query, name in (
        ({"period": "round", "round": rounds[0].code}, f"dot-{rounds[0].code}"),
        (FIRST_HALF, "20250101-20250630"),
    ):
        response = client.get(reverse("reports:pdf"), query)
        assert (response["Content-Type"], response.content[:4]) == ("application/pdf", b"%PDF")
        assert name in response["Content-Disposition"]


def test_round_page_offers_only_the_readers_rounds(client, erin, rounds):
    first, second, other = rounds
    client.force_login(erin)
    content = client.get(reverse("reports:report"), {"period": "round", "round": first.code}).content.decode()
    assert f'value="{first.code}" selected' in content
    assert f'value="{second.code}"' in content
    assert f'value="{other.code}"' not in content


def test_round_outside_scope_is_404_and_unknown_round_a_message(client, erin, rounds):
    _first, _second, other = rounds
    client.force_login(erin)
    for url in (reverse("reports:report"), reverse("reports:xlsx"), reverse("api:v1:statistics")):
        assert client.get(url, {"period": "round", "round": other.code}).status_code == 404, url
    response = client.get(reverse("reports:report"), {"period": "round", "round": "NOPE"})
    assert response.status_code == 400
    assert "Không có đợt đánh giá “NOPE”." in response.content.decode()
    missing = client.get(reverse("reports:report"), {"period": "round"})
    assert "Chọn đợt đánh giá." in missing.content.decode()
    assert client.get(reverse("api:v1:statistics"), {"period": "round", "round": "NOPE"}).status_code == 400


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "01/07/2025", "until": "30/06/2025"}, "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
        ({"since": "31/12/2017", "until": "30/06/2025"}, "Chỉ có số liệu từ ngày 01/01/2018 đến ngày 31/12/"),
        ({"since": "01/01/2025", "until": "01/01/2099"}, "Chỉ có số liệu từ ngày 01/01/2018 đến ngày 31/12/"),
        ({"since": "30/02/2025", "until": "30/06/2025"}, "Ngày không đúng dạng ngày/tháng/năm (ví dụ 30/06/2025)."),
        ({"since": "01/01/2025"}, "Nhập cả ngày bắt đầu và ngày kết thúc."),
    ],
)
def test_bad_dates_are_refused_with_a_message(client, erin, query, message):
    client.force_login(erin)
    response = client.get(reverse("reports:report"), {"period": "dates", **query})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get(reverse("reports:xlsx"), {"period": "dates", **query}).status_code == 400
    assert client.get(reverse("api:v1:statistics"), {"period": "dates", **query}).status_code == 400


def test_range_bounds_are_included(erin, hanoi, product_a):
    _file(product_a, datetime.date(2025, 3, 1))
    rollups.refresh_products()
    on_the_day = Period.dates(datetime.date(2025, 3, 1), datetime.date(2025, 3, 1))
    before = Period.dates(datetime.date(2025, 1, 1), datetime.date(2025, 2, 28))
    assert Report(user=erin, area=hanoi, period=on_the_day).pipeline().rows[0][1] == 1
    assert Report(user=erin, area=hanoi, period=before).pipeline().rows[0][1] == 0


def test_workbook_writes_the_date_range_at_the_top(client, erin, halves):
    client.force_login(erin)
    response = client.get(reverse("reports:xlsx"), {**FIRST_HALF, "table": "stars"})
    rows = next(iter(workbook_sheets(response.content).values()))
    assert sheet_row(rows, "Kỳ báo cáo")[1] == "Khoảng ngày"
    assert sheet_row(rows, "Giai đoạn")[1] == "01/01/2025–30/06/2025"
    assert "20250101-20250630" in response["Content-Disposition"]


def test_certificates_of_a_range_are_those_in_force_at_its_end(client, erin, product_a):
    Certificate.objects.create(
        number="OCOP-01-2025-000007",
        product=product_a,
        stars=3,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
        province=product_a.producer.current_province,
        area_at_issue=product_a.producer.area,
        decision_number="7/QĐ-UBND",
        decision_date=datetime.date(2022, 9, 1),
        issued_on=datetime.date(2022, 9, 1),
        expires_on=datetime.date(2025, 9, 1),
    )
    rollups.refresh_products()
    client.force_login(erin)
    body = client.get(reverse("api:v1:statistics-table", args=["certificates"]), FIRST_HALF).json()
    assert [row[0] for row in body["tables"][0]["rows"]] == ["OCOP-01-2025-000007"]
    later = {**FIRST_HALF, "until": "31/12/2025"}
    assert (
        client.get(reverse("api:v1:statistics-table", args=["certificates"]), later).json()["tables"][0]["rows"] == []
    )


def test_period_parameters_are_in_the_schema(client, erin):
    client.force_login(erin)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    names = {p["name"] for p in schema["paths"]["/api/v1/statistics/"]["get"]["parameters"]}
    assert {"period", "first", "last", "since", "until", "round"} <= names


def test_best_of_any_span_of_years_is_the_best_final_result_latest_of_equal(erin, hanoi, product_a):
    """Finals 2019 4★, 2020 3★, 2021 4★, 2022 5★, 2023 2★: over every span of years, whole (read from the marks
    the refresh stores) or cut a day short (read by comparing the results), the best is the same."""
    finals = {2019: ResultKind.FOUR, 2020: ResultKind.THREE, 2021: ResultKind.FOUR, 2022: ResultKind.FIVE}
    finals[2023] = ResultKind.TWO
    for year, result in finals.items():
        _past(product_a, decided=datetime.date(year, 5, 1), level=CouncilLevel.PROVINCE, result=result)
    rollups.refresh_products()
    rank = {ResultKind.TWO: 20, ResultKind.THREE: 30, ResultKind.FOUR: 40, ResultKind.FIVE: 50}
    for first in finals:
        for last in (y for y in finals if y >= first):
            expected = max((rank[finals[y]], y) for y in range(first, last + 1))
            for period in (
                Period(first, last),
                Period.dates(datetime.date(first, 1, 1), datetime.date(last, 12, 30)),
            ):
                best = Report(user=erin, area=hanoi, period=period).best_rows()
                assert list(best.values_list("rank", "year")) == [expected], (period, expected)


def test_page_lists_the_first_50_expiring_certificates_and_the_xlsx_all(client, erin, hanoi, commune_x, criteria_set):
    owners = factories.producers(55, area=commune_x)
    items = factories.products(owners, criteria_set=criteria_set, serial_area=owners[0].area)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    Certificate.objects.bulk_create(
        Certificate(
            number=f"OCOP-01-2025-{n:06d}",
            product=product,
            stars=3,
            legal_version=LegalVersion.objects.get(code="QD26_2026"),
            province=hanoi,
            area_at_issue=product.producer.area,
            decision_number="1/QĐ-UBND",
            decision_date=datetime.date(2023, 1, 1),
            issued_on=datetime.date(2023, 1, 1),
            expires_on=soon,
        )
        for n, product in enumerate(items, start=1)
    )
    rollups.refresh_products()
    client.force_login(erin)
    page = client.get(reverse("reports:report")).content.decode()
    assert len(page_rows(page, "certificates")) == 50
    assert "Còn 5 dòng nữa" in page
    assert page_row(page, "certificates", "OCOP-01-2025-000001")[0] == "OCOP-01-2025-000001"
    sheet = next(iter(workbook_sheets(client.get(reverse("reports:xlsx"), {"table": "certificates"}).content).values()))
    assert sheet_row(sheet, "Hết hạn trong 180 ngày tới")[1] == 55
    assert sum(1 for row in sheet if row and str(row[0]).startswith("OCOP-01-2025-")) == 55
    api = client.get(reverse("api:v1:statistics-table", args=["certificates"])).json()
    assert len(api["tables"][0]["rows"]) == 55
