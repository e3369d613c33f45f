"""Who may do what in an evaluation round. Seeing is decided by `Round/Evaluation/MemberSheet.objects.visible_to`;
these predicates decide acting, for views, templates and domain functions alike.

- A provincial round is organised by its province's OCOP officers; a central round by ministry officers. A
  system administrator may act for either (data entry, corrections).
- Council members (chair and members) score; the chair closes and reopens a session. The advisory team
  (and the organisers) record site visits, extra tests and document requests.
- Results are decided by the officers who record the competent authority's decisions: the province's OCOP
  officers for a provincial result (and for a central result returned below 90), ministry officers for a
  central result."""

from accounts import scope
from accounts.models import Role
from dossiers.models import ApplicationStatus

from .models import CouncilMembership, Evaluation, Level, Round


def can_organise(user, *, level: str, province_id: int | None) -> bool:
    """Create and run rounds of `level` (for `province_id`), set up their councils, edit the regulation."""
    if not user.is_authenticated:
        return False
    if user.role == Role.SYSADMIN:
        return True
    if level == Level.CENTRAL:
        return user.role == Role.MINISTRY_OFFICER
    return user.role == Role.PROVINCE_OFFICER and scope.works_in(user, province_id)


def organiser_level(user) -> tuple[str, int | None] | None:
    """The level (and province) of the rounds this user creates and whose regulation they set, if any: a
    province officer their province's, a ministry officer (or a system administrator) the central council's."""
    if not user.is_authenticated:
        return None
    if user.role == Role.PROVINCE_OFFICER and user.area_id:
        return Level.PROVINCE, user.area_id
    if user.role in (Role.MINISTRY_OFFICER, Role.SYSADMIN):
        return Level.CENTRAL, None
    return None


def can_manage_round(user, round_: Round) -> bool:
    return can_organise(user, level=round_.level, province_id=round_.province_id)


def membership_of(user, round_: Round) -> CouncilMembership | None:
    """The user's seat in the round's council, if any (uses the prefetched memberships when there are)."""
    if not user.is_authenticated:
        return None
    return next((m for m in round_.memberships.all() if m.user_id == user.pk), None)


def is_scoring_member(user, round_: Round) -> bool:
    membership = membership_of(user, round_)
    return membership is not None and membership.scores


def is_chair(user, round_: Round) -> bool:
    membership = membership_of(user, round_)
    return membership is not None and membership.role == CouncilMembership.Role.CHAIR


def can_score(user, evaluation: Evaluation) -> bool:
    """Fill in and submit one's own sheet: a council member of the round while the session is open."""
    return (
        evaluation.status == Evaluation.Status.OPEN
        and evaluation.round.status != Round.Status.CLOSED
        and is_scoring_member(user, evaluation.round)
    )


def can_record_site_visit(user, evaluation: Evaluation) -> bool:
    """The round's organisers and its advisory team, while the session is open."""
    if evaluation.status != Evaluation.Status.OPEN:
        return False
    membership = membership_of(user, evaluation.round)
    if membership is not None and membership.role == CouncilMembership.Role.ADVISOR:
        return True
    return can_manage_round(user, evaluation.round)


def can_decide(user, evaluation: Evaluation) -> bool:
    """Record the decision on a closed session's result (see module docstring for who)."""
    if not user.is_authenticated:
        return False
    application = evaluation.application
    if application.status == ApplicationStatus.CENTRAL_SCORED and evaluation.level == Level.CENTRAL:
        return can_organise(user, level=Level.CENTRAL, province_id=None)
    provincial_step = (evaluation.level == Level.PROVINCE and application.status == ApplicationStatus.SCORED) or (
        evaluation.level == Level.CENTRAL and application.status == ApplicationStatus.RETURNED_TO_PROVINCE
    )
    return provincial_step and can_organise(user, level=Level.PROVINCE, province_id=application.province_id)


def eligible_member_roles(*, level: str, seat: str) -> set[str]:
    """Account roles that may take `seat` in a council of `level`: council accounts for chair and members,
    advisory accounts for the advisory team; in a central council, ministry officers too."""
    roles = {Role.ADVISORY_MEMBER} if seat == CouncilMembership.Role.ADVISOR else {Role.COUNCIL_MEMBER}
    if level == Level.CENTRAL:
        roles.add(Role.MINISTRY_OFFICER)
    return roles
