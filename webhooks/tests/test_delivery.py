import datetime
import hashlib
import hmac

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.domain.withdrawal import withdraw
from certificates.models import WithdrawalGround
from dossiers.domain.transitions import move
from dossiers.models import Application, ApplicationStatus
from notifications.models import Notification
from stamps.tests.factories import issued_batch
from webhooks import domain, sending
from webhooks.expiry import emit_expired
from webhooks.models import Attempt, Delivery, EventType

from .conftest import certify, subscribe


def verified(request, secret: str) -> bool:
    """What a receiver does: recompute the signature over the timestamp and the raw body."""
    headers = request["headers"]
    expected = hmac.new(
        secret.encode(), headers["X-OCOP-Timestamp"].encode() + b"." + request["body"], hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest("v1=" + expected, headers["X-OCOP-Signature"])


def _dossier(product):
    producer = product.producer
    return Application.objects.create(
        product=product,
        status=ApplicationStatus.DRAFT,
        legal_version=product.criteria_set.legal_version,
        criteria_set=product.criteria_set,
        commune=producer.current_commune,
        province=producer.current_province,
    )


def test_subscribe_refuses_plain_http_and_private_addresses(erin):
    for url, code in [
        ("http://93.184.216.34/hook", "not_https"),
        ("https://127.0.0.1/hook", "private_address"),
        ("https://10.1.2.3/hook", "private_address"),
        ("https://[::1]/hook", "private_address"),
        ("https://user:pw@93.184.216.34/hook", "bad_url"),
    ]:
        with pytest.raises(ValidationError) as refused:
            subscribe(erin, url)
        assert refused.value.error_dict["url"][0].code == code, url
    assert list(domain.Subscription.objects.values_list("url", flat=True)) == []
    assert subscribe(erin, "https://93.184.216.34/hook").url == "https://93.184.216.34/hook"


def test_receiver_gets_each_subscribed_event_once_signed(
    receiver, erin, alice, frank, product_a, django_capture_on_commit_callbacks
):
    hanoi = subscribe(erin, receiver.url)
    ninh_binh = subscribe(frank, receiver.url)  # another province's integration: none of these are its
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certify(product_a, erin)
    with django_capture_on_commit_callbacks(execute=True):
        batch = issued_batch(product_a, alice, quantity=2)
    application = _dossier(product_a)
    with django_capture_on_commit_callbacks(execute=True):
        move(application, to=ApplicationStatus.SUBMITTED, by=alice)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(
            certificate=certificate,
            ground=WithdrawalGround.STOPPED_PRODUCING,
            conclusion="Ngừng sản xuất",
            concluded_on=today,
            decision_number="9/QĐ-UBND",
            decision_date=today,
            signer="Chủ tịch",
            by=erin,
        )

    events = receiver.events()
    assert [e["type"] for e in events] == [
        EventType.CERTIFICATE_ISSUED,
        EventType.STAMP_BATCH_ISSUED,
        EventType.DOSSIER_STATE_CHANGED,
        EventType.CERTIFICATE_WITHDRAWN,
    ]
    assert [e["data"].get("number") or e["data"]["code"] for e in events] == [
        certificate.number,
        batch.code,
        application.code,
        certificate.number,
    ]
    assert events[2]["data"]["from"] == "draft"
    assert events[2]["data"]["to"] == "submitted"
    assert events[3]["data"]["status"] == "withdrawn"
    assert len({e["id"] for e in events}) == 4
    assert [r["headers"]["X-OCOP-Event-Id"] for r in receiver.requests] == [e["id"] for e in events]
    assert all(verified(r, hanoi.secret) for r in receiver.requests)
    assert not verified(receiver.requests[0], ninh_binh.secret)
    assert receiver.requests[0]["path"] == "/hook?src=ocop"
    assert Delivery.objects.filter(subscription=ninh_binh).count() == 0
    assert list(Delivery.objects.filter(subscription=hanoi).values_list("status", flat=True)) == ["delivered"] * 4


def test_unsubscribed_event_is_not_sent(receiver, erin, product_a, django_capture_on_commit_callbacks):
    subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_WITHDRAWN])
    with django_capture_on_commit_callbacks(execute=True):
        certify(product_a, erin)
    assert receiver.requests == []


