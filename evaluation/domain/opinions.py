"""Re-evaluation at expiry (QĐ 26/2026 Điều 7.6.c–e): the council decides by written opinions and meets only
when the opinions diverge or the case is complex; the provincial OCOP agency inspects the site only for a
product with large changes in its production scale or unclear evidence.

- Written-opinion mode (`Evaluation.by_written_opinion`, from the dossier's kind): each member submits their
  sheet with their opinion written in it (`submit_sheet` requires the text). When the chair concludes
  (`close_evaluation`), the result is decided from the written opinions, unless the members' totals diverge
  beyond the council regulation's maximum gap (the same rule that flags a meeting's divergence): then a
  meeting is called instead (`meet`). The chair may call one at any time for a complex case
  (`call_meeting`, with what is complex). A meeting is called once; after it the session runs as any
  meeting: the members score again, the chair closes, and a divergence is flagged and may be reopened.
- Site inspection: the organisers flag the dossier in the round with a ground (large changes / unclear
  evidence) and the reason (`flag_site_inspection`); only then may a site visit be recorded for it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from accounts.models import User
from audit import domain as audit
from notifications.domain import notify

from ..models import Evaluation, Round, SiteVisit
from ..rules import can_manage_round, is_chair
from ._common import run_atomic
from .sheets import member_key

MEETING_FIELDS = ["meeting_called_at", "meeting_called_by", "meeting_reason", "written_opinions"]
INSPECTION_FIELDS = ["inspection_ground", "inspection_reason"]


def _require_written_mode(evaluation: Evaluation) -> None:
    if not evaluation.by_written_opinion:
        raise ValidationError(
            _("Chỉ hồ sơ đánh giá, phân hạng lại mới được đánh giá bằng hình thức lấy ý kiến bằng văn bản.")
        )
    if evaluation.status != Evaluation.Status.OPEN or evaluation.round.status == Round.Status.CLOSED:
        raise ValidationError(_("Phiên đánh giá đã kết thúc."))
    if evaluation.meeting_called_at is not None:
        raise ValidationError(_("Hội đồng đã được triệu tập họp trực tiếp về hồ sơ này."))


def divergence_reason(member_totals: dict, max_gap) -> str:
    """Why diverging written opinions call a meeting: the gap between the members' totals and the maximum."""
    gap = max(member_totals.values()) - min(member_totals.values())
    return _("Ý kiến của các thành viên chênh lệch %(gap)s điểm, quá mức %(max)s điểm theo quy chế hội đồng.") % {
        "gap": floatformat(gap, -2),
        "max": floatformat(max_gap, -2),
    }


def meet(evaluation: Evaluation, *, by: User, reason: str) -> Evaluation:
    """Turn a written-opinion session into a meeting. Call inside a transaction, on the session's locked row,
    after checking the actor's right. Side effects: the meeting's time, caller and reason; the submitted
    opinions (total, text) kept in `written_opinions`; the submitted sheets back to drafts (choices and
    opinions kept) to be revised after the discussion; audit entry; the council members are told."""
    now = timezone.now()
    before = audit.snapshot(evaluation, MEETING_FIELDS)
    submitted = list(evaluation.sheets.filter(submitted_at__isnull=False).select_related("member"))
    evaluation.written_opinions = {
        member_key(sheet.member): {"total": str(sheet.total), "opinion": sheet.comment} for sheet in submitted
    }
    evaluation.meeting_called_at, evaluation.meeting_called_by, evaluation.meeting_reason = now, by, reason
    evaluation.save(update_fields=MEETING_FIELDS)
    evaluation.sheets.filter(pk__in=[sheet.pk for sheet in submitted]).update(
        submitted_at=None, total=None, updated_at=now
    )
    audit.record(
        actor=by,
        action="meeting",
        obj=evaluation,
        before=before,
        after=audit.snapshot(evaluation, MEETING_FIELDS),
        note=reason,
    )
    notify(
        users=people.scoring_members(evaluation.round),
        message=_(
            "Hội đồng họp trực tiếp về hồ sơ đánh giá lại %(product)s: %(reason)s Phiếu đã nộp được mở lại để "
            "chấm sau khi thảo luận."
        )
        % {"product": evaluation.application.product.name, "reason": reason},
        url=evaluation.get_absolute_url(),
    )
    return evaluation


