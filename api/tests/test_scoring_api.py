"""POST /api/v1/scoring/rank: a public, throttled calculator over the real sheets."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from api.views.scoring import EXAMPLE_REQUEST
from criteria.sheet_loading import json_sheets

URL = "/api/v1/scoring/rank"


@pytest.fixture(scope="module")
def set_7():
    return json_sheets()[7]


def best(sheet, changes=None) -> dict[str, int]:
    choices = {}
    for leaf in sheet.leaves:
        options = [(option.points, position) for position, option in enumerate(leaf.options, 1)]
        choices[leaf.code] = max(options)[1] if options else 1
    return {**choices, **(changes or {})}


def request_body(*choice_sets, **extra) -> dict:
    return {
        "version": "QD26_2026",
        "criteria_set": 7,
        "sheets": [{"member": f"M{i}", "choices": choices} for i, choices in enumerate(choice_sets, 1)],
        **extra,
    }


def test_ranking_needs_no_sign_in_and_returns_the_result(api, db, set_7):
    # 2.1 ticked at 2 points by all: its 3-point option is the 4★ minimum, so 88 points give 3 stars.
    capped = best(set_7, {"2.1": 3, "4.3": 1, "4.2": 1, "1.2": 1, "1.7": 1})
    one_more = {**capped, "1.7": 2}

    response = api.post(URL, request_body(capped, capped, one_more), format="json")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in body if key != "criterion_means"} == {
        "rankable": True,
        "reason": None,
        "mean_total": 88.33,
        "member_totals": {"M1": 88, "M2": 88, "M3": 89},
        "parts": {"A": 36.33, "B": 17, "C": 35},
        "band": 4,
        "stars": 3,
        "failed_minimums": [{"criterion": "2.1", "star": 4, "required": 3, "mean": 2}],
        "divergence_flag": False,
    }
    assert body["criterion_means"]["1.7"] == 0.33


def test_a_signed_in_browser_needs_no_csrf_token(db, council, set_7):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(council)

    response = client.post(URL, request_body(best(set_7)), format="json")

    assert response.status_code == 200
    assert (response.json()["stars"], response.json()["mean_total"]) == (5, 100)


def test_knockouts_stops_and_regulation_reach_the_engine(api, db, set_7):
    body = request_body(best(set_7), best(set_7, {"4.3": 1, "4.2": 1, "1.7": 1, "1.2": 1}), regulation={"max_gap": 5})
    body["sheets"][0]["knockouts"] = [0]
    body["sheets"][1].update(knockouts=[0], stops=["6.1"])

    result = api.post(URL, body, format="json").json()

    assert (result["rankable"], result["stars"], result["band"], result["divergence_flag"]) == (False, None, 5, True)
    assert result["reason"].startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ")
    assert result["reason"].endswith("(2/2 thành viên)")


def test_a_requirement_recorded_as_unmet_is_a_200_not_rankable_with_the_reason(api, db):
    # Set 1, 1.1: "Yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh", which no printed option can say.
    set_1 = json_sheets()[1]
    body = {
        "version": "QD26_2026",
        "criteria_set": 1,
        "sheets": [{"member": "M1", "choices": best(set_1, {"1.1": "unmet"})}],
    }

    response = api.post(URL, body, format="json")

    assert response.status_code == 200
    result = response.json()
    assert (result["rankable"], result["stars"], result["band"], result["mean_total"]) == (False, None, 5, 97)
    assert result["reason"] == (
        "Không đáp ứng yêu cầu của tiêu chí 1.1: 100% sản phẩm được trồng trên địa bàn cấp tỉnh (1/1 thành viên)"
    )
    assert result["criterion_means"]["1.1"] == 0


def test_unmet_on_a_criterion_without_a_requirement_is_a_400(api, db, set_7):
    response = api.post(URL, request_body(best(set_7, {"1.1": "unmet"})), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "sheets": {"M1": ["Tiêu chí 1.1 không có yêu cầu bắt buộc: “unmet” chỉ dùng cho tiêu chí có yêu cầu."]}
    }


def test_invalid_sheets_are_a_400_naming_the_codes(api, db, set_7):
    missing = {code: choice for code, choice in best(set_7).items() if code != "11"}
    wrong = best(set_7, {"2.1": 9, "12": 1})

    response = api.post(URL, request_body(best(set_7), missing, wrong), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "sheets": {
            "M2": ["Thiếu tiêu chí: 11."],
            "M3": ["Không có tiêu chí 12 trong phiếu này.", "Tiêu chí 2.1 không có phương án 9 (chọn từ 1 đến 4)."],
        }
    }


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"version": "QD99_2030"}, {"version": ["Không có văn bản quy định “QD99_2030”."]}),
        ({"criteria_set": 27}, {"criteria_set": ["Văn bản QD26_2026 không có phiếu đánh giá của bộ sản phẩm số 27."]}),
        (
            {"version": "QD1048_2019"},
            {"criteria_set": ["Văn bản QD1048_2019 không có phiếu đánh giá của bộ sản phẩm số 7."]},
        ),
    ],
)
def test_unknown_version_or_criteria_set_is_a_400(api, db, set_7, change, errors):
    response = api.post(URL, {**request_body(best(set_7)), **change}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors


def test_malformed_requests_are_a_400(api, db, set_7):
    not_a_number = api.post(URL, request_body(best(set_7, {"1.1": "ba"})), format="json")
    no_sheets = api.post(URL, request_body(), format="json")

    assert not_a_number.status_code == no_sheets.status_code == 400
    assert list(not_a_number.json()["errors"]["sheets"]["0"]["choices"]) == ["1.1"]
    assert list(no_sheets.json()["errors"]) == ["sheets"]


def test_scoring_is_throttled(api, db, set_7, monkeypatch):
    # DRF reads the rates when the throttle class is defined, so the test rate goes on the class.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"scoring": "2/min"})
    body = request_body(best(set_7))

    statuses = [api.post(URL, body, format="json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_scoring_throttle_ignores_a_forwarded_address_the_client_wrote(api, db, set_7, monkeypatch):
    # No trusted proxy (PUBLIC_TRUSTED_PROXY_COUNT=0): X-Forwarded-For comes from the client, who could
    # otherwise send a new one with each request and never be throttled.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"scoring": "2/min"})
    body = request_body(best(set_7))

    statuses = [api.post(URL, body, format="json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]

    assert statuses == [200, 200, 429]


def test_the_documented_example_is_valid(api, db):
    body = api.post(URL, EXAMPLE_REQUEST, format="json").json()

    # 97.5 points, but the mean on 2.1 (2.5) misses its 4★ minimum (3).
    assert (body["member_totals"], body["band"], body["stars"]) == ({"A": 100, "B": 95}, 5, 3)


def test_the_endpoint_is_in_the_schema(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()

    assert "  /api/v1/scoring/rank:" in schema
    for component in ("ScoringRankRequest:", "ScoringRankResult:", "ScoringMemberSheet:", "ScoringFailedMinimum:"):
        assert f"    {component}" in schema
