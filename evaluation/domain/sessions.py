"""Closing a council session and, when members' totals diverge beyond the regulation, reopening it for
re-discussion and re-scoring."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from accounts.models import User
from audit import domain as audit
from core.formatting import points
from criteria.sheets import sheet_for
from dossiers.domain.transitions import move
from dossiers.models import ApplicationStatus
from notifications.domain import notify
from scoring import SheetError, rank

from ..models import Evaluation, Level, Round
from ..rules import is_chair
from . import opinions
from ._common import (
    EMPTY_RESULT,
    engine_regulation,
    engine_sheet,
    regulation_for,
    result_fields,
    run_atomic,
)
from .sheets import member_key

RESULT_FIELDS = [
    "status",
    "rankable",
    "reason",
    "mean_total",
    "parts",
    "member_totals",
    "criterion_means",
    "band",
    "stars",
    "failed_minimums",
    "divergence_flag",
    "closed_at",
    "closed_by",
]
SCORED = {Level.PROVINCE: ApplicationStatus.SCORED, Level.CENTRAL: ApplicationStatus.CENTRAL_SCORED}
SCORING = {Level.PROVINCE: ApplicationStatus.IN_ROUND, Level.CENTRAL: ApplicationStatus.PROPOSED_5}


def close_evaluation(*, evaluation: Evaluation, by: User) -> Evaluation:
    """The chair closes the session: with at least the regulation's quorum of submitted sheets, the result is
    computed by the engine on the submitted sheets (drafts do not count) and stored as computed (full
    precision); a gap between members' totals above the regulation's maximum is flagged. The session's row
    is locked, so a sheet is either counted or refused, never submitted unseen.
    A re-evaluation still decided by written opinions is concluded from them; but if they diverge beyond the
    regulation's maximum gap, nothing is closed: a meeting is called instead (`opinions.meet`) and the
    session is returned open.
    Side effects: the stored result; the dossier moves to SCORED (central: CENTRAL_SCORED); audit entry; the
    officers who decide on the result are notified."""

    def work() -> Evaluation:
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        round_ = locked.round
        if not is_chair(by, round_):
            raise PermissionDenied
        if locked.status != Evaluation.Status.OPEN:
            raise ValidationError(_("Phiên đánh giá đã kết thúc."), code="closed")
        regulation = regulation_for(round_)
        sheets = list(locked.sheets.filter(submitted_at__isnull=False).select_related("member"))
        if len(sheets) < regulation.quorum:
            raise ValidationError(
                _("Chưa đủ số phiếu theo quy chế hội đồng: đã nộp %(count)d, cần ít nhất %(quorum)d.")
                % {"count": len(sheets), "quorum": regulation.quorum},
                code="quorum",
            )
        try:
            result = rank(
                sheet_for(locked.criteria_set),
                [engine_sheet(sheet, member_key(sheet.member)) for sheet in sheets],
                regulation=engine_regulation(regulation),
            )
        except SheetError as error:
            problems = [f"{member}: {' '.join(messages)}" for member, messages in error.errors.items()]
            raise ValidationError(problems) from error
        written = locked.in_written_mode
        if written and result.divergence_flag:
            return opinions.meet(
                locked, by=by, reason=opinions.divergence_reason(result.member_totals, regulation.max_gap)
            )
        before = audit.snapshot(locked, RESULT_FIELDS)
        for name, value in result_fields(result).items():
            setattr(locked, name, value)
        locked.status = Evaluation.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = by
        locked.save()
        audit.record(
            actor=by,
            action="close",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, RESULT_FIELDS),
            note=_("%(count)d phiếu, quy chế: tối thiểu %(quorum)d, chênh lệch tối đa %(gap)s điểm")
            % {"count": len(sheets), "quorum": regulation.quorum, "gap": points(regulation.max_gap, trim=True)}
            + (_("; kết luận theo ý kiến bằng văn bản, không họp") if written else ""),
        )
        application = locked.application
        move(
            application,
            to=SCORED[locked.level],
            by=by,
            note=_("Điểm trung bình %(mean)s") % {"mean": points(result.mean_total)},
        )
        notify(
            users=people.organisers(round_),
            message=_("Hội đồng đã chấm xong hồ sơ %(product)s: mời ghi nhận quyết định về kết quả.")
            % {"product": application.product.name},
            url=locked.get_absolute_url(),
        )
        return locked

    return run_atomic(work)


def reopen_evaluation(*, evaluation: Evaluation, by: User, reason: str) -> Evaluation:
    """The chair reopens a closed session whose members' totals diverge beyond the regulation, for
    re-discussion and re-scoring, as long as no decision was taken on the result. Every sheet goes back to
    unsubmitted (its choices kept, for the member to revise) and the stored result is cleared.
    Side effects: the dossier moves back to IN_ROUND (central: PROPOSED_5); audit entry with the result that
    is set aside and the reason; the members are asked to score again."""

    def work() -> Evaluation:
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        round_ = locked.round
        if not is_chair(by, round_):
            raise PermissionDenied
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("Ghi lý do mở lại phiếu chấm.")]})
        if locked.status != Evaluation.Status.CLOSED or round_.status == Round.Status.CLOSED:
            raise ValidationError(_("Chỉ mở lại được phiên đã kết thúc, trong đợt còn hoạt động."))
        if not locked.divergence_flag:
            raise ValidationError(
                _("Điểm của các thành viên không chênh lệch quá mức quy định: không mở lại phiếu chấm.")
            )
        application = locked.application
        latest = application.evaluations.filter(level=locked.level).order_by("-created_at", "-id").first()
        # After a re-evaluation (step 10b) the dossier is scored again in another session: an earlier one is
        # history, even in a round that is still open.
        if application.status != SCORED[locked.level] or latest.pk != locked.pk:
            raise ValidationError(_("Đã có quyết định về kết quả này: không mở lại được."))
        before = audit.snapshot(locked, RESULT_FIELDS)
        # Sorted: the audit entry says the same whatever order the database returns the sheets in.
        reopened = sorted(sheet.member.get_username() for sheet in locked.sheets.select_related("member"))
        locked.sheets.update(submitted_at=None, total=None, updated_at=timezone.now())
        for name, value in EMPTY_RESULT.items():
            setattr(locked, name, value)
        locked.status = Evaluation.Status.OPEN
        locked.save()
        audit.record(
            actor=by,
            action="reopen",
            obj=locked,
            before=before,
            after={**audit.snapshot(locked, RESULT_FIELDS), "reopened_sheets": reopened},
            note=reason.strip(),
        )
        move(application, to=SCORING[locked.level], by=by, note=reason.strip())
        notify(
            users=people.scoring_members(round_),
            message=_("Chủ tịch hội đồng mở lại phiếu chấm hồ sơ %(product)s để thảo luận và chấm lại: %(reason)s")
            % {"product": application.product.name, "reason": reason.strip()},
            url=locked.get_absolute_url(),
        )
        return locked

    return run_atomic(work)
