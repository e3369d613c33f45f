"""Rounds and their councils (QĐ 26/2026 Điều 7.3.b–c, 7.4.b): creating a round, setting up its council and
advisory team, the council's regulation, and the round's own life (open → scoring → closed)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit import domain as audit
from criteria.models import LegalVersion
from notifications.domain import notify

from ..models import CouncilMembership, CouncilRegulation, Evaluation, Level, MemberSheet, Round
from ..rules import can_manage_round, can_organise, eligible_member_roles
from ._common import regulation_of
from .assignment import invite_to_score
from .sheets import tell_chair_when_all_submitted

# What the organisers give and may change of a round (`create_round`, `update_round`); the status moves on its own.
ROUND_EDITABLE = ["name", "proposal_cutoff", "evaluate_by", "council_decision"]
ROUND_FIELDS = [*ROUND_EDITABLE, "status"]
NOT_ELIGIBLE = gettext_lazy("Tài khoản này không thể tham gia hội đồng của đợt (sai vai trò, địa bàn, hoặc đã có tên).")


def _legal_version_on(day: datetime.date) -> LegalVersion:
    """The decision in force on `day` (the newest one if none covers it)."""
    versions = LegalVersion.objects.order_by("-effective_from")
    in_force = versions.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day)
    return in_force.first() or versions.first()


def _check_round_fields(*, name: str, proposal_cutoff, evaluate_by) -> None:
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Nhập tên đợt đánh giá.")]
    if proposal_cutoff is None:
        errors["proposal_cutoff"] = [_("Nhập hạn đề xuất hồ sơ.")]
    if evaluate_by is None:
        errors["evaluate_by"] = [_("Nhập hạn hoàn thành đánh giá.")]
    elif proposal_cutoff is not None and evaluate_by <= proposal_cutoff:
        errors["evaluate_by"] = [_("Hạn hoàn thành đánh giá phải sau hạn đề xuất hồ sơ.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_round(
    *,
    by: User,
    level: str,
    province,
    name: str,
    proposal_cutoff: datetime.date,
    evaluate_by: datetime.date,
    council_decision: str = "",
) -> Round:
    """Create an evaluation round of `level` (a province's, or the central council's when `province` is None),
    open for dossiers. Its legal version is the decision in force on the proposal cut-off. Dates outside the
    statutory calendar are allowed (see `evaluation.calendar.date_warnings`). Side effect: audit entry."""
    province_id = province.pk if province is not None and level == Level.PROVINCE else None
    if level == Level.PROVINCE and province_id is None:
        raise ValidationError({"province": [_("Chọn tỉnh của đợt đánh giá.")]})
    if not can_organise(by, level=level, province_id=province_id):
        raise PermissionDenied
    _check_round_fields(name=name, proposal_cutoff=proposal_cutoff, evaluate_by=evaluate_by)
    round_ = Round.objects.create(
        level=level,
        province_id=province_id,
        name=name.strip(),
        proposal_cutoff=proposal_cutoff,
        evaluate_by=evaluate_by,
        council_decision=council_decision.strip(),
        legal_version=_legal_version_on(proposal_cutoff),
    )
    audit.record(actor=by, action="create", obj=round_, after=audit.snapshot(round_, ROUND_FIELDS))
    return round_


@transaction.atomic
def update_round(
    *,
    round_: Round,
    by: User,
    name: str,
    proposal_cutoff: datetime.date,
    evaluate_by: datetime.date,
    council_decision: str = "",
) -> Round:
    """Change a round's name, dates or council decision number while it is not closed. Side effect: audit."""
    if not can_manage_round(by, round_):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == Round.Status.CLOSED:
        raise ValidationError(_("Đợt đánh giá đã kết thúc, không sửa được."))
    _check_round_fields(name=name, proposal_cutoff=proposal_cutoff, evaluate_by=evaluate_by)
    before = audit.snapshot(round_, ROUND_FIELDS)
    round_.name, round_.proposal_cutoff, round_.evaluate_by = name.strip(), proposal_cutoff, evaluate_by
    round_.council_decision = council_decision.strip()
    round_.save()
    audit.record(actor=by, action="update", obj=round_, before=before, after=audit.snapshot(round_, ROUND_FIELDS))
    return round_


ROUND_STEPS = {
    Round.Status.OPEN: {Round.Status.SCORING, Round.Status.CLOSED},
    Round.Status.SCORING: {Round.Status.OPEN, Round.Status.CLOSED},
    Round.Status.CLOSED: set(),
}


@transaction.atomic
def set_round_status(*, round_: Round, status: str, by: User) -> Round:
    """Move a round: OPEN (taking dossiers) ⇄ SCORING (no more dossiers) → CLOSED. A round closes only when
    every session in it is closed. Side effect: audit entry."""
    if not can_manage_round(by, round_):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if status not in Round.Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if status not in ROUND_STEPS[round_.status]:
        raise ValidationError(
            _("Đợt đang ở trạng thái “%(current)s”, không thể chuyển sang “%(target)s”.")
            % {"current": round_.get_status_display(), "target": Round.Status(status).label}
        )
    if status == Round.Status.CLOSED and round_.evaluations.filter(status=Evaluation.Status.OPEN).exists():
        raise ValidationError(_("Còn hồ sơ chưa kết thúc phiên chấm điểm: chưa thể kết thúc đợt."))
    before = audit.snapshot(round_, ["status"])
    round_.status = status
    round_.save(update_fields=["status"])
    audit.record(actor=by, action="transition", obj=round_, before=before, after={"status": status})
    return round_


