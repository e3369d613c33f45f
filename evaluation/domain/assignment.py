"""Putting dossiers into a round (QĐ 26/2026 Điều 7.3.c, 7.4.c) and the advisory team's work on them
(site visits, extra tests, requests for documents)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from accounts.models import User
from audit import domain as audit
from criteria.models import SheetNode
from dossiers.domain.transitions import move
from dossiers.models import Application, ApplicationStatus
from notifications.domain import notify

from ..models import Evaluation, Level, Round, SiteVisit
from ..rules import can_manage_round, can_record_site_visit
from .opinions import require_inspection_ground

EVALUATION_FIELDS = ["application", "round", "level", "legal_version", "criteria_set", "status"]


def assignable_applications(round_: Round):
    """Dossiers that may go into the round: the province's received dossiers for a provincial round; the
    dossiers proposed for 5★ and not already in a central session for the central round; never one already
    evaluated in this round."""
    applications = Application.objects.select_related("product__producer", "commune", "criteria_set").exclude(
        evaluations__round=round_
    )
    if round_.level == Level.PROVINCE:
        return applications.filter(province_id=round_.province_id, status=ApplicationStatus.RECEIVED)
    in_central_session = Evaluation.objects.filter(level=Level.CENTRAL, status=Evaluation.Status.OPEN)
    return applications.filter(status=ApplicationStatus.PROPOSED_5).exclude(
        pk__in=in_central_session.values("application_id")
    )


@transaction.atomic
def assign_to_round(*, round_: Round, application: Application, by: User) -> Evaluation:
    """Open `application`'s evaluation session in `round_`, scored on the sheet of the dossier's own legal
    version and criteria set. The round must be open for dossiers; a provincial round takes the province's
    RECEIVED dossiers (which move to IN_ROUND), the central round takes PROPOSED_5 dossiers (their status
    stays until the central council closes). Side effects: the Evaluation; audit entries; the round's
    council members are notified."""
    if not can_manage_round(by, round_):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    # Lock the dossier: two officers assigning it at once must not open two sessions.
    application = Application.objects.select_for_update().select_related("product").get(pk=application.pk)
    if round_.status != Round.Status.OPEN:
        raise ValidationError(_("Đợt đánh giá không còn tiếp nhận hồ sơ."))
    if not assignable_applications(round_).filter(pk=application.pk).exists():
        if application.evaluations.filter(round=round_).exists():
            # A dossier sent back for re-evaluation (step 10b) goes into another round.
            raise ValidationError(_("Hồ sơ đã được đánh giá trong đợt này: hãy đưa vào một đợt khác."))
        if round_.level == Level.PROVINCE and application.province_id != round_.province_id:
            raise ValidationError(_("Hồ sơ không thuộc tỉnh của đợt đánh giá."))
        expected = ApplicationStatus.RECEIVED if round_.level == Level.PROVINCE else ApplicationStatus.PROPOSED_5
        raise ValidationError(
            _("Chỉ đưa vào đợt hồ sơ ở trạng thái “%(expected)s” (hồ sơ này: “%(status)s”).")
            % {"expected": expected.label, "status": application.get_status_display()}
        )
    if not SheetNode.objects.filter(criteria_set_id=application.criteria_set_id).exists():
        raise ValidationError(_("Bộ tiêu chí của hồ sơ chưa có phiếu đánh giá trên hệ thống."))
    evaluation = Evaluation.objects.create(
        application=application,
        round=round_,
        level=round_.level,
        legal_version_id=application.legal_version_id,
        criteria_set_id=application.criteria_set_id,
    )
    audit.record(actor=by, action="create", obj=evaluation, after=audit.snapshot(evaluation, EVALUATION_FIELDS))
    if round_.level == Level.PROVINCE:
        move(application, to=ApplicationStatus.IN_ROUND, by=by, note=round_.name)
    else:
        audit.record(actor=by, action="assign", obj=application, note=round_.name)
    invite_to_score(evaluation, users=people.scoring_members(round_))
    return evaluation


def invite_to_score(evaluation: Evaluation, *, users) -> None:
    """The invitation to score a session, sent when a dossier is assigned and to a member seated later."""
    notify(
        users=users,
        message=_("Hồ sơ %(product)s được đưa vào %(round)s: mời chấm điểm.")
        % {"product": evaluation.application.product.name, "round": evaluation.round.name},
        url=evaluation.get_absolute_url(),
    )


@transaction.atomic
def remove_from_round(*, evaluation: Evaluation, by: User) -> None:
    """Take a dossier out of a round before anyone has scored it: the session is deleted and a provincial
    dossier goes back to RECEIVED. Side effect: audit entries."""
    if not can_manage_round(by, evaluation.round):
        raise PermissionDenied
    evaluation = Evaluation.objects.select_for_update().select_related("application", "round").get(pk=evaluation.pk)
    if evaluation.status != Evaluation.Status.OPEN or evaluation.sheets.exists():
        raise ValidationError(_("Hồ sơ đã có phiếu chấm, không rút khỏi đợt được."))
    if evaluation.site_visits.exists() or evaluation.decisions.exists():
        raise ValidationError(_("Hồ sơ đã có kết quả khảo sát, kiểm nghiệm: không rút khỏi đợt được."))
    application = evaluation.application
    audit.record(actor=by, action="delete", obj=evaluation, before=audit.snapshot(evaluation, EVALUATION_FIELDS))
    evaluation.delete()
    if evaluation.level == Level.PROVINCE:
        move(
            application,
            to=ApplicationStatus.RECEIVED,
            by=by,
            note=_("Rút khỏi %(round)s") % {"round": evaluation.round.name},
        )
    else:
        audit.record(actor=by, action="unassign", obj=application, note=evaluation.round.name)


@transaction.atomic
def record_site_visit(*, evaluation: Evaluation, kind: str, date: datetime.date, findings: str, by: User) -> SiteVisit:
    """Record a site visit, an extra quality test or a request for documents made for a dossier in an open
    session. Side effects: audit entry; for a test or documents request, the producer and the commune are
    told what is asked."""
    if not can_record_site_visit(by, evaluation):
        raise PermissionDenied
    require_inspection_ground(evaluation=evaluation, kind=kind)
    errors: dict[str, list[str]] = {}
    if kind not in SiteVisit.Kind.values:
        errors["kind"] = [_("Chọn loại công việc.")]
    if date is None:
        errors["date"] = [_("Nhập ngày.")]
    elif date > timezone.localdate():
        errors["date"] = [_("Ngày không được ở tương lai.")]
    if not (findings or "").strip():
        errors["findings"] = [_("Ghi kết quả khảo sát hoặc nội dung yêu cầu.")]
    if errors:
        raise ValidationError(errors)
    visit = SiteVisit.objects.create(
        evaluation=evaluation, kind=kind, date=date, findings=findings.strip(), recorded_by=by
    )
    audit.record(
        actor=by,
        action="create",
        obj=evaluation,
        after={"kind": kind, "date": date.isoformat(), "findings": visit.findings},
    )
    if kind in (SiteVisit.Kind.TEST, SiteVisit.Kind.DOCUMENTS):
        application = evaluation.application
        notify(
            users=people.producer_and_commune(dossier=application),
            message=_("%(kind)s cho hồ sơ %(product)s: %(findings)s")
            % {"kind": visit.get_kind_display(), "product": application.product.name, "findings": visit.findings},
            url=application.get_absolute_url(),
        )
    return visit
