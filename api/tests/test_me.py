import pytest

URL = "/api/v1/me/"


def test_me_needs_sign_in(api, db):
    assert api.get(URL).status_code == 403


def test_me_for_a_producer(api_as, producer_a):
    body = api_as("alice").get(URL).json()

    assert body["username"] == "alice"
    assert body["role"] == "producer"
    assert body["area"] is None
    assert body["producer"]["code"] == producer_a.code


@pytest.mark.parametrize(
    ("persona", "role", "area_code"),
    [
        ("carol", "commune_officer", "10030"),
        ("erin", "province_officer", "01"),
        ("frank", "province_officer", "37"),
        ("council", "council_member", "01"),
        ("minh", "ministry_officer", None),
        ("root", "sysadmin", None),
    ],
)
def test_me_for_officers(api_as, persona, role, area_code):
    body = api_as(persona).get(URL).json()

    assert (body["username"], body["role"]) == (persona, role)
    assert (body["area"] or {}).get("code") == area_code
    assert body["producer"] is None
