"""The market API's lists read a fixed number of queries, whether they hold one item or three."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import make_producer, make_user
from market.domain.agreements import record_agreement
from market.domain.participation import apply
from market.tests.conftest import make_demand, make_fair
from products.domain import create_product
from public.tests.factories import make_certificate

from .conftest import valid_tax_code
from .market import token_client

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # a token's first request writes its rate-limit row
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _producer_with_product(n: int, commune, criteria_set, by):
    producer = make_producer(name=f"HTX số {n}", area=commune, tax_code=valid_tax_code())
    product = create_product(by=by, producer=producer, criteria_set=criteria_set, name=f"Sản phẩm {n}")
    make_certificate(product)
    return producer, product


def test_an_events_list_of_producers_reads_the_same_queries_for_one_or_three(
    erin, root, hanoi, commune_x, criteria_set
):
    event = make_fair(by=erin, area=hanoi)
    url = reverse("api:v1:participation-list", args=[event.code])
    client = token_client(erin)
    counts = []
    for n in range(3):
        producer, product = _producer_with_product(n, commune_x, criteria_set, root)
        user = make_user(f"sx{n}", Role.PRODUCER, producer=producer)
        apply(event=event, producer=producer, products=[product], by=user)
        if n in (0, 2):
            counts.append(_queries(client, url))
    assert counts[0] == counts[1]


def test_the_buyers_demands_and_the_agreements_read_the_same_queries_for_one_or_three(
    mart, erin, alice, hanoi, criteria_set, producer_a
):
    demands, agreements = [], []
    buyer_client, officer_client = token_client(mart), token_client(erin)
    for n in range(3):
        make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, title=f"Nhu cầu {n}")
        record_agreement(
            producer=producer_a,
            counterpart_name=f"Bên mua {n}",
            counterpart_kind="shop",
            signed_on=timezone.localdate(),
            by=alice,
        )
        if n in (0, 2):
            demands.append(_queries(buyer_client, reverse("api:v1:demand-list")))
            agreements.append(_queries(officer_client, reverse("api:v1:agreement-list")))
    assert (demands[0], agreements[0]) == (demands[1], agreements[1])
