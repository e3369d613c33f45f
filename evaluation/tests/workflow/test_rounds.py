import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from audit.models import AuditEntry
from conftest import make_user
from evaluation import domain
from evaluation.domain._common import regulation_of
from evaluation.models import CouncilMembership, CouncilRegulation, Level, Round
from notifications.models import Notification

from .conftest import submit_all


def test_create_round_records_dates_version_and_audit(erin):
    round_ = domain.create_round(
        by=erin,
        level=Level.PROVINCE,
        province=erin.area,
        name="Đợt 1 năm 2026",
        proposal_cutoff=datetime.date(2026, 4, 30),
        evaluate_by=datetime.date(2026, 6, 30),
    )
    assert (round_.province, round_.status) == (erin.area, Round.Status.OPEN)
    # 30/04/2026 is before QĐ 26/2026 took effect: the transitional 148+1489 rules were in force.
    assert round_.legal_version.code == "QD148_1489_2025"
    assert AuditEntry.objects.filter(object_id=str(round_.pk), action="create").count() == 1


def test_create_round_takes_the_version_in_force_on_the_cutoff(erin):
    round_ = domain.create_round(
        by=erin,
        level=Level.PROVINCE,
        province=erin.area,
        name="Đợt 2",
        proposal_cutoff=datetime.date(2026, 10, 30),
        evaluate_by=datetime.date(2026, 12, 30),
    )
    assert round_.legal_version.code == "QD26_2026"


def test_create_round_refuses_evaluation_before_cutoff(erin):
    with pytest.raises(ValidationError) as error:
        domain.create_round(
            by=erin,
            level=Level.PROVINCE,
            province=erin.area,
            name="Đợt",
            proposal_cutoff=datetime.date(2026, 6, 30),
            evaluate_by=datetime.date(2026, 6, 1),
        )
    assert "evaluate_by" in error.value.error_dict


@pytest.mark.parametrize("persona", ["frank", "council", "carol", "minh", "alice"])
def test_create_provincial_round_only_by_the_provinces_officer(request, hanoi, persona):
    with pytest.raises(PermissionDenied):
        domain.create_round(
            by=request.getfixturevalue(persona),
            level=Level.PROVINCE,
            province=hanoi,
            name="Đợt",
            proposal_cutoff=datetime.date(2026, 4, 30),
            evaluate_by=datetime.date(2026, 6, 30),
        )
    assert not Round.objects.exists()


@pytest.mark.parametrize("persona", ["erin", "council"])
def test_create_central_round_only_by_the_ministry(request, persona):
    with pytest.raises(PermissionDenied):
        domain.create_round(
            by=request.getfixturevalue(persona),
            level=Level.CENTRAL,
            province=None,
            name="Đợt TW",
            proposal_cutoff=datetime.date(2026, 7, 30),
            evaluate_by=datetime.date(2026, 9, 30),
        )


def test_add_member_seats_and_notifies(round_, erin, council):
    membership = domain.add_member(round_=round_, user=council, role=CouncilMembership.Role.CHAIR, by=erin)
    assert membership.scores
    assert Notification.objects.filter(recipient=council, url=round_.get_absolute_url()).count() == 1


def test_add_member_refuses_a_second_chair(round_, erin, members):
    domain.add_member(round_=round_, user=members[0], role=CouncilMembership.Role.CHAIR, by=erin)
    with pytest.raises(ValidationError) as error:
        domain.add_member(round_=round_, user=members[1], role=CouncilMembership.Role.CHAIR, by=erin)
    assert "role" in error.value.error_dict


def test_add_member_refuses_another_provinces_council_account(round_, erin, ninh_binh):
    outsider = make_user("hd_nb", Role.COUNCIL_MEMBER, ninh_binh)
    with pytest.raises(ValidationError):
        domain.add_member(round_=round_, user=outsider, role=CouncilMembership.Role.MEMBER, by=erin)


