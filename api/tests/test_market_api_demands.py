"""Buyers and demands through the API: verification, posting, the ranked matches (the buyer page's, never re-ranked),
answers and conversations, each the same write as the page's; scope, and what never matches."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.domain.withdrawal import withdraw
from market.matching import rank
from market.models import Conversation, Demand, Message
from market.tests.conftest import make_buyer, make_demand
from public.tests.factories import make_certificate

from .conftest import valid_tax_code
from .market import last_entry_id, last_notification_id, token_client, told, trail

pytestmark = pytest.mark.django_db

HANOI = "2025-province-01"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _page_demand(criteria_set, hanoi) -> dict:
    return {
        "title": "Mứt gừng cho quầy quà Tết",
        "criteria_set": criteria_set.pk,
        "quantity": "800.00",
        "unit": "hộp",
        "period_from": f"{_days(20):%d/%m/%Y}",
        "period_to": f"{_days(50):%d/%m/%Y}",
        "min_stars": "4",
        "strict_min_stars": "on",
        "certifications": ["vietgap"],
        "packaging": "Hộp giấy 250 g",
        "delivery_area_province": hanoi.pk,
        "delivery_area": "",
        "deadline": f"{_days(10):%d/%m/%Y}",
        "note": "",
    }


def _api_demand(criteria_set) -> dict:
    return {
        "title": "Mứt gừng cho quầy quà Tết",
        "criteria_set": criteria_set.number,
        "quantity": "800.00",
        "unit": "hộp",
        "period_from": f"{_days(20):%Y-%m-%d}",
        "period_to": f"{_days(50):%Y-%m-%d}",
        "min_stars": 4,
        "certifications": ["vietgap"],
        "packaging": "Hộp giấy 250 g",
        "delivery_area": HANOI,
        "deadline": f"{_days(10):%Y-%m-%d}",
    }


def test_post_demand_through_the_api_is_the_pages(client, mart, criteria_set, hanoi):
    client.force_login(mart)
    since = last_entry_id()
    page = client.post(reverse("market:demand_create"), _page_demand(criteria_set, hanoi))
    page_trail = trail(since)
    since = last_entry_id()
    api = token_client(mart).post(reverse("api:v1:demand-list"), _api_demand(criteria_set), format="json")
    assert (page.status_code, api.status_code) == (302, 201)
    assert trail(since) == page_trail and len(page_trail) == 1
    body = api.json()
    demand = Demand.objects.get(code=body["code"])
    assert (body["delivery_area"]["code"], body["criteria_set"]["number"], body["certifications"]) == (
        "01",
        criteria_set.number,
        ["vietgap"],
    )
    assert (demand.buyer, demand.min_stars) == (mart.buyer, 4)


def test_a_pending_buyer_cannot_post_and_a_bad_area_is_a_field_message(mart, commune_x, criteria_set):
    pending = make_buyer("choduyet", area=commune_x, name="Cửa hàng Sen", tax_code="0100109106-003")
    url = reverse("api:v1:demand-list")
    assert token_client(pending).post(url, _api_demand(criteria_set), format="json").status_code == 403
    bad = token_client(mart).post(
        url, {**_api_demand(criteria_set), "delivery_area": "2025-province-99"}, format="json"
    )
    assert (bad.status_code, list(bad.json()["errors"])) == (400, ["delivery_area"])


def test_answer_through_the_api_is_the_pages(client, mart, alice, hanoi, criteria_set, product_a):
    make_certificate(product_a, stars=4)
    by_page, by_api = (make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi) for _ in range(2))
    offer = {"message": "Cung cấp được 300 hộp.", "offered_quantity": "300 hộp", "offered_price": "85.000 đ"}
    client.force_login(alice)
    since, notices = last_entry_id(), last_notification_id()
    page = client.post(reverse("market:demand_answer", args=[by_page.code]), {**offer, "products": [product_a.pk]})
    page_trail, page_told = trail(since), told(notices)
    since, notices = last_entry_id(), last_notification_id()
    api = token_client(alice).post(
        reverse("api:v1:demand-answer", args=[by_api.code]), {**offer, "products": [product_a.code]}, format="json"
    )
    assert (page.status_code, api.status_code) == (302, 200)
    assert trail(since) == page_trail and told(notices) == page_told
    assert [row[2] for row in page_trail] == ["conversation", "message"]
    conversation = Conversation.objects.get(demand=by_api)
    assert (api.json()["code"], [p["code"] for p in api.json()["products"]]) == (conversation.code, [product_a.code])


def test_matches_are_the_buyers_page_ranking_and_never_a_withdrawn_or_expired_product(
    mart, erin, alice, hanoi, criteria_set, product_a, product_b, producer_b
):
    from conftest import make_producer
    from products.domain import create_product

    other = make_producer(name="HTX Mây tre", area=producer_b.area, tax_code=valid_tax_code())
    product_c = create_product(by=erin, producer=other, criteria_set=criteria_set, name="Mứt sen", specification="")
    withdrawn = make_certificate(product_a, stars=4)
    make_certificate(product_b, stars=3)
    make_certificate(product_c, stars=4, expires_on=_days(-1))
    withdraw(
        certificate=withdrawn,
        ground="c",
        conclusion="Vi phạm an toàn thực phẩm",
        concluded_on=_days(0),
        decision_number="9/QĐ-UBND",
        decision_date=_days(0),
        signer="Chủ tịch UBND thành phố",
        by=erin,
    )
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, min_stars=4, strict_min_stars=False)
    url = reverse("api:v1:demand-matches", args=[demand.code])
    body = token_client(mart).get(url).json()
    expected = rank(demand, day=_days(0))
    assert [row["product"]["code"] for row in body["results"]] == [m.product.code for m in expected]
    assert [row["product"]["code"] for row in body["results"]] == [product_b.code]
    match = body["results"][0]
    assert (match["stars"], match["below_min_stars"], match["fits_all"], match["conversation"]) == (
        3,
        True,
        False,
        None,
    )
    assert [(c["requirement"], c["met"]) for c in match["checks"]] == [
        (c.requirement, c.met) for c in expected[0].checks
    ]
    # The officers who list buyers read the same ranking; the producer only its own products' matches.
    assert token_client(erin).get(url).json()["results"] == body["results"]
    assert token_client(alice).get(url).status_code == 404  # none of its products match: the demand is not its


def test_a_producer_reads_the_demands_its_products_fit_and_another_province_none(
    mart, alice, bob, frank, hanoi, criteria_set, product_a
):
    make_certificate(product_a, stars=4)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    listed = token_client(alice).get(reverse("api:v1:demand-list")).json()
    assert [row["code"] for row in listed["results"]] == [demand.code]
    assert token_client(bob).get(reverse("api:v1:demand-list")).json()["results"] == []
    franks = token_client(frank)
    assert franks.get(reverse("api:v1:demand-list")).json()["results"] == []
    for name in ("api:v1:demand-detail", "api:v1:demand-matches"):
        assert franks.get(reverse(name, args=[demand.code])).status_code == 404
    mine = token_client(alice).get(reverse("api:v1:demand-matches", args=[demand.code])).json()["results"]
    assert [row["product"]["code"] for row in mine] == [product_a.code]


def test_the_buyer_edits_and_ends_its_demand(mart, alice, hanoi, criteria_set):
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    detail = reverse("api:v1:demand-detail", args=[demand.code])
    marts = token_client(mart)
    changed = marts.patch(detail, {"quantity": "900", "unit": "thùng"}, format="json")
    assert (changed.status_code, changed.json()["quantity"], changed.json()["unit"]) == (200, "900.00", "thùng")
    late = marts.patch(detail, {"deadline": f"{_days(-1):%Y-%m-%d}"}, format="json")
    assert (late.status_code, late.json()["errors"]) == (400, {"deadline": ["Hạn nhận chào hàng đã qua."]})
    ended = marts.post(reverse("api:v1:demand-end", args=[demand.code]), {"status": "closed"}, format="json")
    assert (ended.status_code, ended.json()["status"]) == (200, "closed")
    assert marts.patch(detail, {"unit": "hộp"}, format="json").status_code == 403


def test_a_conversation_is_for_its_two_parties_only(mart, alice, bob, erin, hanoi, criteria_set, product_a, producer_a):
    make_certificate(product_a, stars=4)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    conversations = reverse("api:v1:conversation-list", args=[demand.code])
    started = token_client(mart).post(
        conversations, {"producer": producer_a.code, "body": "Xin báo giá 800 hộp."}, format="json"
    )
    assert (started.status_code, started.json()["producer"]["code"]) == (201, producer_a.code)
    code = started.json()["code"]
    messages = reverse("api:v1:conversation-messages", args=[demand.code, code])
    replied = token_client(alice).post(messages, {"body": "Giao được từ tuần sau."}, format="json")
    assert (replied.status_code, replied.json()["from_buyer"], replied.json()["sender"]) == (
        201,
        False,
        producer_a.name,
    )
    thread = token_client(mart).get(messages).json()["results"]
    assert [(m["from_buyer"], m["body"]) for m in thread] == [
        (True, "Xin báo giá 800 hộp."),
        (False, "Giao được từ tuần sau."),
    ]
    for outsider in (bob, erin):
        client = token_client(outsider)
        assert client.get(messages).status_code == 404
        assert client.post(messages, {"body": "?"}, format="json").status_code == 404
    assert Message.objects.count() == 2
    assert token_client(bob).get(conversations).status_code == 404  # a demand it does not reach
    assert token_client(erin).get(conversations).json()["results"] == []  # the officer reaches the demand only
    assert (
        token_client(alice).post(conversations, {"producer": producer_a.code, "body": "x"}, format="json").status_code
        == 403
    )


def test_buyers_are_listed_for_their_province_and_verified_there(mart, erin, frank, commune_x):
    pending = make_buyer("choduyet", area=commune_x, name="Cửa hàng Sen", tax_code="0100109106-003")
    erins = token_client(erin)
    listed = erins.get(reverse("api:v1:buyer-list"), {"status": "pending"}).json()["results"]
    assert [row["code"] for row in listed] == [pending.buyer.code]
    verify = reverse("api:v1:buyer-verify", args=[pending.buyer.code])
    refused = erins.post(verify, {"approve": False}, format="json")
    assert (refused.status_code, refused.json()["errors"]) == (400, {"note": ["Hãy ghi rõ lý do không xác minh."]})
    since = last_entry_id()
    verified = erins.post(verify, {"approve": True}, format="json")
    assert (verified.status_code, verified.json()["status"]) == (200, "verified")
    assert [row[1:3] for row in trail(since)] == [("transition", "buyer")]
    franks = token_client(frank)
    assert franks.get(reverse("api:v1:buyer-list")).json()["results"] == []
    assert franks.get(reverse("api:v1:buyer-detail", args=[mart.buyer.code])).status_code == 404
    assert franks.post(verify, {"approve": True}, format="json").status_code == 404
    own = token_client(mart).get(reverse("api:v1:buyer-list")).json()["results"]
    assert [row["code"] for row in own] == [mart.buyer.code]


def test_a_read_only_token_cannot_post_a_demand(mart, criteria_set):
    response = token_client(mart, scopes=()).post(
        reverse("api:v1:demand-list"), _api_demand(criteria_set), format="json"
    )
    assert (response.status_code, Demand.objects.count()) == (403, 0)
