import pytest
from django.urls import reverse

from webhooks.models import Attempt, EventType, Subscription
from webhooks.sending import send_due

from .conftest import certify, subscribe


def test_subscription_made_through_the_page_shows_its_secret_once(client, erin):
    client.force_login(erin)
    response = client.post(
        reverse("webhooks:list"),
        {"name": "Sàn X", "url": "https://93.184.216.34/hook", "events": [EventType.CERTIFICATE_ISSUED]},
    )
    subscription = Subscription.objects.get()
    assert (subscription.owner, subscription.events) == (erin, [EventType.CERTIFICATE_ISSUED])
    assert subscription.secret in response.content.decode()
    assert subscription.secret not in client.get(reverse("webhooks:list")).content.decode()
    assert subscription.secret not in client.get(subscription.get_absolute_url()).content.decode()


def test_subscription_page_refuses_a_loopback_endpoint_in_vietnamese(client, erin):
    client.force_login(erin)
    response = client.post(
        reverse("webhooks:list"),
        {"name": "Sàn X", "url": "https://127.0.0.1/hook", "events": [EventType.CERTIFICATE_ISSUED]},
    )
    assert "mạng nội bộ" in response.content.decode()
    assert Subscription.objects.count() == 0


def test_subscription_page_is_its_owners_only(client, erin, frank):
    subscription = subscribe(erin, "https://93.184.216.34/hook")
    client.force_login(frank)
    assert client.get(subscription.get_absolute_url()).status_code == 404
    assert client.post(reverse("webhooks:toggle", args=[subscription.code]), {"active": "0"}).status_code == 404
    subscription.refresh_from_db()
    assert subscription.is_active


def test_council_member_may_not_subscribe(client, council):
    client.force_login(council)
    assert client.get(reverse("webhooks:list")).status_code == 403


def test_subscription_page_shows_its_delivery_log(client, receiver, erin, product_a):
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    receiver.codes = [500]
    certify(product_a, erin)
    send_due()
    client.force_login(erin)
    page = client.get(subscription.get_absolute_url()).content.decode()
    attempt = Attempt.objects.get()
    assert str(attempt.delivery.event.event_id) in page
    assert "HTTP 500" in page


@pytest.mark.parametrize("active", ["0", "1"])
def test_owner_switches_a_subscription(client, erin, active):
    subscription = subscribe(erin, "https://93.184.216.34/hook")
    client.force_login(erin)
    client.post(reverse("webhooks:toggle", args=[subscription.code]), {"active": active})
    subscription.refresh_from_db()
    assert subscription.is_active == (active == "1")
