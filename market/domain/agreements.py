"""Trade agreements and memoranda between a producer and a buyer or distributor."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import domain as audit
from audit.models import AuditEntry
from producers.models import Producer

from .. import rules
from ..models import Participation, TradeAgreement

AGREEMENT_FIELDS = [
    "kind",
    "producer",
    "counterpart_name",
    "counterpart_kind",
    "signed_on",
    "value",
    "event",
    "buyer",
    "demand",
    "note",
]


def _snapshot(agreement: TradeAgreement) -> dict:
    return {
        **audit.snapshot(agreement, AGREEMENT_FIELDS),
        "products": sorted(p.name for p in agreement.products.all()) if agreement.pk else [],
    }


def record_agreement(
    *,
    producer: Producer,
    counterpart_name: str,
    counterpart_kind: str,
    signed_on: datetime.date,
    products: Iterable = (),
    kind: str = TradeAgreement.Kind.MEMORANDUM,
    value: int | None = None,
    event=None,
    buyer=None,
    demand=None,
    note: str = "",
    by,
) -> TradeAgreement:
    """Record an agreement `producer` signed, for some of its own products, possibly at `event` (where it must
    have taken part), with a buyer registered on the platform (`buyer`) or answering its demand (`demand`, which the
    producer must have talked about with it; its buyer is then the agreement's). Audited; counted in the event's
    outcome and the reports. Raises PermissionDenied unless `by` is one of the producer's users or an officer of
    its area."""
    if not rules.can_record_agreement_for(by, producer):
        raise PermissionDenied
    chosen = list(products)
    foreign = [p for p in chosen if p.producer_id != producer.pk]
    if foreign:
        raise ValidationError(
            {
                "products": ValidationError(
                    _("%(product)s không phải sản phẩm của chủ thể.") % {"product": foreign[0]},
                    code="agreement_products",
                )
            }
        )
    if event is not None:
        took_part = Participation.objects.filter(
            event=event, producer=producer, status=Participation.Status.ACCEPTED
        ).exists()
        if not took_part:
            raise ValidationError(
                {"event": ValidationError(_("Chủ thể không tham gia sự kiện này."), code="agreement_event")}
            )
        if signed_on < event.starts_on:
            raise ValidationError(
                {"signed_on": ValidationError(_("Ngày ký trước ngày khai mạc sự kiện."), code="agreement_before_event")}
            )
    if demand is not None:
        buyer = demand.buyer
        if not demand.conversations.filter(producer=producer).exists():
            raise ValidationError(
                {"demand": ValidationError(_("Chủ thể chưa trao đổi về nhu cầu này."), code="agreement_demand")}
            )
    if buyer is not None:
        counterpart_name, counterpart_kind = counterpart_name or buyer.name, counterpart_kind or buyer.kind
    missing = {}
    if not (counterpart_name or "").strip():
        missing["counterpart_name"] = _("Hãy ghi tên bên mua, phân phối (hoặc chọn nhu cầu mua).")
    if not counterpart_kind:
        missing["counterpart_kind"] = _("Hãy chọn loại bên mua.")
    if missing:
        raise ValidationError(missing)
    if signed_on > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError({"signed_on": ValidationError(_("Ngày ký chưa đến."), code="agreement_future")})
    agreement = TradeAgreement(
        producer=producer,
        counterpart_name=counterpart_name.strip(),
        counterpart_kind=counterpart_kind,
        kind=kind,
        signed_on=signed_on,
        value=value,
        event=event,
        buyer=buyer,
        demand=demand,
        note=note,
        commune=producer.current_commune,
        province=producer.current_province,
    )
    with transaction.atomic():
        agreement.full_clean()
        agreement.save()
        agreement.products.set(chosen)
        audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=agreement, after=_snapshot(agreement))
    return agreement


def delete_agreement(*, agreement: TradeAgreement, by) -> None:
    if not rules.can_edit_agreement(by, agreement):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(actor=by, action=AuditEntry.Action.DELETE, obj=agreement, before=_snapshot(agreement))
        agreement.delete()
