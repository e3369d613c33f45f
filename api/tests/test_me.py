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


def _basic(username: str, password: str) -> dict:
    import base64

    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.mark.parametrize("username", ["ali\x00ce", "a" * 300, "ali\x1fce"])
def test_basic_auth_with_an_impossible_username_is_refused_without_a_trace(api, alice, username):
    from axes.models import AccessAttempt

    response = api.get(URL, **_basic(username, "sai-mat-khau-1"))
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert AccessAttempt.objects.count() == 0
    # The same answer as a wrong password (session authentication comes first, so DRF answers 403, not 401).
    assert response.status_code == api.get(URL, **_basic("alice", "sai-mat-khau-1")).status_code == 403


def test_basic_auth_with_the_right_password_still_works(api, alice):
    from conftest import PASSWORD

    assert api.get(URL, **_basic("alice", PASSWORD)).json()["username"] == "alice"
