"""Subscriptions: made, switched off and on by their owner. The events and their sending are in `outbox`,
`sending` and `expiry`."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import domain as audit
from audit.models import AuditEntry

from .endpoints import check_url
from .models import EventType, Subscription
from .rules import can_subscribe

AUDITED_FIELDS = ["name", "url", "events", "is_active"]


@transaction.atomic
def subscribe(*, owner, name: str, url: str, events: list[str]) -> Subscription:
    """A subscription of `owner` to `events` at `url` (https, a public address: `endpoints.check_url`), with a
    new secret, returned on the subscription this once. Side effects: audit entry (without the secret)."""
    if not can_subscribe(owner):
        raise PermissionDenied
    unknown = set(events) - set(EventType.values)
    if not events or unknown:
        raise ValidationError({"events": _("Chọn ít nhất một sự kiện trong danh sách.")}, code="events")
    try:
        check_url(url)
    except ValidationError as error:
        raise ValidationError({"url": error.error_list}) from error
    subscription = Subscription.objects.create(
        owner=owner,
        name=name.strip(),
        url=url,
        events=[e for e in EventType.values if e in events],
        secret=secrets.token_urlsafe(32),
    )
    audit.record(
        actor=owner,
        action=AuditEntry.Action.CREATE,
        obj=subscription,
        after=audit.snapshot(subscription, AUDITED_FIELDS),
    )
    return subscription


@transaction.atomic
def set_active(*, subscription: Subscription, active: bool, by) -> Subscription:
    """Switch a subscription off (no new events; those pending wait until it is on again) or on again. Side effects:
    audit entry."""
    if subscription.owner_id != by.pk:
        raise PermissionDenied
    if subscription.is_active == active:
        return subscription
    before = audit.snapshot(subscription, ["is_active"])
    subscription.is_active = active
    subscription.save(update_fields=["is_active"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=subscription,
        before=before,
        after=audit.snapshot(subscription, ["is_active"]),
    )
    return subscription