@pytest.mark.parametrize(
    ("seat", "persona", "allowed"),
    [
        (CouncilMembership.Role.MEMBER, "council", True),
        (CouncilMembership.Role.MEMBER, "advisor", False),
        (CouncilMembership.Role.ADVISOR, "advisor", True),
        (CouncilMembership.Role.ADVISOR, "council", False),
        (CouncilMembership.Role.MEMBER, "carol", False),
        (CouncilMembership.Role.MEMBER, "inspector", False),
    ],
)
def test_council_seats_come_from_council_and_advisory_accounts(request, round_, erin, seat, persona, allowed):
    user = request.getfixturevalue(persona)
    assert domain.eligible_accounts(round_, seat=seat).filter(pk=user.pk).exists() == allowed


def test_central_council_takes_national_accounts(central_round, minh, council):
    assert domain.eligible_accounts(central_round, seat=CouncilMembership.Role.MEMBER).filter(pk=minh.pk).exists()
    # A provincial council account does not sit on the central council.
    assert (
        not domain.eligible_accounts(central_round, seat=CouncilMembership.Role.MEMBER).filter(pk=council.pk).exists()
    )


def test_add_member_refused_to_others(round_, frank, council):
    with pytest.raises(PermissionDenied):
        domain.add_member(round_=round_, user=council, role=CouncilMembership.Role.MEMBER, by=frank)


def test_remove_member_before_scoring(round_, erin, council):
    membership = domain.add_member(round_=round_, user=council, role=CouncilMembership.Role.MEMBER, by=erin)
    domain.remove_member(membership=membership, by=erin)
    assert not round_.memberships.exists()


def test_remove_member_refused_once_they_scored(evaluation_a, members, erin, criteria_set):
    from .conftest import four_star

    submit_all(evaluation_a, members[1:2], four_star(criteria_set))
    membership = evaluation_a.round.memberships.get(user=members[1])
    with pytest.raises(ValidationError):
        domain.remove_member(membership=membership, by=erin)
    assert evaluation_a.round.memberships.filter(pk=membership.pk).exists()


