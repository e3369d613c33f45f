"""The outbox: events written in the transaction of the change they report, one delivery per subscription whose
owner sees the record (`Model.objects.visible_to(owner)`, the one scope rule), sent once that transaction commits.

Every domain change is audited (`audit.domain.record`); `on_audit_entry` maps the audited actions to events:
- a certificate created (`certificates.domain.issue_certificate`) → certificate.issued;
- a certificate whose `withdrawn_on` is set (`certificates.domain.withdrawal.withdraw`) → certificate.withdrawn;
- a stamp batch's "issue" (`stamps.domain.issuing`) → stamp_batch.issued;
- a dossier's "transition" (`dossiers.domain.transitions.move`) → dossier.state_changed.
A certificate's expiry changes nothing stored: `expiry.emit_expired` finds them. Certificates written in bulk by
the history import (`audit.record_many`) are the past being loaded, not news: they emit nothing."""

import uuid
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from certificates.models import Certificate
from dossiers.models import Application, ApplicationStatus
from stamps.models import StampBatch

from .models import Delivery, Event, EventType, Subscription


def _date(value):
    return value.isoformat() if value else None


def certificate_data(certificate: Certificate, day=None) -> dict:
    status = certificate.status_on(day or timezone.localdate())
    return {
        "number": certificate.number,
        "product": {"code": certificate.product.code, "name": certificate.product.name},
        "producer": {"code": certificate.product.producer.code, "name": certificate.product.producer.name},
        "stars": certificate.stars,
        "province": certificate.province.code,
        "issued_on": _date(certificate.issued_on),
        "expires_on": _date(certificate.expires_on),
        "extended_until": _date(certificate.extended_until),
        "withdrawn_on": _date(certificate.withdrawn_on),
        "status": str(status),
    }


def batch_data(batch: StampBatch) -> dict:
    return {
        "code": batch.code,
        "product": {"code": batch.product.code, "name": batch.product.name},
        "certificate": batch.certificate.number if batch.certificate_id else None,
        "lot": batch.lot,
        "quantity": batch.quantity,
        "issued_at": batch.issued_at.isoformat() if batch.issued_at else None,
    }


def dossier_data(application: Application, before: str | None) -> dict:
    return {
        "code": application.code,
        "product": {"code": application.product.code, "name": application.product.name},
        "from": before,
        "to": application.status,
        "to_label": str(ApplicationStatus(application.status).label),
    }


def _certificate(pk) -> dict:
    return certificate_data(Certificate.objects.select_related("product__producer", "province").get(pk=pk))


def _event_of(entry: AuditEntry):
    """(event type, model, how to read the payload) for an audit entry that reports an event, else None."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    pk = entry.object_id
    if model is Certificate and entry.action == AuditEntry.Action.CREATE:
        return EventType.CERTIFICATE_ISSUED, model, lambda: _certificate(pk)
    if model is Certificate and entry.action == AuditEntry.Action.UPDATE:
        withdrawn = entry.changes.get("withdrawn_on")
        if withdrawn and withdrawn[1]:
            return EventType.CERTIFICATE_WITHDRAWN, model, lambda: _certificate(pk)
        return None
    if model is StampBatch and entry.action == "issue":
        return (
            EventType.STAMP_BATCH_ISSUED,
            model,
            lambda: batch_data(StampBatch.objects.select_related("product", "certificate").get(pk=pk)),
        )
    if model is Application and entry.action == AuditEntry.Action.TRANSITION:
        before = (entry.changes.get("status") or [None])[0]
        return (
            EventType.DOSSIER_STATE_CHANGED,
            model,
            lambda: dossier_data(Application.objects.select_related("product").get(pk=pk), before),
        )
    return None


def on_audit_entry(sender, instance: AuditEntry, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    found = _event_of(instance)
    if found is not None:
        kind, model, payload = found
        emit(kind=kind, model=model, pk=instance.object_id, payload=payload)


def emit(*, kind: str, model, pk, payload: Callable[[], dict], key: str | None = None) -> Event | None:
    """Put an event about the record `pk` of `model` in the outbox, with a delivery for each active subscription
    to `kind` whose owner sees the record; they are sent once the caller's transaction commits. `payload` is read
    only when someone is to be told: otherwise no event. An event with a `key` already emitted: nothing (None)."""
    wanted = [
        s
        for s in Subscription.objects.filter(is_active=True, owner__is_active=True).select_related("owner")
        if kind in s.events
    ]
    receivers = [s for s in wanted if model.objects.visible_to(s.owner).filter(pk=pk).exists()]
    if not receivers or (key and Event.objects.filter(key=key).exists()):
        return None
    now, event_id = timezone.now(), uuid.uuid4()
    event = Event.objects.create(
        event_id=event_id,
        type=kind,
        key=key,
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(pk),
        payload={"id": str(event_id), "type": kind, "occurred_at": now.isoformat(), "data": payload()},
    )
    deliveries = Delivery.objects.bulk_create(
        [Delivery(subscription=s, event=event, next_attempt_at=now) for s in receivers]
    )
    ids = [d.pk for d in deliveries]
    # A delivery that cannot be enqueued now is still due: `send_webhooks` sends it; the change stands.
    transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return event


def _enqueue(delivery_ids: list[int]) -> None:
    from .tasks import deliver

    deliver.enqueue(delivery_ids)