def call_meeting(*, evaluation: Evaluation, by: User, reason: str) -> Evaluation:
    """The chair calls the council to meet on a re-evaluation decided by written opinions, because the case
    is complex. Validates: `by` chairs the round's council; the session is open, in written-opinion mode, and
    no meeting was called; what is complex is written. Side effects: those of `meet`."""

    def work() -> Evaluation:
        locked = (
            Evaluation.objects.select_for_update().select_related("round", "application__product").get(pk=evaluation.pk)
        )
        if not is_chair(by, locked.round):
            raise PermissionDenied
        _require_written_mode(locked)
        text = (reason or "").strip()
        if not text:
            raise ValidationError({"reason": [_("Ghi nội dung phức tạp cần họp để thảo luận.")]})
        return meet(locked, by=by, reason=_("Có nội dung phức tạp cần thảo luận: %(reason)s") % {"reason": text})

    return run_atomic(work)


def flag_site_inspection(*, evaluation: Evaluation, by: User, ground: str, reason: str) -> Evaluation:
    """The provincial OCOP agency flags a re-evaluation dossier in the round for a site inspection: its
    production scale changed a lot, or its evidence is unclear (Điều 7.6.c). Validates: `by` organises the
    round; the session is open and is a re-evaluation; a ground and the reason. Side effects: the flag (it may
    be changed while the session is open); audit entry; the advisory team, the producer and the commune are
    told."""

    def work() -> Evaluation:
        locked = (
            Evaluation.objects.select_for_update().select_related("round", "application__product").get(pk=evaluation.pk)
        )
        if not can_manage_round(by, locked.round):
            raise PermissionDenied
        if not locked.by_written_opinion:
            raise ValidationError(_("Chỉ hồ sơ đánh giá, phân hạng lại mới cần đánh dấu kiểm tra thực tế."))
        if locked.status != Evaluation.Status.OPEN:
            raise ValidationError(_("Phiên đánh giá đã kết thúc."))
        errors: dict[str, list[str]] = {}
        if ground not in Evaluation.InspectionGround.values:
            errors["ground"] = [_("Chọn căn cứ: thay đổi lớn về quy mô sản xuất hoặc minh chứng không rõ ràng.")]
        if not (reason or "").strip():
            errors["reason"] = [_("Ghi lý do cần kiểm tra thực tế tại cơ sở.")]
        if errors:
            raise ValidationError(errors)
        before = audit.snapshot(locked, INSPECTION_FIELDS)
        locked.inspection_ground, locked.inspection_reason = ground, reason.strip()
        locked.save(update_fields=INSPECTION_FIELDS)
        audit.record(
            actor=by, action="update", obj=locked, before=before, after=audit.snapshot(locked, INSPECTION_FIELDS)
        )
        application = locked.application
        notify(
            users=[*people.advisors(locked.round), *people.producer_and_commune(dossier=application)],
            message=_(
                "Cơ quan OCOP tỉnh kiểm tra thực tế tại cơ sở sản xuất sản phẩm %(product)s (%(ground)s): %(reason)s"
            )
            % {
                "product": application.product.name,
                "ground": locked.get_inspection_ground_display().lower(),
                "reason": locked.inspection_reason,
            },
            url=locked.get_absolute_url(),
        )
        return locked

    return run_atomic(work)


def require_inspection_ground(*, evaluation: Evaluation, kind: str) -> None:
    """A site visit to a re-evaluation's production site needs the dossier flagged first (Điều 7.6.c)."""
    if kind == SiteVisit.Kind.VISIT and evaluation.by_written_opinion and not evaluation.inspection_ground:
        raise ValidationError(
            _(
                "Đánh giá, phân hạng lại: chỉ kiểm tra thực tế tại cơ sở khi hồ sơ được đánh dấu có thay đổi lớn "
                "về quy mô sản xuất hoặc minh chứng không rõ ràng."
            )
        )