def test_member_added_after_assignment_is_invited_to_score_the_open_sessions(
    evaluation_a, members, erin, council, criteria_set, product_b
):
    from .conftest import five_star, received_application

    assigned_later = domain.assign_to_round(
        round_=evaluation_a.round, application=received_application(product_b), by=erin
    )
    submit_all(evaluation_a, members, five_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    invitation = Notification.objects.get(recipient=members[1], url=assigned_later.get_absolute_url()).message

    domain.add_member(round_=evaluation_a.round, user=council, role=CouncilMembership.Role.MEMBER, by=erin)

    # The invitation the others got, for the session still open; none for the closed one.
    received = Notification.objects.filter(recipient=council).exclude(url=evaluation_a.round.get_absolute_url())
    assert [(n.message, n.url) for n in received] == [(invitation, assigned_later.get_absolute_url())]
    domain.submit_sheet(evaluation=assigned_later, member=council, choices=five_star(criteria_set))
    assert assigned_later.sheets.get(member=council).submitted_at is not None


def test_advisor_added_after_assignment_gets_no_scoring_invitation(evaluation_a, erin, hanoi):
    late_advisor = make_user("tuvan_moi", Role.ADVISORY_MEMBER, hanoi)
    domain.add_member(round_=evaluation_a.round, user=late_advisor, role=CouncilMembership.Role.ADVISOR, by=erin)
    assert [n.url for n in Notification.objects.filter(recipient=late_advisor)] == [
        evaluation_a.round.get_absolute_url()
    ]


def test_removed_member_is_told(round_, erin, council):
    membership = domain.add_member(round_=round_, user=council, role=CouncilMembership.Role.MEMBER, by=erin)
    domain.remove_member(membership=membership, by=erin)
    notice = Notification.objects.filter(recipient=council).order_by("-id").first()
    assert notice.message == f"Anh/chị không còn là thành viên hội đồng của {round_.name}."


def test_removing_a_member_keeps_their_draft_sheet_out_of_the_count(evaluation_a, members, erin, criteria_set):
    from .conftest import four_star

    draft = domain.save_sheet(evaluation=evaluation_a, member=members[4], choices={"1.1": 1})
    membership = evaluation_a.round.memberships.get(user=members[4])
    domain.remove_member(membership=membership, by=erin)
    assert not evaluation_a.round.memberships.filter(pk=membership.pk).exists()
    draft.refresh_from_db()
    assert (draft.choices, draft.submitted_at) == ({"1.1": 1}, None)
    with pytest.raises(PermissionDenied):
        domain.submit_sheet(evaluation=evaluation_a, member=members[4], choices=four_star(criteria_set))
    domain.set_regulation(province=erin.area, quorum=4, max_gap=Decimal(10), by=erin)
    submit_all(evaluation_a, members[:4], four_star(criteria_set))
    closed = domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert sorted(closed.member_totals) == sorted(m.username for m in members[:4])


def test_removing_the_last_member_who_had_not_submitted_tells_the_chair(evaluation_a, members, erin, criteria_set):
    from .conftest import four_star

    submit_all(evaluation_a, members[:4], four_star(criteria_set))
    domain.remove_member(membership=evaluation_a.round.memberships.get(user=members[4]), by=erin)
    assert Notification.objects.filter(
        recipient=members[0], url=evaluation_a.get_absolute_url(), message__startswith="Tất cả 4 thành viên"
    ).exists()


def test_set_regulation_creates_then_updates_the_provinces_row(erin, hanoi):
    assert regulation_of(hanoi.pk).pk is None
    assert (regulation_of(hanoi.pk).quorum, regulation_of(hanoi.pk).max_gap) == (5, 10)
    domain.set_regulation(province=hanoi, quorum=4, max_gap=Decimal("8.5"), by=erin)
    domain.set_regulation(province=hanoi, quorum=3, max_gap=Decimal("12"), by=erin)
    regulation = CouncilRegulation.objects.get(province=hanoi)
    assert (regulation.quorum, regulation.max_gap) == (3, Decimal("12"))
    assert AuditEntry.objects.filter(object_id=str(regulation.pk)).count() == 2


def test_set_regulation_refused_for_another_province(frank, hanoi):
    with pytest.raises(PermissionDenied):
        domain.set_regulation(province=hanoi, quorum=3, max_gap=Decimal(10), by=frank)


def test_central_regulation_is_the_ministrys(minh, erin):
    domain.set_regulation(province=None, quorum=5, max_gap=Decimal(7), by=minh)
    assert CouncilRegulation.objects.get(province=None).max_gap == Decimal(7)
    with pytest.raises(PermissionDenied):
        domain.set_regulation(province=None, quorum=5, max_gap=Decimal(7), by=erin)


def test_set_regulation_refuses_nonsense(erin, hanoi):
    with pytest.raises(ValidationError) as error:
        domain.set_regulation(province=hanoi, quorum=0, max_gap=Decimal(0), by=erin)
    assert set(error.value.error_dict) == {"quorum", "max_gap"}


def test_round_closes_only_when_every_session_is_closed(evaluation_a, erin):
    round_ = evaluation_a.round
    domain.set_round_status(round_=round_, status=Round.Status.SCORING, by=erin)
    with pytest.raises(ValidationError):
        domain.set_round_status(round_=round_, status=Round.Status.CLOSED, by=erin)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.SCORING


def test_round_status_refuses_unknown_and_backwards_steps(round_, erin):
    with pytest.raises(ValidationError):
        domain.set_round_status(round_=round_, status="bogus", by=erin)
    domain.set_round_status(round_=round_, status=Round.Status.CLOSED, by=erin)
    with pytest.raises(ValidationError):
        domain.set_round_status(round_=round_, status=Round.Status.OPEN, by=erin)
