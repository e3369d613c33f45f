"""Council members' own score sheets: saving a draft at any time, submitting it once complete.

Each member writes only their own MemberSheet row, under a lock on the session's row (the lock that closing
the session also takes), so members submitting at the same moment never lose each other's score and nobody
can submit into a session that has just been closed. A submission is one transaction: if the engine finds
the sheet incomplete or invalid, nothing of it is saved."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from accounts.models import User
from audit import domain as audit
from criteria.sheets import sheet_for
from notifications.domain import notify
from scoring import Sheet, SheetError, rank

from ..models import Evaluation, MemberSheet, Round
from ..rules import is_scoring_member
from ._common import engine_sheet, run_atomic

SHEET_FIELDS = ["choices", "knockouts", "stops", "comment", "total", "submitted_at"]


def member_key(user: User) -> str:
    """How a member is named in the engine's input and in the stored result."""
    return user.get_username()


def _open_session(evaluation: Evaluation, member: User) -> Evaluation:
    """The session's row, locked for this transaction, after checking that `member` may write in it."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not is_scoring_member(member, locked.round):
        raise PermissionDenied
    if locked.status != Evaluation.Status.OPEN or locked.round.status == Round.Status.CLOSED:
        raise ValidationError(_("Phiên đánh giá đã kết thúc: không nhận phiếu chấm."), code="closed")
    return locked


def _structure_errors(sheet: Sheet, values: MemberSheet) -> list[str]:
    """What in a (possibly incomplete) sheet does not exist on the criteria set's sheet."""
    leaves = {leaf.code: leaf for leaf in sheet.leaves}
    errors = []
    for code, position in values.choices.items():
        leaf = leaves.get(code)
        if leaf is None:
            errors.append(_("Không có tiêu chí %(code)s trong phiếu này.") % {"code": code})
            continue
        low, high = leaf.positions
        if type(position) is not int or not low <= position <= high:
            errors.append(_("Tiêu chí %(code)s không có phương án %(choice)s.") % {"code": code, "choice": position})
    if any(type(i) is not int or not 0 <= i < len(sheet.knockouts) for i in values.knockouts):
        errors.append(_("Dòng “Hồ sơ bị loại khi” không hợp lệ."))
    if any(code not in sheet.stop_rules for code in values.stops):
        errors.append(_("Điều kiện dừng không hợp lệ."))
    return errors


def _apply(
    row: MemberSheet,
    *,
    choices: Mapping[str, int | None] | None,
    knockouts: Iterable[int] | None,
    stops: Iterable[str] | None,
    comment: str | None,
    merge: bool,
) -> None:
    if choices is not None:
        merged = dict(row.choices) if merge else {}
        for code, position in choices.items():
            if position is None or position == "":
                merged.pop(code, None)
            else:
                merged[code] = position
        row.choices = merged
    if knockouts is not None:
        row.knockouts = sorted(set(knockouts))
    if stops is not None:
        row.stops = sorted(set(stops))
    if comment is not None:
        row.comment = comment.strip()


def save_sheet(
    *,
    evaluation: Evaluation,
    member: User,
    choices: Mapping[str, int | None] | None = None,
    knockouts: Iterable[int] | None = None,
    stops: Iterable[str] | None = None,
    comment: str | None = None,
    merge: bool = False,
) -> MemberSheet:
    """Save `member`'s draft sheet (it may be incomplete). Arguments left as None keep their saved value;
    with `merge`, `choices` updates only the criteria it names (a None position clears one), which is how a
    single criterion is saved. Refused once the sheet is submitted or the session closed.
    Side effect: audit entry with the change."""

    def work() -> MemberSheet:
        locked = _open_session(evaluation, member)
        row, _created = MemberSheet.objects.get_or_create(evaluation=locked, member=member)
        if row.submitted_at is not None:
            raise ValidationError(_("Phiếu đã nộp, không sửa được."), code="submitted")
        before = audit.snapshot(row, SHEET_FIELDS)
        _apply(row, choices=choices, knockouts=knockouts, stops=stops, comment=comment, merge=merge)
        errors = _structure_errors(sheet_for(locked.criteria_set), engine_sheet(row, member_key(member)))
        if errors:
            raise ValidationError(errors)
        row.save()
        audit.record(actor=member, action="update", obj=row, before=before, after=audit.snapshot(row, SHEET_FIELDS))
        return row

    return run_atomic(work)


def submit_sheet(
    *,
    evaluation: Evaluation,
    member: User,
    choices: Mapping[str, int | None] | None = None,
    knockouts: Iterable[int] | None = None,
    stops: Iterable[str] | None = None,
    comment: str | None = None,
) -> MemberSheet:
    """Submit `member`'s sheet, with the values given (those left as None keep the draft's). The engine
    checks it is complete and valid; if not, a ValidationError lists the problems and nothing is saved, the
    draft included. Refused after the session is closed, and for a sheet already submitted.
    A re-evaluation decided by written opinions needs the member's opinion written in the sheet.
    Side effects: the sheet's total and submission time; audit entry; when every council member has
    submitted, the chair is told the session can be closed."""

    def work() -> MemberSheet:
        locked = _open_session(evaluation, member)
        row, _created = MemberSheet.objects.get_or_create(evaluation=locked, member=member)
        if row.submitted_at is not None:
            raise ValidationError(_("Phiếu đã nộp."), code="submitted")
        before = audit.snapshot(row, SHEET_FIELDS)
        _apply(row, choices=choices, knockouts=knockouts, stops=stops, comment=comment, merge=False)
        if locked.in_written_mode and not row.comment:
            raise ValidationError(
                {
                    "comment": [
                        _("Hội đồng lấy ý kiến bằng văn bản về hồ sơ đánh giá lại này: hãy ghi ý kiến của anh/chị.")
                    ]
                }
            )
        # Written before the engine's check on purpose: a refusal below must roll this back too.
        row.save()
        key = member_key(member)
        try:
            result = rank(sheet_for(locked.criteria_set), [engine_sheet(row, key)])
        except SheetError as error:
            raise ValidationError([message for messages in error.errors.values() for message in messages]) from error
        row.total = result.member_totals[key]
        row.submitted_at = timezone.now()
        row.save(update_fields=["total", "submitted_at", "updated_at"])
        audit.record(actor=member, action="submit", obj=row, before=before, after=audit.snapshot(row, SHEET_FIELDS))
        tell_chair_when_all_submitted(locked)
        return row

    return run_atomic(work)


def tell_chair_when_all_submitted(evaluation: Evaluation) -> None:
    """Tell the chair the session can be closed, once every seated scoring member has submitted."""
    members = people.scoring_members(evaluation.round)
    submitted = evaluation.sheets.filter(submitted_at__isnull=False, member__in=members).count()
    chair = people.chair_of(evaluation.round)
    if chair is not None and submitted == len(members):
        notify(
            users=[chair],
            message=_("Tất cả %(count)d thành viên đã nộp phiếu chấm hồ sơ %(product)s: mời kết thúc phiên đánh giá.")
            % {"count": submitted, "product": evaluation.application.product.name},
            url=evaluation.get_absolute_url(),
        )
