"""Trade agreements and marketplace listings through the API: the same writes as the pages', scope, token rights."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from market.domain.participation import apply, decide
from market.models import Listing, TradeAgreement
from market.tests.conftest import make_fair
from public.tests.factories import make_certificate

from .market import last_entry_id, token_client, trail

pytestmark = pytest.mark.django_db


def _agreement(**extra) -> dict:
    return {
        "kind": "memorandum",
        "counterpart_name": "Chuỗi siêu thị Thủ Đô",
        "counterpart_kind": "supermarket",
        "value": 120000000,
        **extra,
    }


def test_record_agreement_through_the_api_is_the_pages(client, alice, erin, hanoi, producer_a, product_a):
    make_certificate(product_a)
    fair = make_fair(by=erin, area=hanoi, days_ahead=-1)
    decide(participation=apply(event=fair, producer=producer_a, products=[product_a], by=alice), accept=True, by=erin)
    today = timezone.localdate()
    client.force_login(alice)
    since = last_entry_id()
    page = client.post(
        reverse("market:agreement_create"),
        {
            **_agreement(),
            "producer": producer_a.pk,
            "products": [product_a.pk],
            "event": fair.pk,
            "signed_on": f"{today:%d/%m/%Y}",
        },
    )
    page_trail = trail(since)
    since = last_entry_id()
    api = token_client(alice).post(
        reverse("api:v1:agreement-list"),
        _agreement(producer=producer_a.code, products=[product_a.code], event=fair.code, signed_on=f"{today}"),
        format="json",
    )
    assert (page.status_code, api.status_code) == (302, 201)
    assert trail(since) == page_trail and len(page_trail) == 1
    body = api.json()
    assert (body["event"], body["producer"]["code"], [p["code"] for p in body["products"]]) == (
        fair.code,
        producer_a.code,
        [product_a.code],
    )
    outcome = token_client(erin).get(reverse("api:v1:event-outcome", args=[fair.code])).json()
    assert outcome["memoranda"] == 2


def test_an_agreement_needs_a_counterpart_and_a_producer_in_sight(alice, bob, frank, producer_a, producer_b):
    today = f"{timezone.localdate()}"
    url = reverse("api:v1:agreement-list")
    nameless = token_client(alice).post(url, {"producer": producer_a.code, "signed_on": today}, format="json")
    assert (nameless.status_code, sorted(nameless.json()["errors"])) == (400, ["counterpart_kind", "counterpart_name"])
    foreign = token_client(alice).post(url, _agreement(producer=producer_b.code, signed_on=today), format="json")
    assert (foreign.status_code, list(foreign.json()["errors"])) == (400, ["producer"])
    future = f"{timezone.localdate() + datetime.timedelta(days=5)}"
    later = token_client(alice).post(url, _agreement(producer=producer_a.code, signed_on=future), format="json")
    assert (later.status_code, later.json()["errors"]) == (400, {"signed_on": ["Ngày ký chưa đến."]})
    assert TradeAgreement.objects.count() == 0


def test_agreements_are_seen_in_scope_and_deleted_by_their_side(alice, bob, carol, frank, producer_a):
    created = token_client(alice).post(
        reverse("api:v1:agreement-list"),
        _agreement(producer=producer_a.code, signed_on=f"{timezone.localdate()}"),
        format="json",
    )
    detail = reverse("api:v1:agreement-detail", args=[created.json()["code"]])
    assert [row["code"] for row in token_client(carol).get(reverse("api:v1:agreement-list")).json()["results"]] == [
        created.json()["code"]
    ]
    for outsider in (bob, frank):
        assert token_client(outsider).get(detail).status_code == 404
        assert token_client(outsider).delete(detail).status_code == 404
    assert token_client(alice, scopes=()).delete(detail).status_code == 403
    since = last_entry_id()
    assert token_client(carol).delete(detail).status_code == 204
    assert [row[1:3] for row in trail(since)] == [("delete", "tradeagreement")]
    assert TradeAgreement.objects.count() == 0


def test_listings_are_added_and_removed_by_whoever_edits_the_product(api_as, alice, bob, frank, product_a):
    url = reverse("api:v1:listing-list", args=[product_a.code])
    alices = token_client(alice)
    refused = alices.post(url, {"marketplace": "shopee", "url": "http://shopee.vn/a"}, format="json")
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["url"])
    since = last_entry_id()
    added = alices.post(url, {"marketplace": "shopee", "url": "https://shopee.vn/mut-gung-i.1.2"}, format="json")
    assert (added.status_code, added.json()["marketplace"]) == (201, "shopee")
    assert [row[1:3] for row in trail(since)] == [("create", "listing")]
    assert [row["code"] for row in api_as("alice").get(url).json()["results"]] == [added.json()["code"]]
    one = reverse("api:v1:listing-detail", args=[product_a.code, added.json()["code"]])
    for outsider in (bob, frank):
        assert token_client(outsider).get(url).status_code == 404
        assert token_client(outsider).delete(one).status_code == 404
    assert token_client(alice, scopes=()).delete(one).status_code == 403
    assert alices.delete(one).status_code == 204
    assert not Listing.objects.exists()
