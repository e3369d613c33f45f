"""Every API error as RFC 9457 problem details, in the reader's language."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens

PROBLEM_KEYS = ["type", "title", "status", "detail", "instance"]


def assert_problem(response, status: int, kind: str) -> dict:
    body = response.json()
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert list(body)[:5] == PROBLEM_KEYS
    assert (body["type"], body["status"]) == (f"urn:ocop:problem:{kind}", status)
    return body


def test_validation_problem_has_field_messages(api, db):
    body = assert_problem(api.get("/api/v1/areas/", {"era": "1990"}), 400, "validation")

    assert body["title"] == "Yêu cầu không hợp lệ"
    assert body["instance"] == "/api/v1/areas/?era=1990"
    assert list(body["errors"]) == ["era"]


def test_token_refusal_is_a_401_problem(alice):
    token, raw = tokens.create_token(
        user=alice, name="x", expires_on=timezone.localdate() + datetime.timedelta(days=2), scopes=[], by=alice
    )
    tokens.revoke_token(token=token, by=alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    body = assert_problem(client.get("/api/v1/me/"), 401, "not-authenticated")

    assert body["detail"] == "Mã truy cập này đã bị thu hồi."


def test_refusal_is_a_403_problem(api, db):
    body = assert_problem(api.get("/api/v1/me/"), 403, "permission-denied")

    assert body["title"] == "Không được phép"


def test_outside_scope_is_a_404_problem(api_as, producer_a):
    assert_problem(api_as("frank").get(f"/api/v1/producers/{producer_a.code}/"), 404, "not-found")


def test_wrong_method_is_a_405_problem(api_as, producer_a):
    assert_problem(api_as("erin").put(f"/api/v1/producers/{producer_a.code}/", {}), 405, "method-not-allowed")


def test_schema_documents_problem_details_on_every_operation(api, db):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert "Problem" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code in ("400", "401", "403", "404", "429", "500"):
                content = operation["responses"][code]["content"]
                assert list(content) == ["application/problem+json"], (path, method, code)
