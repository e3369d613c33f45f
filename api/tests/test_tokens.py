import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from api import tokens
from api.models import ApiToken
from api.throttling import TokenRateThrottle
from api.tokens import WriteScope
from audit.domain import history
from conftest import make_user

from .conftest import valid_tax_code

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def new_token(user, *, scopes=(), expires_on=IN_A_MONTH, by=None):
    return tokens.create_token(user=user, name="Sàn TMĐT", expires_on=expires_on, scopes=list(scopes), by=by or user)


def test_token_secret_is_stored_only_as_a_keyed_hash(alice):
    token, raw = new_token(alice)

    assert raw.startswith(f"ocop_{token.prefix}_")
    assert token.digest == tokens.digest(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert [entry.action for entry in history(token)] == ["create"]


def test_token_reads_as_its_user(alice, product_a):
    _token, raw = new_token(alice)

    response = bearer(raw).get("/api/v1/products/")

    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == [product_a.code]


def test_token_of_one_province_cannot_read_another_provinces_producer(frank, producer_a, product_a):
    _token, raw = new_token(frank)
    client = bearer(raw)

    assert client.get(f"/api/v1/producers/{producer_a.code}/").status_code == 404
    assert client.get(f"/api/v1/products/{product_a.code}/").status_code == 404


def test_read_only_token_cannot_write_even_when_its_user_could(erin, producer_a):
    _token, raw = new_token(erin)

    response = bearer(raw).patch(f"/api/v1/producers/{producer_a.code}/", {"phone": "0987654321"}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập này chỉ được đọc."
    producer_a.refresh_from_db()
    assert producer_a.phone == "0912345678"


def test_token_writes_only_with_the_scope_of_the_view(erin, producer_a):
    _token, products_only = new_token(erin, scopes=[WriteScope.PRODUCTS])
    _token, producers = new_token(erin, scopes=[WriteScope.PRODUCERS])
    change = {"phone": "0987654321"}

    refused = bearer(products_only).patch(f"/api/v1/producers/{producer_a.code}/", change, format="json")
    allowed = bearer(producers).patch(f"/api/v1/producers/{producer_a.code}/", change, format="json")

    assert refused.status_code == 403
    assert allowed.status_code == 200
    producer_a.refresh_from_db()
    assert producer_a.phone == "0987654321"


def test_token_with_a_write_scope_still_obeys_its_users_rules(bob, producer_a):
    _token, raw = new_token(bob, scopes=[WriteScope.PRODUCERS])

    response = bearer(raw).patch(f"/api/v1/producers/{producer_a.code}/", {"phone": "0987654321"}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "Mã truy cập này đã bị thu hồi."),
        ({"expires_at": timezone.now() - datetime.timedelta(seconds=1)}, "Mã truy cập này đã hết hạn."),
    ],
)
def test_revoked_or_expired_token_is_refused(alice, change, message):
    token, raw = new_token(alice)
    ApiToken.objects.filter(pk=token.pk).update(**change)

    response = bearer(raw).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["detail"] == message
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_token_of_a_locked_user_is_refused(alice):
    _token, raw = new_token(alice)
    alice.is_active = False
    alice.save()

    response = bearer(raw).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Tài khoản của mã truy cập này đã bị khoá."


def test_wrong_secret_with_a_known_prefix_is_refused(alice):
    token, _raw = new_token(alice)

    response = bearer(f"ocop_{token.prefix}_{'x' * 43}").get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập không hợp lệ."


def test_token_use_is_recorded_once_a_minute_with_the_address(alice):
    token, raw = new_token(alice)
    client = bearer(raw)

    client.get("/api/v1/me/", REMOTE_ADDR="203.0.113.7")
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/api/v1/me/", REMOTE_ADDR="203.0.113.8")
    token.refresh_from_db()

    assert first is not None
    assert (token.last_used_at, token.last_used_from) == (first, "203.0.113.7")

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get("/api/v1/me/", REMOTE_ADDR="203.0.113.8")
    token.refresh_from_db()
    assert token.last_used_from == "203.0.113.8"


def test_token_expiry_is_required_and_at_most_a_year(alice):
    too_late = timezone.localdate() + datetime.timedelta(days=366)

    with pytest.raises(tokens.ValidationError) as refused:
        new_token(alice, expires_on=too_late)

    assert refused.value.message_dict == {"expires_on": ["Mã truy cập có hạn tối đa 365 ngày."]}
    assert ApiToken.objects.count() == 0


