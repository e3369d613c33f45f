"""Sending deliveries: claim one, POST it signed, log the attempt, then mark it delivered, due again later
(exponential backoff) or given up after WEBHOOKS_MAX_ATTEMPTS (its owner is told).

Safe to kill and to run twice: a sender claims a delivery in a transaction (on PostgreSQL the candidate row is
locked with SKIP LOCKED, so two senders never pick the same one; the claim itself is a conditional UPDATE, which
is enough on SQLite). A claim older than WEBHOOKS_CLAIM_TIMEOUT_SECONDS (well above the request timeout) was left
by a sender that died, and the next run sends the delivery again. Receivers deduplicate on the event id: a sender
killed after the receiver answered but before it recorded the answer makes a second POST of the same event."""

import datetime
import hashlib
import hmac
import http.client
import json
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.domain import notify

from .endpoints import RefusedEndpoint, post
from .models import Attempt, Delivery

SIGNATURE_HEADER = "X-OCOP-Signature"
TIMESTAMP_HEADER = "X-OCOP-Timestamp"
EVENT_ID_HEADER = "X-OCOP-Event-Id"
EVENT_TYPE_HEADER = "X-OCOP-Event-Type"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v1=` and the hex HMAC-SHA256, keyed with the subscription's secret, of the timestamp, a dot and the body."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.event.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failure: the base, doubled each time, at most the cap."""
    seconds = settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return datetime.timedelta(seconds=min(seconds, settings.WEBHOOKS_RETRY_MAX_SECONDS))


def _due(now: datetime.datetime):
    stale = now - datetime.timedelta(seconds=settings.WEBHOOKS_CLAIM_TIMEOUT_SECONDS)
    return Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now, subscription__is_active=True
    ).filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))


def claim(*, now: datetime.datetime, among: list[int] | None = None) -> Delivery | None:
    """Take the next due delivery (of `among`, when given) for this sender, or None when none is left."""
    while True:
        with transaction.atomic():
            due = _due(now) if among is None else _due(now).filter(pk__in=among)
            candidate = due.select_for_update(skip_locked=True, of=("self",)).order_by("next_attempt_at", "id").first()
            if candidate is None:
                return None
            token = uuid.uuid4()
            if due.filter(pk=candidate.pk).update(claimed_at=now, claim=token):
                return Delivery.objects.select_related("event", "subscription__owner").get(pk=candidate.pk)


def send(delivery: Delivery, *, now: datetime.datetime | None = None) -> Attempt:
    """POST a claimed delivery and record the outcome. `now`, the time the outcome is recorded at, is given by
    tests to step through the backoff."""
    subscription = delivery.subscription
    body = body_of(delivery)
    timestamp = str(int(timezone.now().timestamp()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "OCOP-Webhooks/1",
        EVENT_ID_HEADER: str(delivery.event.event_id),
        EVENT_TYPE_HEADER: delivery.event.type,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(subscription.secret, timestamp, body),
    }
    started_at, started = timezone.now(), time.monotonic()
    status_code, error = None, ""
    try:
        status_code = post(subscription.url, body=body, headers=headers, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS)
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except RefusedEndpoint as refused:
        error = " ".join(refused.messages)
    except (OSError, http.client.HTTPException, ValueError) as failure:
        error = str(failure) or type(failure).__name__
    duration = int((time.monotonic() - started) * 1000)
    return _record(
        delivery,
        now=now or timezone.now(),
        started_at=started_at,
        duration=duration,
        status_code=status_code,
        error=error,
    )


@transaction.atomic
def _record(delivery, *, now, started_at, duration, status_code, error) -> Attempt:
    succeeded = not error
    attempt = Attempt.objects.create(
        delivery=delivery,
        subscription_id=delivery.subscription_id,
        started_at=started_at,
        duration_ms=duration,
        status_code=status_code,
        error=error[:500],
        succeeded=succeeded,
    )
    current = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if current.claim != delivery.claim or current.status != Delivery.Status.PENDING:
        return attempt  # taken over by another sender meanwhile: its outcome is the one that counts
    current.attempts += 1
    current.claimed_at, current.claim = None, None
    if succeeded:
        current.status, current.delivered_at = Delivery.Status.DELIVERED, now
    elif current.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        current.status = Delivery.Status.GIVEN_UP
        subscription = delivery.subscription
        notify(
            users=[subscription.owner],
            message=_(
                "Webhook “%(name)s”: ngừng gửi sự kiện %(event)s sau %(n)s lần không thành công (lần cuối: %(error)s)."
            )
            % {"name": subscription.name, "event": delivery.event.type, "n": current.attempts, "error": error},
            url=subscription.get_absolute_url(),
        )
    else:
        current.next_attempt_at = now + backoff(current.attempts)
    current.save(update_fields=["attempts", "claimed_at", "claim", "status", "delivered_at", "next_attempt_at"])
    return attempt


def send_due(*, now: datetime.datetime | None = None, among: list[int] | None = None, limit: int = 1000) -> int:
    """Send the deliveries due at `now` (of `among`, when given), one claim at a time; how many were tried."""
    sent = 0
    while sent < limit:
        delivery = claim(now=now or timezone.now(), among=among)
        if delivery is None:
            break
        send(delivery, now=now)
        sent += 1
    return sent
