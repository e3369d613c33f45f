"""Helpers of the market API tests: API clients with a token, and the audit trail a write leaves, in a form that
compares a write through the API with the same write through the page."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from api.tokens import WriteScope
from audit.models import AuditEntry
from notifications.models import Notification


def token_client(user, *, scopes=(WriteScope.MARKET,)) -> APIClient:
    """An API client signed with a fresh token of `user` carrying `scopes` (none: read-only)."""
    _token, raw = tokens.create_token(
        user=user,
        name="test",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        scopes=list(scopes),
        by=user,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def last_entry_id() -> int:
    last = AuditEntry.objects.order_by("-id").first()
    return last.id if last else 0


def trail(since: int, *, drop: tuple[str, ...] = ()) -> list[tuple]:
    """The audit entries written after entry `since`: who, what, on which model, and the changes (fields in `drop`
    left out, such as a record's own event); the token's own entries are not the write's."""
    rows = []
    for entry in AuditEntry.objects.filter(id__gt=since).select_related("content_type").order_by("id"):
        if entry.content_type.model == "apitoken":
            continue
        changes = {field: values for field, values in entry.changes.items() if field not in drop}
        rows.append((entry.actor_id, entry.action, entry.content_type.model, changes))
    return rows


def told(since: int) -> list[tuple]:
    """The notifications written after notification `since`: to whom and what."""
    return list(Notification.objects.filter(id__gt=since).order_by("id").values_list("recipient_id", "message"))


def last_notification_id() -> int:
    last = Notification.objects.order_by("-id").first()
    return last.id if last else 0
