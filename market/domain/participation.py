"""Producers at trade events: applying with chosen products, invitations, the organiser's decision, and the
event's outcome. Every function checks the actor's right, writes in a transaction, audits and tells the other
side (accounts.people)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from certificates.models import SHOWS_STAR
from certificates.queries import with_current_certificate
from notifications.domain import notify
from producers.models import Producer
from programme.models import Event

from .. import rules
from ..models import Outcome, Participation

PARTICIPATION_FIELDS = ["event", "producer", "status", "reason"]
OUTCOME_FIELDS = ["visitors", "sales", "note"]


def _snapshot(participation: Participation) -> dict:
    return {
        **audit.snapshot(participation, PARTICIPATION_FIELDS),
        "products": sorted(p.name for p in participation.products.all()) if participation.pk else [],
    }


def check_products(*, producer: Producer, products: Iterable, day) -> list:
    """The products a producer may show at an event: its own, whose certificate shows a star on `day`. Raises
    ValidationError naming the first that is not, and when none is chosen."""
    chosen = list(products)
    if not chosen:
        raise ValidationError(
            {"products": ValidationError(_("Chọn ít nhất một sản phẩm OCOP."), code="participation_products")}
        )
    current = {p.pk: p for p in with_current_certificate(producer.products.filter(pk__in=[p.pk for p in chosen]))}
    for product in chosen:
        own = current.get(product.pk)
        certificate = own.current_certificates[0] if own and own.current_certificates else None
        if own is None:
            message = _("%(product)s không phải sản phẩm của %(producer)s.") % {
                "product": product,
                "producer": producer,
            }
            raise ValidationError({"products": ValidationError(message, code="participation_not_own")})
        if certificate is None or certificate.status_on(day) not in SHOWS_STAR:
            raise ValidationError(
                {
                    "products": ValidationError(
                        _("%(product)s chưa có giấy chứng nhận OCOP còn hiệu lực.") % {"product": product},
                        code="participation_not_certified",
                    )
                }
            )
    return chosen


def accepted_count(event: Event) -> int:
    return event.participations.filter(status=Participation.Status.ACCEPTED).count()


def _check_capacity(event: Event) -> None:
    if event.capacity is not None and accepted_count(event) >= event.capacity:
        raise ValidationError(
            _("Sự kiện đã đủ %(capacity)s chủ thể tham gia."),
            code="participation_full",
            params={"capacity": event.capacity},
        )


def _check_open(event: Event) -> None:
    if event.ends_on < timezone.localdate():
        raise ValidationError(_("Sự kiện đã kết thúc."), code="participation_past")


def _url(participation: Participation) -> str:
    return reverse("market:event", args=[participation.event.code])


def _organisers(event: Event) -> list:
    return people.area_officers(commune_id=event.commune_id, province_id=event.province_id)


def apply(*, event: Event, producer: Producer, products: Iterable, by) -> Participation:
    """`producer` applies to take part in `event` with `products` (its own, certified). Audited; the event's
    organisers are told. Raises PermissionDenied unless `by` is one of the producer's users, ValidationError when
    the event takes no applications, is over, the producer is already on its list, or a product does not fit."""
    if not rules.can_apply(by, producer):
        raise PermissionDenied
    if not event.accepts_applications:
        raise ValidationError(_("Sự kiện này không nhận đăng ký của chủ thể."), code="participation_closed")
    _check_open(event)
    if Participation.objects.filter(event=event, producer=producer).exists():
        raise ValidationError(_("Chủ thể đã có trong danh sách của sự kiện."), code="participation_twice")
    chosen = check_products(producer=producer, products=products, day=timezone.localdate())
    with transaction.atomic():
        participation = Participation.objects.create(
            event=event, producer=producer, status=Participation.Status.APPLIED
        )
        participation.products.set(chosen)
        audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=participation, after=_snapshot(participation))
        notify(
            users=_organisers(event),
            message=_("%(producer)s đăng ký tham gia %(event)s.") % {"producer": producer.name, "event": event.topic},
            url=_url(participation),
        )
    return participation


def invite(*, event: Event, producer: Producer, by) -> Participation:
    """The organiser invites `producer` to `event`; its users are told and answer with their products. Audited."""
    if not rules.can_organise(by, event):
        raise PermissionDenied
    _check_open(event)
    if Participation.objects.filter(event=event, producer=producer).exists():
        raise ValidationError(_("Chủ thể đã có trong danh sách của sự kiện."), code="participation_twice")
    with transaction.atomic():
        participation = Participation.objects.create(
            event=event, producer=producer, status=Participation.Status.INVITED
        )
        audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=participation, after=_snapshot(participation))
        notify(
            users=people.producer_users(producer.pk),
            message=_("Chủ thể được mời tham gia %(event)s.") % {"event": event.topic},
            url=_url(participation),
        )
    return participation


def answer(
    *, participation: Participation, accept: bool, products: Iterable = (), reason: str = "", by
) -> Participation:
    """The invited producer accepts (with its products; the event's capacity holds) or declines (with a reason).
    Audited; the organisers are told."""
    if not rules.can_answer(by, participation):
        raise PermissionDenied
    if participation.status != Participation.Status.INVITED:
        raise ValidationError(_("Lời mời này đã được trả lời."), code="participation_answered")
    event = participation.event
    before = _snapshot(participation)
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        if accept:
            _check_open(event)
            chosen = check_products(producer=participation.producer, products=products, day=timezone.localdate())
            _check_capacity(event)
            participation.products.set(chosen)
            participation.status, participation.reason = Participation.Status.ACCEPTED, ""
        else:
            participation.status, participation.reason = Participation.Status.DECLINED, _reason(reason)
        participation.decided_by, participation.decided_at = by, timezone.now()
        participation.save()
        audit.record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=participation, before=before, after=_snapshot(participation)
        )
        notify(
            users=_organisers(event),
            message=_("%(producer)s đã trả lời lời mời tham gia %(event)s: %(status)s.")
            % {
                "producer": participation.producer.name,
                "event": event.topic,
                "status": participation.get_status_display(),
            },
            url=_url(participation),
        )
    return participation


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Ghi lý do không tham gia."), code="participation_reason")})
    return reason[:500]


def decide(*, participation: Participation, accept: bool, reason: str = "", by) -> Participation:
    """The organiser accepts an application (while the event has room) or declines it with a reason, which the
    producer reads. Audited; the producer's users are told. Raises ValidationError for a decision already taken,
    a missing reason, or a full event."""
    if not rules.can_decide(by, participation):
        raise PermissionDenied
    if participation.status != Participation.Status.APPLIED:
        raise ValidationError(_("Đơn đăng ký này đã được xét."), code="participation_decided")
    event = participation.event
    before = _snapshot(participation)
    with transaction.atomic():
        # Two organisers accepting the last places at once: the event row serialises them.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        if accept:
            _check_capacity(event)
            participation.status, participation.reason = Participation.Status.ACCEPTED, (reason or "").strip()[:500]
        else:
            participation.status, participation.reason = Participation.Status.DECLINED, _reason(reason)
        participation.decided_by, participation.decided_at = by, timezone.now()
        participation.save()
        audit.record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=participation, before=before, after=_snapshot(participation)
        )
        if accept:
            message = _("Đơn đăng ký tham gia %(event)s được chấp nhận.") % {"event": event.topic}
        else:
            message = _("Đơn đăng ký tham gia %(event)s không được chấp nhận: %(reason)s") % {
                "event": event.topic,
                "reason": participation.reason,
            }
        notify(users=people.producer_users(participation.producer_id), message=message, url=_url(participation))
    return participation


def record_outcome(*, event: Event, visitors: int | None, sales: int | None, note: str = "", by) -> Outcome:
    """Record (or correct) what `event` achieved: visitors and sales in đồng. Audited. Its memoranda are counted
    from the trade agreements signed at it."""
    if not rules.can_organise(by, event):
        raise PermissionDenied
    outcome = Outcome.objects.filter(event=event).first()
    created = outcome is None
    before = None if created else audit.snapshot(outcome, OUTCOME_FIELDS)
    outcome = outcome or Outcome(event=event)
    outcome.visitors, outcome.sales, outcome.note = visitors, sales, note
    with transaction.atomic():
        outcome.full_clean()
        outcome.save()
        audit.record(
            actor=by,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            obj=outcome,
            before=before,
            after=audit.snapshot(outcome, OUTCOME_FIELDS),
        )
    return outcome