def test_failing_receiver_gets_the_event_again_with_backoff(
    receiver, settings, erin, product_a, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    receiver.codes = [500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        certify(product_a, erin)
    delivery = Delivery.objects.get(subscription=subscription)
    first_retry = delivery.next_attempt_at
    assert delivery.attempts == 1

    assert sending.send_due(now=first_retry - datetime.timedelta(seconds=1)) == 0  # not due yet
    assert sending.send_due(now=first_retry) == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - first_retry == datetime.timedelta(seconds=120)
    assert sending.send_due(now=delivery.next_attempt_at) == 1
    assert sending.send_due(now=delivery.next_attempt_at + datetime.timedelta(days=1)) == 0

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    ids = {r["headers"]["X-OCOP-Event-Id"] for r in receiver.requests}
    assert len(receiver.requests) == 3
    assert ids == {str(delivery.event.event_id)}
    log = Attempt.objects.filter(subscription=subscription).order_by("started_at", "id")
    assert [(a.status_code, a.succeeded) for a in log] == [(500, False), (500, False), (200, True)]
    assert [a.error for a in log] == ["HTTP 500", "HTTP 500", ""]


def test_delivery_of_a_killed_worker_is_sent_once_by_the_next_run(receiver, settings, erin, product_a):
    settings.WEBHOOKS_CLAIM_TIMEOUT_SECONDS = 120
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    certify(product_a, erin)  # committed without running the on-commit send: the worker is down
    now = timezone.now()
    claimed = sending.claim(now=now)  # a worker claims it, then is killed before it posts
    assert claimed is not None

    assert sending.send_due(now=now + datetime.timedelta(seconds=60)) == 0  # its claim is still alive
    assert sending.send_due(now=now + datetime.timedelta(seconds=121)) == 1
    assert sending.send_due(now=now + datetime.timedelta(seconds=600)) == 0

    assert len(receiver.requests) == 1
    assert list(Attempt.objects.filter(subscription=subscription).values_list("succeeded", flat=True)) == [True]
    assert Delivery.objects.get(subscription=subscription).status == Delivery.Status.DELIVERED


def test_late_answer_of_a_superseded_claim_changes_nothing(receiver, erin, product_a):
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    certify(product_a, erin)
    now = timezone.now()
    stale = sending.claim(now=now)
    fresh = sending.claim(now=now + datetime.timedelta(hours=1))
    sending.send(fresh)
    sending.send(stale)  # the killed worker was only slow: its outcome no longer counts
    delivery = Delivery.objects.get(subscription=subscription)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 1)


def test_delivery_is_given_up_after_the_last_attempt_and_the_owner_told(
    receiver, settings, erin, product_a, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    receiver.codes = [503, 503, 503]
    with django_capture_on_commit_callbacks(execute=True):
        certify(product_a, erin)
    delivery = Delivery.objects.get(subscription=subscription)
    sending.send_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.GIVEN_UP, 2)
    assert sending.send_due(now=delivery.next_attempt_at + datetime.timedelta(days=7)) == 0
    assert len(receiver.requests) == 2
    notice = Notification.objects.get(recipient=erin, url=subscription.get_absolute_url())
    assert "Sàn X" in notice.message


def test_refused_address_at_send_time_is_logged_not_posted(receiver, settings, erin, product_a):
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    certify(product_a, erin)
    settings.WEBHOOKS_ALLOW_PRIVATE_ENDPOINTS = False  # the endpoint is loopback: refused when sending
    sending.send_due()
    assert receiver.requests == []
    assert Attempt.objects.get(subscription=subscription).error == "Địa chỉ nhận phải dùng https://."


def test_switched_off_subscription_gets_nothing(receiver, erin, product_a, django_capture_on_commit_callbacks):
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    domain.set_active(subscription=subscription, active=False, by=erin)
    with django_capture_on_commit_callbacks(execute=True):
        certify(product_a, erin)
    assert receiver.requests == []
    assert Delivery.objects.count() == 0


def test_expired_certificates_are_emitted_once(receiver, erin, frank, product_a, django_capture_on_commit_callbacks):
    hanoi = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_EXPIRED])
    subscribe(frank, receiver.url, events=[EventType.CERTIFICATE_EXPIRED])
    certificate = certify(product_a, erin, issued_on=datetime.date(2023, 5, 4))
    today = certificate.expires_on + datetime.timedelta(days=1)  # its first day expired
    with django_capture_on_commit_callbacks(execute=True):
        assert emit_expired(today=today - datetime.timedelta(days=1)) == 0  # the day before: still valid
    with django_capture_on_commit_callbacks(execute=True):
        assert emit_expired(today=today + datetime.timedelta(days=2)) == 1  # a missed day is caught up
    with django_capture_on_commit_callbacks(execute=True):
        assert emit_expired(today=today + datetime.timedelta(days=2)) == 0
        assert emit_expired(today=today + datetime.timedelta(days=3)) == 0
    assert [(e["type"], e["data"]["number"], e["data"]["status"]) for e in receiver.events()] == [
        (EventType.CERTIFICATE_EXPIRED, certificate.number, "expired")
    ]
    assert Delivery.objects.get().subscription == hanoi