def test_revoking_a_token_is_audited_and_refuses_it_at_once(alice):
    token, raw = new_token(alice)

    tokens.revoke_token(token=token, by=alice)

    assert bearer(raw).get("/api/v1/me/").status_code == 401
    assert [entry.action for entry in history(token)] == ["revoke", "create"]


def test_token_page_shows_the_secret_once_and_revokes_with_htmx(client, alice):
    client.force_login(alice)

    created = client.post("/tai-khoan/api/", {"name": "Sàn", "expires_on": IN_A_MONTH.strftime("%d/%m/%Y")})
    token = ApiToken.objects.get()
    page = client.get("/tai-khoan/api/")
    revoked = client.post(f"/tai-khoan/api/{token.prefix}/thu-hoi/", HTTP_HX_REQUEST="true")

    assert created.status_code == 200
    assert f"ocop_{token.prefix}_" in created.content.decode()
    assert tokens.digest(created.context["secret"]) == token.digest
    assert created.context["secret"] not in page.content.decode()
    assert revoked.status_code == 200
    assert f'id="token-{token.prefix}"' in revoked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_cannot_be_revoked(client, alice, bob):
    token, _raw = new_token(alice)
    client.force_login(bob)

    response = client.post(f"/tai-khoan/api/{token.prefix}/thu-hoi/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_service_account_sees_only_its_province(erin, frank, producer_a, product_a, commune_nb):
    account = tokens.create_service_account(by=frank, username="nb-sync", purpose="Đồng bộ cổng tỉnh")
    _token, raw = new_token(account.user, by=frank)
    client = bearer(raw)

    assert account.user.area == frank.area
    assert account.user.has_usable_password() is False
    assert client.get(f"/api/v1/products/{product_a.code}/").status_code == 404
    assert client.get("/api/v1/producers/").json()["results"] == []


def test_service_account_reads_its_province_and_cannot_write(erin, producer_a, product_a):
    account = tokens.create_service_account(by=erin, username="hn-sync", purpose="Đồng bộ cổng tỉnh")
    _token, raw = new_token(account.user, by=erin)
    client = bearer(raw)

    assert client.get(f"/api/v1/products/{product_a.code}/").status_code == 200
    assert client.post("/api/v1/producers/", {"name": "X", "tax_code": valid_tax_code()}).status_code == 403
    with pytest.raises(tokens.ValidationError):
        new_token(account.user, scopes=[WriteScope.PRODUCERS], by=erin)


def test_service_account_tokens_are_managed_by_its_province_only(client, erin, frank, hanoi):
    account = tokens.create_service_account(by=erin, username="hn-sync", purpose="Đồng bộ")
    client.force_login(frank)

    assert client.get("/tai-khoan/api/tich-hop/hn-sync/").status_code == 404
    with pytest.raises(tokens.PermissionDenied):
        new_token(account.user, by=frank)
    client.force_login(erin)
    assert client.get("/tai-khoan/api/tich-hop/hn-sync/").status_code == 200


def test_producer_cannot_create_service_accounts(client, alice):
    client.force_login(alice)

    assert client.get("/tai-khoan/api/tich-hop/").status_code == 404
    with pytest.raises(tokens.PermissionDenied):
        tokens.create_service_account(by=alice, username="x", purpose="y")


def test_a_token_made_for_a_persona_role_reads_me(db, hanoi):
    user = make_user("sync", Role.INSPECTOR, hanoi)
    _token, raw = new_token(user)

    assert bearer(raw).get("/api/v1/me/").json()["username"] == "sync"


def test_token_rate_is_limited_per_token_with_retry_after(alice, monkeypatch):
    monkeypatch.setitem(TokenRateThrottle.THROTTLE_RATES, "token", "2/day")
    _token, raw = new_token(alice)
    _other, other_raw = new_token(alice)
    client = bearer(raw)

    statuses = [client.get("/api/v1/me/").status_code for _ in range(3)]
    refused = client.get("/api/v1/me/")

    assert statuses == [200, 200, 429]
    assert refused.json()["type"] == "urn:ocop:problem:throttled"
    assert int(refused["Retry-After"]) > 0
    assert bearer(other_raw).get("/api/v1/me/").status_code == 200
