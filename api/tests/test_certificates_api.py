import datetime

import pytest
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from certificates.models import Withdrawal, WithdrawalGround
from stamps.tests.factories import make_certificate

URL = "/api/v1/certificates/"

VISIBLE = {"alice": True, "bob": False, "carol": True, "dave": False, "erin": True, "frank": False, "minh": True}


@pytest.fixture
def certificate_a(product_a):
    return make_certificate(product_a, months_left=24, stars=4)


@pytest.mark.parametrize("persona", VISIBLE)
def test_certificates_are_the_persona_scope(api_as, persona, certificate_a):
    client = api_as(persona)

    numbers = [row["number"] for row in client.get(URL).json()["results"]]

    assert numbers == ([certificate_a.number] if VISIBLE[persona] else [])
    assert client.get(f"{URL}{certificate_a.number}/").status_code == (200 if VISIBLE[persona] else 404)


def test_certificate_detail_has_the_status_of_the_one_rule(api_as, certificate_a, product_a):
    body = api_as("erin").get(f"{URL}{certificate_a.number}/").json()

    assert body["number"] == certificate_a.number  # the number holds a slash: T-00001/OCOP
    assert body["product"]["code"] == product_a.code
    assert (body["stars"], body["status"], body["shows_star"]) == (4, "active", True)
    assert body["issued_on"] == certificate_a.issued_on.isoformat()
    assert body["valid_until"] == certificate_a.expires_on.isoformat()
    assert body["withdrawal"] is None


def test_withdrawn_certificate_says_when_and_on_what_ground(api_as, erin, certificate_a):
    today = timezone.localdate()
    certificate_a.withdrawn_on = today
    certificate_a.save(update_fields=["withdrawn_on"])
    Withdrawal.objects.create(
        certificate=certificate_a,
        ground=WithdrawalGround.MARK_MISUSE,
        conclusion="Dùng nhãn OCOP cho sản phẩm khác.",
        concluded_on=today,
        decision_number="5/QĐ-UBND",
        decision_date=today,
        signer="Nguyễn Văn A",
        recorded_by=erin,
    )

    body = api_as("erin").get(f"{URL}{certificate_a.number}/").json()

    assert (body["status"], body["shows_star"]) == ("withdrawn", False)
    assert body["withdrawal"]["on"] == today.isoformat()
    assert body["withdrawal"]["ground"] == "d"
    assert body["withdrawal"]["decision_number"] == "5/QĐ-UBND"


def test_certificate_list_paginates_filters_and_orders(api_as, monkeypatch, product_a, product_b):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    active = make_certificate(product_a, months_left=24, stars=4)
    expired = make_certificate(product_b, months_left=-2, stars=3)
    client = api_as("erin")

    first = client.get(URL, {"ordering": "expires"}).json()
    assert (first["count"], first["results"][0]["number"]) == (2, expired.number)
    assert client.get(first["next"]).json()["results"][0]["number"] == active.number
    assert [r["number"] for r in client.get(URL, {"status": "expired"}).json()["results"]] == [expired.number]
    assert [r["number"] for r in client.get(URL, {"stars": 4}).json()["results"]] == [active.number]
    assert client.get(URL, {"area": f"2025-commune-{product_b.producer.current_commune.code}"}).json()["count"] == 1
    assert client.get(URL, {"year": active.issued_on.year + 10}).json()["count"] == 0
    assert client.get(URL, {"status": "valid"}).status_code == 400


def test_certificate_extended_for_a_late_filer_is_valid_until_the_extension(api_as, product_a):
    extension = timezone.localdate() + datetime.timedelta(days=30)
    certificate = make_certificate(product_a, months_left=-1, extended_until=extension)

    body = api_as("alice").get(f"{URL}{certificate.number}/").json()

    assert (body["status"], body["shows_star"], body["valid_until"]) == ("extended", True, extension.isoformat())
