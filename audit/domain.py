"""Recording changes. Domain functions call `record` after they write, inside their transaction.

The log is written in the platform's language (settings.LANGUAGE_CODE, Vietnamese) whatever language the
actor reads: a record's text (a criteria set's name, say) must not change with the reader's switch."""

import datetime
import decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import translation

from .context import current_origin
from .models import AuditEntry

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> Snapshot:
    """The record's field values as plain JSON data (foreign keys as their text)."""
    names = fields or [
        f.name
        for f in obj._meta.concrete_fields
        if f.name not in ("id", "password", "created_at", "updated_at", "search_key")
    ]
    with translation.override(settings.LANGUAGE_CODE):
        return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, list[Any]]:
    before, after = before or {}, after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    note: str = "",
) -> AuditEntry:
    """Append an audit entry for a change to `obj` made by `actor` (None for the system)."""
    origin = current_origin()
    actor = actor if actor is not None and actor.is_authenticated else None
    with translation.override(settings.LANGUAGE_CODE):
        object_repr = str(obj)[:300]
    return AuditEntry.objects.create(
        actor=actor,
        actor_repr=(actor.get_username() if actor else "system"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=object_repr,
        changes=diff(before, after),
        note=note[:500],
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )


def record_many(*, actor, action: str, changes, note: str = "") -> int:
    """`record` for many records at once (an import writing thousands): `changes` is an iterable of (obj,
    before, after) or (obj, before, after, note); the entries are written in bulk. Returns how many."""
    origin = current_origin()
    actor = actor if actor is not None and actor.is_authenticated else None
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        for change in changes:
            obj, before, after, *rest = change
            entries.append(
                AuditEntry(
                    actor=actor,
                    actor_repr=(actor.get_username() if actor else "system"),
                    action=action,
                    content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:300],
                    changes=diff(before, after),
                    note=(rest[0] if rest else note)[:500],
                    ip_address=origin.ip_address,
                    user_agent=origin.user_agent,
                )
            )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def history(obj: models.Model):
    """Entries about `obj`, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=str(obj.pk)
    ).select_related("actor")
