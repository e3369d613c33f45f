"""The programme's events as trade events: the new kinds and fields, through the programme's own form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria.models import Sector
from market.domain.sales_points import save_sales_point
from market.models import SalesPoint
from programme.domain import save_event
from programme.models import Event, EventKind

from .conftest import make_fair


def test_an_event_needs_a_place_or_an_online_link(erin, hanoi):
    day = datetime.date(2026, 9, 1)
    event = Event(kind=EventKind.ONLINE_FORUM, topic="Diễn đàn", starts_on=day, ends_on=day, area=hanoi, organiser="Sở")
    with pytest.raises(ValidationError) as caught:
        save_event(event=event, by=erin)
    assert list(caught.value.error_dict) == ["place"]
    event.link = "https://ketnoi.hanoi.gov.vn/dien-dan"
    assert save_event(event=event, by=erin).pk is not None


def test_the_programme_form_saves_a_trade_events_sectors_areas_and_capacity(client, erin, hanoi):
    sector = Sector.objects.filter(legal_version__effective_to__isnull=True).order_by("numeral").first()
    client.force_login(erin)
    response = client.post(
        reverse("programme:event_create"),
        {
            "kind": EventKind.PRODUCT_WEEK,
            "topic": "Tuần hàng OCOP tại siêu thị",
            "starts_on": "01/09/2026",
            "ends_on": "07/09/2026",
            "place": "",
            "link": "https://tuanhang.example.vn/",
            "area": hanoi.pk,
            "organiser": "Sở Công Thương",
            "sectors": [sector.pk],
            "target_areas": [hanoi.pk],
            "capacity": "40",
            "accepts_applications": "on",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.capacity, event.accepts_applications, list(event.sectors.all()), list(event.target_areas.all())) == (
        40,
        True,
        [sector],
        [hanoi],
    )


@pytest.mark.parametrize("item_count", (1, 3))
def test_calendar_queries_do_not_grow_with_the_events(client, erin, hanoi, item_count, django_assert_num_queries):
    for i in range(item_count):
        make_fair(by=erin, area=hanoi, topic=f"Hội chợ {i}", days_ahead=5 + i)
    with django_assert_num_queries(4):
        assert client.get(reverse("events:calendar")).status_code == 200


@pytest.mark.parametrize("item_count", (1, 3))
def test_sales_point_list_queries_do_not_grow(client, erin, commune_x, item_count, django_assert_num_queries):
    for i in range(item_count):
        save_sales_point(
            sales_point=SalesPoint(
                name=f"Điểm {i}",
                operator="HTX",
                address="Số 1",
                area=commune_x,
                decision_number="1/QĐ",
                decision_date=datetime.date(2025, 1, 2),
            ),
            by=erin,
        )
    client.force_login(erin)
    with django_assert_num_queries(9):
        assert client.get(reverse("market:sales_points")).status_code == 200
