"""The outcome of an inspection for one of its products (QĐ 26/2026 Điều 9): compliant, advice given, a
remediation required by a deadline, or a proposal to withdraw the certificate on a ground of Điều 8."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from certificates.models import Certificate, WithdrawalGround
from certificates.queries import current_certificate
from certificates.rules import MINISTRY_STARS
from notifications.domain import notify

from ..models import OPEN, Inspection, Outcome, OutcomeKind, RemediationStatus, Status
from ..rules import can_act
from .inspections import transition

# The conclusion carried to the withdrawal form in its address is cut to this many characters.
PREFILL_CHARS = 1500


def withdrawable(product) -> Certificate | None:
    """The certificate a withdrawal proposal for `product` is about: its current one, unless already withdrawn."""
    certificate = current_certificate(product)
    return certificate if certificate is not None and not certificate.withdrawn_on else None


def authority_officers(certificate: Certificate) -> list:
    """Who records the withdrawal of `certificate` (certificates.rules.is_authority_for): the ministry's officers
    for 5★, the OCOP officers of its province for 3★/4★."""
    if certificate.stars >= MINISTRY_STARS:
        return people.ministry_officers()
    return people.province_officers(certificate.province_id)


def withdrawal_form_url(outcome: Outcome) -> str:
    """The certificate's withdrawal form (`certificates.views.certificate_withdraw`), filled in with the
    proposal's ground, conclusion and its date: the 15 days of Điều 8 run from that date."""
    query = urlencode(
        {
            "ground": outcome.ground,
            "conclusion": outcome.note[:PREFILL_CHARS],
            "concluded_on": f"{outcome.concluded_on:%d/%m/%Y}",
        }
    )
    return reverse("certificates:withdraw", args=[outcome.certificate.number]) + "?" + query


def open_remediation(inspection: Inspection, product) -> Outcome | None:
    """The product's remediation in `inspection` still waiting to be done, if any."""
    return Outcome.objects.open_remediations().filter(inspection=inspection, product=product).first()


def _check(*, inspection, product, kind, note, concluded_on, deadline, ground) -> Certificate | None:
    if not inspection.products.filter(pk=product.pk).exists():
        raise ValidationError({"product": [_("Sản phẩm không thuộc đợt kiểm tra này.")]})
    escalating = kind == OutcomeKind.WITHDRAWAL and open_remediation(inspection, product) is not None
    if inspection.status not in OPEN and not escalating:
        raise ValidationError(
            _("Đợt kiểm tra đã kết thúc: chỉ ghi được đề xuất thu hồi khi yêu cầu khắc phục không được thực hiện.")
        )
    if not escalating and Outcome.objects.filter(inspection=inspection, product=product).exists():
        raise ValidationError({"product": [_("Sản phẩm này đã có kết luận trong đợt kiểm tra.")]})
    errors: dict[str, list[str]] = {}
    certificate = None
    if kind not in OutcomeKind.values:
        errors["kind"] = [_("Chọn kết quả kiểm tra.")]
    if concluded_on is None:
        errors["concluded_on"] = [_("Nhập ngày kết luận.")]
    elif concluded_on > timezone.localdate():
        errors["concluded_on"] = [_("Ngày kết luận không được ở tương lai.")]
    elif concluded_on < inspection.starts_on:
        errors["concluded_on"] = [_("Ngày kết luận không được trước ngày bắt đầu kiểm tra.")]
    if kind != OutcomeKind.COMPLIANT and not (note or "").strip():
        errors["note"] = [_("Nhập nội dung kết luận, hướng dẫn hoặc yêu cầu.")]
    if kind == OutcomeKind.REMEDIATION:
        if deadline is None:
            errors["deadline"] = [_("Nhập hạn khắc phục.")]
        elif concluded_on is not None and deadline <= concluded_on:
            errors["deadline"] = [_("Hạn khắc phục phải sau ngày kết luận.")]
    if kind == OutcomeKind.WITHDRAWAL:
        if ground not in WithdrawalGround.values:
            errors["ground"] = [_("Chọn một trong sáu căn cứ thu hồi của Điều 8.")]
        certificate = withdrawable(product)
        if certificate is None:
            errors["kind"] = [_("Sản phẩm không có giấy chứng nhận OCOP còn có thể thu hồi.")]
    if errors:
        raise ValidationError(errors)
    return certificate


