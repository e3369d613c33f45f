"""Withdrawal (thu hồi giấy chứng nhận, QĐ 26/2026 Điều 8)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from notifications.domain import notify

from ..decisions import SIGNED_NUMBER, is_signed
from ..models import (
    WITHDRAWAL_DECISION_DAYS,
    Certificate,
    SignedDecision,
    Withdrawal,
    WithdrawalGround,
    withdrawal_deadline,
)
from ..rules import MINISTRY_STARS, can_withdraw


def _check(
    *,
    certificate: Certificate,
    ground: str,
    conclusion: str,
    concluded_on: datetime.date | None,
    decision_number: str,
    decision_date: datetime.date | None,
    signer: str,
    late_reason: str,
) -> bool:
    """Refuse an incomplete or impossible decision; return whether it is late (past the 15 days)."""
    if certificate.withdrawn_on:
        raise ValidationError(_("Giấy chứng nhận này đã bị thu hồi."))
    if certificate.superseded_by_id:
        raise ValidationError(_("Giấy chứng nhận này đã được thay thế bằng giấy mới; hãy thu hồi giấy hiện hành."))
    errors: dict[str, list[str]] = {}
    if ground not in WithdrawalGround.values:
        errors["ground"] = [_("Chọn một trong sáu căn cứ thu hồi của Điều 8.")]
    if not (conclusion or "").strip():
        errors["conclusion"] = [_("Nhập kết luận làm căn cứ thu hồi.")]
    if not (decision_number or "").strip():
        errors["decision_number"] = [_("Nhập số quyết định thu hồi.")]
    elif is_signed(
        kind=SignedDecision.Kind.WITHDRAWAL,
        province=None if certificate.stars >= MINISTRY_STARS else certificate.province,
        number=decision_number,
    ):
        errors["decision_number"] = [SIGNED_NUMBER % {"number": decision_number.strip()}]
    if not (signer or "").strip():
        errors["signer"] = [_("Nhập người ký quyết định.")]
    if concluded_on is None:
        errors["concluded_on"] = [_("Nhập ngày có kết luận.")]
    elif concluded_on < certificate.issued_on:
        errors["concluded_on"] = [_("Ngày kết luận không được trước ngày cấp giấy chứng nhận.")]
    today = timezone.localdate()
    late = False
    if decision_date is None:
        errors["decision_date"] = [_("Nhập ngày quyết định.")]
    elif decision_date > today:
        errors["decision_date"] = [_("Ngày quyết định không được ở tương lai.")]
    elif concluded_on is not None:
        deadline = withdrawal_deadline(concluded_on)
        if decision_date < concluded_on:
            errors["decision_date"] = [_("Ngày quyết định không được trước ngày có kết luận.")]
        elif decision_date > deadline:
            late = True
            if not (late_reason or "").strip():
                errors["late_reason"] = [
                    _(
                        "Quyết định thu hồi phải ban hành trong %(days)s ngày kể từ ngày có kết luận "
                        "(%(concluded)s), tức chậm nhất ngày %(deadline)s: quyết định ngày %(date)s là quyết định "
                        "muộn, hãy ghi lý do quyết định muộn."
                    )
                    % {
                        "days": WITHDRAWAL_DECISION_DAYS,
                        "concluded": f"{concluded_on:%d/%m/%Y}",
                        "deadline": f"{deadline:%d/%m/%Y}",
                        "date": f"{decision_date:%d/%m/%Y}",
                    }
                ]
    if errors:
        raise ValidationError(errors)
    return late


@transaction.atomic
def withdraw(
    *,
    certificate: Certificate,
    ground: str,
    conclusion: str,
    concluded_on: datetime.date,
    decision_number: str,
    decision_date: datetime.date,
    signer: str,
    by,
    late_reason: str = "",
) -> Withdrawal:
    """Record the decision withdrawing `certificate` on one of the six grounds of Điều 8.

    Validates: `by` is the authority's officer (the certificate's province for 3★/4★, the ministry for
    5★); the certificate is neither withdrawn nor superseded; the decision is dated on or after the
    conclusion, not in the future. The decision is due within 15 days of the conclusion: that limit binds
    the officials, so a later decision is still recorded, marked late, and then needs `late_reason` (a
    timely one keeps none). Side effects: a Withdrawal; the certificate's `withdrawn_on` = decision date
    (from then on it shows no star); audit entry; the producer's users, the commune's officers and the
    province's inspectors are notified."""
    if not can_withdraw(by, certificate):
        raise PermissionDenied
    late = _check(
        certificate=certificate,
        ground=ground,
        conclusion=conclusion,
        concluded_on=concluded_on,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        late_reason=late_reason,
    )
    withdrawal = Withdrawal.objects.create(
        certificate=certificate,
        ground=ground,
        conclusion=conclusion.strip(),
        concluded_on=concluded_on,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        signer=signer.strip(),
        late=late,
        late_reason=late_reason.strip() if late else "",
        recorded_by=by,
    )
    before = audit.snapshot(certificate, ["withdrawn_on"])
    certificate.withdrawn_on = decision_date
    certificate.save(update_fields=["withdrawn_on"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=certificate,
        before=before,
        after={**audit.snapshot(certificate, ["withdrawn_on"]), **audit.snapshot(withdrawal)},
        note=_("Thu hồi, căn cứ %(ground)s") % {"ground": withdrawal.get_ground_display()}
        + (_("; quyết định muộn: %(reason)s") % {"reason": withdrawal.late_reason} if late else ""),
    )
    producer = certificate.product.producer
    notify(
        users=[*people.producer_and_commune(producer=producer), *people.inspectors(producer.current_province_id)],
        message=_(
            "Giấy chứng nhận OCOP số %(number)s của sản phẩm %(product)s bị thu hồi theo quyết định %(decision)s "
            "ngày %(date)s. Căn cứ thu hồi: %(ground)s."
        )
        % {
            "number": certificate.number,
            "product": certificate.product.name,
            "decision": withdrawal.decision_number,
            "date": f"{decision_date:%d/%m/%Y}",
            "ground": withdrawal.get_ground_display(),
        },
        url=certificate.get_absolute_url(),
    )
    return withdrawal
