"""Buyers' demands and the conversations about them: a verified buyer posts a demand and edits, closes or withdraws
it; a producer answers it (its products, quantity, price and a message); buyer and producer write to each other in
one conversation per demand and producer, each message told to the other side in the platform and by e-mail."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from notifications.domain import notify
from producers.models import Producer

from .. import rules
from ..matching import open_demands, rank
from ..models import Certification, Conversation, Demand, Message

DEMAND_FIELDS = [
    "title",
    "group",
    "criteria_set",
    "quantity",
    "unit",
    "period_from",
    "period_to",
    "min_stars",
    "strict_min_stars",
    "certifications",
    "needs_gi",
    "packaging",
    "delivery_area",
    "deadline",
    "note",
]


def _check(demand: Demand, *, today: datetime.date) -> None:
    if demand.group_id is None and demand.criteria_set_id is None:
        raise ValidationError({"group": _("Hãy chọn nhóm sản phẩm hoặc bộ sản phẩm.")})
    if demand.group_id and demand.criteria_set_id and demand.criteria_set.group_id != demand.group_id:
        raise ValidationError({"criteria_set": _("Bộ sản phẩm không thuộc nhóm đã chọn.")})
    if demand.period_from and demand.period_to and demand.period_to < demand.period_from:
        raise ValidationError({"period_to": _("Ngày kết thúc giao hàng trước ngày bắt đầu.")})
    if demand.deadline and demand.deadline < today:
        raise ValidationError({"deadline": _("Hạn nhận chào hàng đã qua.")})
    if demand.quantity is not None and demand.quantity <= 0:
        raise ValidationError({"quantity": _("Số lượng phải lớn hơn 0.")})
    area: Area | None = demand.delivery_area if demand.delivery_area_id else None
    if area is None or not area.is_current or area.level not in (Area.Level.PROVINCE, Area.Level.COMMUNE):
        raise ValidationError({"delivery_area": _("Nơi giao hàng là một tỉnh hoặc một xã/phường hiện nay.")})
    unknown = [c for c in demand.certifications if c not in Certification.values]
    if unknown:
        raise ValidationError({"certifications": _("Chứng nhận không có trong danh sách.")})
    demand.certifications = sorted(set(demand.certifications))


def post_demand(*, by, **fields: Any) -> Demand:
    """A verified buyer posts a demand. Side effects: audit entry."""
    if not rules.can_post_demand(by):
        raise PermissionDenied
    unknown = set(fields) - set(DEMAND_FIELDS)
    if unknown:
        raise TypeError(f"not demand fields: {sorted(unknown)}")
    demand = Demand(buyer=by.buyer, **fields)
    _check(demand, today=timezone.localdate())
    with transaction.atomic():
        demand.full_clean()
        demand.save()
        audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=demand, after=audit.snapshot(demand, DEMAND_FIELDS))
    return demand


def update_demand(*, demand: Demand, by, **fields: Any) -> Demand:
    """Its buyer changes an open demand. Side effects: audit entry with before and after."""
    if not rules.can_edit_demand(by, demand):
        raise PermissionDenied
    unknown = set(fields) - set(DEMAND_FIELDS)
    if unknown:
        raise TypeError(f"not demand fields: {sorted(unknown)}")
    before = audit.snapshot(demand, DEMAND_FIELDS)
    for name, value in fields.items():
        setattr(demand, name, value)
    _check(demand, today=timezone.localdate())
    with transaction.atomic():
        demand.full_clean()
        demand.save()
        audit.record(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=demand,
            before=before,
            after=audit.snapshot(demand, DEMAND_FIELDS),
        )
    return demand


def end_demand(*, demand: Demand, by, status: str) -> Demand:
    """Its buyer closes an open demand (it found its suppliers) or withdraws it. Side effects: audit entry; the
    producers who answered it are told."""
    if status not in (Demand.Status.CLOSED, Demand.Status.WITHDRAWN):
        raise ValidationError({"status": _("Chỉ có thể đóng hoặc rút nhu cầu.")})
    if not rules.can_edit_demand(by, demand):
        raise PermissionDenied
    with transaction.atomic():
        before = audit.snapshot(demand, ["status"])
        demand.status = status
        demand.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=demand,
            before=before,
            after=audit.snapshot(demand, ["status"]),
        )
        producers = demand.conversations.filter(answered_at__isnull=False).values_list("producer_id", flat=True)
        users = [user for users in people.users_of_producers(producers).values() for user in users]
        notify(
            users=users,
            message=_("Nhu cầu “%(demand)s” của %(buyer)s: %(status)s.")
            % {"demand": demand.title, "buyer": demand.buyer.name, "status": demand.get_status_display().lower()},
            url=demand.get_absolute_url(),
        )
    return demand


def answer_demand(
    *,
    demand: Demand,
    producer: Producer,
    products: Iterable,
    message: str,
    offered_quantity: str = "",
    offered_price: str = "",
    by,
) -> Conversation:
    """A producer answers an open demand with some of its products that match it (`market.matching`), the quantity
    and price it offers and a message; answering again updates its offer. Side effects: audit entry; the buyer is
    told."""
    if not rules.can_answer_for(by, producer):
        raise PermissionDenied
    today = timezone.localdate()
    if not open_demands(day=today).filter(pk=demand.pk).exists():
        raise ValidationError(_("Nhu cầu này không còn nhận chào hàng."))
    chosen = list(products)
    matching = {m.product.pk for m in rank(demand, day=today, products=producer.products.all())}
    if not chosen:
        raise ValidationError({"products": _("Hãy chọn ít nhất một sản phẩm chào hàng.")})
    unfit = [p for p in chosen if p.pk not in matching]
    if unfit:
        raise ValidationError(
            {"products": _("Sản phẩm %(product)s không phù hợp với nhu cầu này.") % {"product": unfit[0].name}}
        )
    if not message.strip():
        raise ValidationError({"message": _("Hãy viết lời chào hàng gửi bên mua.")})
    with transaction.atomic():
        conversation, _created = Conversation.objects.get_or_create(demand=demand, producer=producer)
        answered_before = conversation.answered_at is not None
        before = _offer(conversation)
        conversation.offered_quantity = offered_quantity.strip()
        conversation.offered_price = offered_price.strip()
        conversation.answered_at = conversation.answered_at or timezone.now()
        conversation.save()
        conversation.products.set(chosen)
        audit.record(
            actor=by,
            action=AuditEntry.Action.UPDATE if answered_before else AuditEntry.Action.CREATE,
            obj=conversation,
            before=before if answered_before else None,
            after=_offer(conversation),
        )
        _post(conversation, by=by, body=message, from_buyer=False)
    return conversation


def write(*, demand: Demand, producer: Producer, body: str, by) -> Message:
    """A message in the conversation of `demand` and `producer`, from the buyer or from the producer's user `by`;
    the buyer may start it with a producer whose products match the demand. Side effects: audit entry; the other
    side is told in the platform and by e-mail."""
    conversation = Conversation.objects.filter(demand=demand, producer=producer).first()
    buyer = rules.buyer_of(by)
    if conversation is None:
        if buyer is None or buyer.pk != demand.buyer_id:
            raise PermissionDenied
        if demand.status != Demand.Status.OPEN:
            raise ValidationError(_("Nhu cầu này đã đóng."))
        if not rank(demand, day=timezone.localdate(), products=producer.products.all()):
            raise ValidationError(_("Chủ thể này không có sản phẩm phù hợp với nhu cầu."))
    elif not rules.can_talk(by, conversation):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Hãy viết nội dung tin nhắn.")})
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(demand=demand, producer=producer)
        return _post(conversation, by=by, body=body, from_buyer=buyer is not None)


def _offer(conversation: Conversation) -> dict:
    return {
        **audit.snapshot(conversation, ["offered_quantity", "offered_price"]),
        "products": sorted(p.name for p in conversation.products.all()),
    }


def _post(conversation: Conversation, *, by, body: str, from_buyer: bool) -> Message:
    message = Message.objects.create(conversation=conversation, author=by, from_buyer=from_buyer, body=body.strip())
    audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=message, after=audit.snapshot(message, ["body"]))
    demand = conversation.demand
    if from_buyer:
        users, sender = people.producer_users(conversation.producer_id), demand.buyer.name
    else:
        users, sender = people.buyer_users(demand.buyer.account_id), conversation.producer.name
    notify(
        users=users,
        message=_("%(sender)s nhắn về nhu cầu “%(demand)s”: %(body)s")
        % {"sender": sender, "demand": demand.title, "body": message.body[:200]},
        url=conversation.get_absolute_url(),
    )
    return message