@transaction.atomic
def record_outcome(
    *,
    inspection: Inspection,
    product,
    kind: str,
    note: str,
    concluded_on: datetime.date,
    by,
    deadline: datetime.date | None = None,
    ground: str = "",
) -> Outcome:
    """Conclude the inspection for `product`.

    Validates: `by` is an inspector or OCOP officer of the province; the inspection covers the product, and is still
    open with no outcome for it yet, unless this is a withdrawal proposal after a remediation left undone (allowed
    after the conclusion too); the date; a remediation's deadline after the conclusion; a withdrawal's Điều 8 ground
    and a certificate still to withdraw. Side effects: the inspection moves to "in progress" if it was only planned
    (`transition`); the outcome (a remediation opens; a remediation left undone is marked escalated); audit entries;
    the producer's users are told (of the deadline, for a remediation); for a withdrawal proposal, the authority's
    officers (province for 3★/4★, ministry for 5★) are told, with a link to the inspection, whose page links them to
    the certificate's withdrawal form filled in with this conclusion."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not can_act(by, inspection):
        raise PermissionDenied
    certificate = _check(
        inspection=inspection,
        product=product,
        kind=kind,
        note=note,
        concluded_on=concluded_on,
        deadline=deadline,
        ground=ground,
    )
    if inspection.status == Status.PLANNED:
        transition(inspection=inspection, to=Status.IN_PROGRESS, by=by)
    undone = open_remediation(inspection, product) if kind == OutcomeKind.WITHDRAWAL else None
    if undone is not None:
        before = audit.snapshot(undone, ["remediation_status"])
        undone.remediation_status = RemediationStatus.ESCALATED
        undone.save(update_fields=["remediation_status"])
        audit.record(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=undone,
            before=before,
            after=audit.snapshot(undone, ["remediation_status"]),
            note=_("Không khắc phục: đề xuất thu hồi"),
        )
    remediation = kind == OutcomeKind.REMEDIATION
    outcome = Outcome.objects.create(
        inspection=inspection,
        product=product,
        producer_id=product.producer_id,
        kind=kind,
        note=(note or "").strip(),
        concluded_on=concluded_on,
        deadline=deadline if remediation else None,
        remediation_status=RemediationStatus.OPEN if remediation else "",
        ground=ground if kind == OutcomeKind.WITHDRAWAL else "",
        certificate=certificate,
        recorded_by=by,
    )
    audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=outcome, after=audit.snapshot(outcome))
    producer_users = people.producer_users(product.producer_id)
    if remediation:
        message = _("Kết luận kiểm tra sản phẩm %(product)s: yêu cầu khắc phục trước ngày %(deadline)s. %(note)s")
    elif kind == OutcomeKind.WITHDRAWAL:
        message = _("Kết luận kiểm tra sản phẩm %(product)s: đề xuất thu hồi giấy chứng nhận OCOP. %(note)s")
    else:
        message = _("Kết luận kiểm tra sản phẩm %(product)s: %(kind)s. %(note)s")
    params = {
        "product": product.name,
        "deadline": f"{deadline:%d/%m/%Y}" if remediation else "",
        "kind": outcome.get_kind_display().lower(),
        "note": outcome.note,
    }
    notify(users=producer_users, message=message % params, url=product.get_absolute_url())
    if certificate is not None:
        notify(
            users=authority_officers(certificate),
            message=_(
                "Đề xuất thu hồi giấy chứng nhận OCOP số %(number)s (%(product)s, %(stars)s sao), căn cứ %(ground)s. "
                "Quyết định thu hồi ban hành trong 15 ngày kể từ ngày kết luận %(date)s."
            )
            % {
                "number": certificate.number,
                "product": product.name,
                "stars": certificate.stars,
                "ground": outcome.get_ground_display(),
                "date": f"{concluded_on:%d/%m/%Y}",
            },
            url=outcome.get_absolute_url(),
        )
    return outcome