@transaction.atomic
def set_regulation(*, province, quorum: int, max_gap: Decimal, by: User) -> CouncilRegulation:
    """Set the council's regulation (Quy chế) as data: the province's, or the central council's when
    `province` is None. Side effect: audit entry."""
    province_id = province.pk if province is not None else None
    level = Level.PROVINCE if province_id else Level.CENTRAL
    if not can_organise(by, level=level, province_id=province_id):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if quorum is None or quorum < 1:
        errors["quorum"] = [_("Số thành viên tối thiểu phải từ 1 trở lên.")]
    if max_gap is None or max_gap <= 0:
        errors["max_gap"] = [_("Mức chênh lệch tối đa phải lớn hơn 0.")]
    if errors:
        raise ValidationError(errors)
    regulation = regulation_of(province_id)
    before = audit.snapshot(regulation, ["quorum", "max_gap"]) if regulation.pk else None
    regulation.quorum, regulation.max_gap = quorum, max_gap
    regulation.save()
    # Audit what is stored (to the field's two decimals), whichever way the value was written.
    regulation.refresh_from_db(fields=["max_gap"])
    audit.record(
        actor=by,
        action="update" if before else "create",
        obj=regulation,
        before=before,
        after=audit.snapshot(regulation, ["quorum", "max_gap"]),
    )
    return regulation


def eligible_accounts(round_: Round, *, seat: str):
    """Active accounts that may take `seat` in the round's council: the province's council (or advisory)
    accounts for a provincial round; national council/advisory accounts and ministry officers for the
    central council. Accounts already seated are left out."""
    users = User.objects.filter(is_active=True, role__in=eligible_member_roles(level=round_.level, seat=seat))
    users = users.filter(area_id=round_.province_id) if round_.level == Level.PROVINCE else users.filter(area=None)
    return users.exclude(council_memberships__round=round_).order_by("last_name", "first_name", "username")


@transaction.atomic
def add_member(*, round_: Round, user: User, role: str, by: User, agency: str = "") -> CouncilMembership:
    """Seat `user` in the round's council as chair, member or advisory-team member. One chair per round.
    Side effects: audit entry; the new member is notified of the seat and, as chair or member, invited to score
    each session of the round still open, as the members seated before them were when the dossier was assigned
    (their sheet is created when they first save it)."""
    if not can_manage_round(by, round_):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == Round.Status.CLOSED:
        raise ValidationError(_("Đợt đánh giá đã kết thúc."))
    if role not in CouncilMembership.Role.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    if not eligible_accounts(round_, seat=role).filter(pk=user.pk).exists():
        raise ValidationError({"user": [NOT_ELIGIBLE]})
    if role == CouncilMembership.Role.CHAIR and round_.memberships.filter(role=role).exists():
        raise ValidationError({"role": [_("Hội đồng đã có chủ tịch.")]})
    membership = CouncilMembership.objects.create(round=round_, user=user, role=role, agency=agency.strip())
    audit.record(
        actor=by,
        action="create",
        obj=round_,
        after={"member": user.get_username(), "role": role, "agency": membership.agency},
        note=_("Thêm thành viên hội đồng"),
    )
    notify(
        users=[user],
        message=_("Anh/chị được phân công là %(role)s của %(round)s.")
        % {"role": membership.get_role_display().lower(), "round": round_.name},
        url=round_.get_absolute_url(),
    )
    if membership.scores:
        for evaluation in _open_sessions(round_):
            invite_to_score(evaluation, users=[user])
    return membership


def _open_sessions(round_: Round):
    return round_.evaluations.filter(status=Evaluation.Status.OPEN).select_related("application__product", "round")


@transaction.atomic
def remove_member(*, membership: CouncilMembership, by: User) -> None:
    """Take a seat away. Refused while its holder has a submitted sheet in the round: a submitted score is
    never dropped from a result. Unsubmitted drafts stay as they are but no longer count: only seated members
    submit, and closing counts only submitted sheets (seated again, the member finds their draft).
    Side effects: audit entry; the member is told; in each open session where every remaining member has
    now submitted, the chair is told the session can be closed."""
    if not can_manage_round(by, membership.round):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=membership.round_id)
    if round_.status == Round.Status.CLOSED:
        raise ValidationError(_("Đợt đánh giá đã kết thúc."))
    sheets = MemberSheet.objects.filter(evaluation__round=round_, member_id=membership.user_id)
    if sheets.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("Thành viên đã nộp phiếu chấm trong đợt này, không thể rút khỏi hội đồng."))
    user = membership.user
    audit.record(
        actor=by,
        action="delete",
        obj=round_,
        before={
            "member": user.get_username(),
            "role": membership.role,
            "drafts": [sheet.evaluation.code for sheet in sheets.select_related("evaluation")],
        },
        note=_("Rút thành viên khỏi hội đồng"),
    )
    role = membership.get_role_display().lower()
    membership.delete()
    notify(
        users=[user],
        message=_("Anh/chị không còn là %(role)s của %(round)s.") % {"role": role, "round": round_.name},
    )
    for evaluation in _open_sessions(round_):
        tell_chair_when_all_submitted(evaluation)
