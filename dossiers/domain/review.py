"""The officers' side before the council: the commune's check and Mẫu 03 report (QĐ 26/2026 Điều 7.2), and the
provincial OCOP agency's reception (Điều 7.3.a)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit

from ..deadlines import reevaluation_deadline
from ..models import Application, ApplicationKind, ApplicationStatus, CommuneReview
from ..rules import (
    can_receive_as_province,
    can_return_as_province,
    can_review_as_commune,
    is_commune_officer_of,
    is_province_officer_of,
)
from ..workdays import working_days_between
from .transitions import move

ASSESSMENTS = ("local_raw_materials", "local_labour", "idea_origin", "local_identity")
REVIEW_FIELDS = ["complete", *ASSESSMENTS, "decision", "report"]


def _refuse_unless(allowed: bool, application: Application, by, *, officer_check) -> None:
    if allowed:
        return
    if not officer_check(by, application):
        raise PermissionDenied
    raise ValidationError(
        _("Hồ sơ đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
        % {"status": application.get_status_display()}
    )


@transaction.atomic
def review_by_commune(
    *,
    application: Application,
    by,
    decision: str,
    complete: bool,
    local_raw_materials: str = "",
    local_labour: str = "",
    idea_origin: str = "",
    local_identity: str = "",
    report: str = "",
    reason: str = "",
) -> CommuneReview:
    """Record the commune's Mẫu 03 report and act on it: forward the dossier to the province or return it
    to the producer.

    Validates: `by` is an officer of the dossier's commune and the dossier waits for the commune; to forward,
    the dossier is marked complete and the four assessments (local raw materials, local labour, origin of the
    idea, local identity) are written; to return, a reason is given. Side effects: a CommuneReview; for a
    return, `returned_reason`; audit entries; status → COMMUNE_REVIEWED (notifying the province's OCOP
    officers) or → RETURNED (notifying the producer's users) via `move`."""
    _refuse_unless(can_review_as_commune(by, application), application, by, officer_check=is_commune_officer_of)
    texts = {
        name: (value or "").strip()
        for name, value in zip(
            ASSESSMENTS, (local_raw_materials, local_labour, idea_origin, local_identity), strict=True
        )
    }
    report, reason = (report or "").strip(), (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if decision == CommuneReview.Decision.FORWARD:
        if not complete:
            errors["complete"] = [_("Hồ sơ chưa đầy đủ thì trả lại chủ thể bổ sung, không chuyển lên tỉnh.")]
        for name, value in texts.items():
            if not value:
                errors[name] = [_("Hãy ghi nhận xét của xã về nội dung này.")]
    elif decision == CommuneReview.Decision.RETURN:
        if not reason:
            errors["reason"] = [_("Hãy ghi lý do trả lại để chủ thể bổ sung.")]
    else:
        errors["decision"] = [_("Chọn chuyển lên tỉnh hoặc trả lại chủ thể.")]
    if errors:
        raise ValidationError(errors)

    review = CommuneReview.objects.create(
        application=application,
        reviewer=by,
        complete=complete,
        decision=decision,
        report=report or (reason if decision == CommuneReview.Decision.RETURN else ""),
        **texts,
    )
    audit.record(actor=by, action="create", obj=review, after=audit.snapshot(review, REVIEW_FIELDS))
    late = (
        working_days_between(application.commune_deadline, timezone.localdate()) if application.commune_deadline else 0
    )
    late_note = _(" (quá hạn %(days)s ngày làm việc)") % {"days": late} if late > 0 else ""
    product = application.product.name
    if decision == CommuneReview.Decision.FORWARD:
        move(
            application,
            to=ApplicationStatus.COMMUNE_REVIEWED,
            by=by,
            note=_("Xã đánh giá, đề nghị tỉnh đánh giá") + late_note,
            notify_users=people.province_officers(application.province_id),
            # The unit's name carries its type: "Xã Phú Nghĩa", "Phường Nam Hoa Lư".
            message=_("%(commune)s đề nghị đánh giá sản phẩm %(product)s: hồ sơ chờ tỉnh tiếp nhận.")
            % {"commune": application.commune.name, "product": product},
        )
    else:
        _set_returned(application, by=by, reason=reason)
        move(
            application,
            to=ApplicationStatus.RETURNED,
            by=by,
            note=_("Xã trả lại: %(reason)s") % {"reason": reason},
            notify_users=people.producer_users(application.product.producer_id),
            message=_("Xã trả lại hồ sơ %(product)s để bổ sung: %(reason)s") % {"product": product, "reason": reason},
        )
    return review


def _set_returned(application: Application, *, by, reason: str) -> None:
    before = audit.snapshot(application, ["returned_reason"])
    application.returned_reason = reason
    application.save(update_fields=["returned_reason", "updated_at"])
    audit.record(
        actor=by,
        action="update",
        obj=application,
        before=before,
        after=audit.snapshot(application, ["returned_reason"]),
    )


@transaction.atomic
def receive_application(*, application: Application, by) -> Application:
    """The provincial OCOP agency receives a dossier the commune forwarded. Validates: `by` is an OCOP officer
    of the dossier's province and the dossier waits for reception. Side effects: `received_at`; for a
    re-evaluation, `evaluation_deadline` = 45 days later (Điều 7.6.g); audit entry; status → RECEIVED via
    `move`, notifying the producer's users."""
    _refuse_unless(can_receive_as_province(by, application), application, by, officer_check=is_province_officer_of)
    fields = ["received_at", "evaluation_deadline"]
    before = audit.snapshot(application, fields)
    application.received_at = timezone.now()
    if application.kind == ApplicationKind.REEVALUATION:
        application.evaluation_deadline = reevaluation_deadline(timezone.localdate(application.received_at))
    application.save(update_fields=[*fields, "updated_at"])
    audit.record(actor=by, action="update", obj=application, before=before, after=audit.snapshot(application, fields))
    move(
        application,
        to=ApplicationStatus.RECEIVED,
        by=by,
        note=_("Tỉnh tiếp nhận hồ sơ"),
        notify_users=people.producer_users(application.product.producer_id),
        message=_("Cơ quan OCOP tỉnh đã tiếp nhận hồ sơ %(product)s.") % {"product": application.product.name},
    )
    return application


@transaction.atomic
def return_by_province(*, application: Application, by, reason: str) -> Application:
    """The provincial OCOP agency returns a dossier to the producer for completion (before it enters a round).
    Validates: `by` is an OCOP officer of the dossier's province; the dossier was forwarded by the commune or
    received; a reason. Side effects: `returned_reason`; audit entries; status → RETURNED via `move`,
    notifying the producer's users and the commune's officers."""
    _refuse_unless(can_return_as_province(by, application), application, by, officer_check=is_province_officer_of)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do trả lại để chủ thể bổ sung.")]})
    _set_returned(application, by=by, reason=reason)
    move(
        application,
        to=ApplicationStatus.RETURNED,
        by=by,
        note=_("Tỉnh trả lại: %(reason)s") % {"reason": reason},
        notify_users=people.producer_and_commune(dossier=application),
        message=_("Cơ quan OCOP tỉnh trả lại hồ sơ %(product)s để bổ sung: %(reason)s")
        % {"product": application.product.name, "reason": reason},
    )
    return application
