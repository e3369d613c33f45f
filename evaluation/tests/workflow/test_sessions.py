from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from dossiers.models import ApplicationStatus
from evaluation import domain
from evaluation.models import CouncilRegulation, Evaluation, MemberSheet
from notifications.models import Notification

from .conftest import five_star, four_star, submit_all, total_of


def test_close_refused_below_quorum(evaluation_a, members, criteria_set):
    submit_all(evaluation_a, members[:4], four_star(criteria_set))
    with pytest.raises(ValidationError) as error:
        domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert error.value.code == "quorum"
    assert Evaluation.objects.get(pk=evaluation_a.pk).status == Evaluation.Status.OPEN


@pytest.mark.parametrize("who", ["tv1", "erin", "advisor"])
def test_only_the_chair_closes(request, evaluation_a, members, criteria_set, who):
    submit_all(evaluation_a, members, four_star(criteria_set))
    user = next((m for m in members if m.username == who), None) or request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        domain.close_evaluation(evaluation=evaluation_a, by=user)


def test_close_stores_the_result_and_moves_the_dossier(evaluation_a, members, criteria_set, application_a, erin):
    choices = four_star(criteria_set)
    submit_all(evaluation_a, members, choices)
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    evaluation = Evaluation.objects.get(pk=evaluation_a.pk)
    expected = total_of(criteria_set, choices)
    assert (evaluation.status, evaluation.rankable, evaluation.stars, evaluation.band) == ("closed", True, 4, 4)
    assert evaluation.mean_total == expected
    assert {name: Decimal(total) for name, total in evaluation.member_totals.items()} == {
        m.username: expected for m in members
    }
    assert set(evaluation.parts) == {"A", "B", "C"}
    assert Decimal(evaluation.criterion_means["1.1"]) == Decimal(choices["1.1"])
    assert evaluation.divergence_flag is False
    assert evaluation.closed_by == members[0]
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SCORED
    assert Notification.objects.filter(recipient=erin, url=evaluation.get_absolute_url()).exists()
    assert AuditEntry.objects.filter(object_id=str(evaluation.pk), action="close").count() == 1


def test_close_notes_the_mean_and_the_gap_with_decimal_commas(evaluation_a, members, criteria_set, application_a):
    CouncilRegulation.objects.create(province=evaluation_a.round.province, quorum=5, max_gap=Decimal("7.5"))
    choices = four_star(criteria_set)
    submit_all(evaluation_a, members, choices)
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    mean = f"{total_of(criteria_set, choices):.2f}".replace(".", ",")
    close = AuditEntry.objects.get(action="close", object_id=evaluation_a.pk)
    scored = AuditEntry.objects.filter(action="transition", object_id=application_a.pk).first()
    assert (close.note, scored.note) == (
        "5 phiếu, quy chế: tối thiểu 5, chênh lệch tối đa 7,50 điểm",
        f"Điểm trung bình {mean}",
    )


def test_close_keeps_the_mean_at_full_precision(evaluation_a, members, criteria_set):
    low = four_star(criteria_set)
    high = dict(low)
    high["2.4"] = 1 - low["2.4"]  # one point more or less on one member's sheet
    submit_all(evaluation_a, members[:2], high)
    submit_all(evaluation_a, members[2:], low)
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    evaluation = Evaluation.objects.get(pk=evaluation_a.pk)
    low_total, high_total = total_of(criteria_set, low), total_of(criteria_set, high)
    assert evaluation.mean_total == (2 * high_total + 3 * low_total) / 5


def test_drafts_do_not_count(evaluation_a, members, criteria_set):
    CouncilRegulation.objects.create(province=evaluation_a.round.province, quorum=4)
    submit_all(evaluation_a, members[:4], four_star(criteria_set))
    domain.save_sheet(evaluation=evaluation_a, member=members[4], choices={"1.1": 1})
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert len(Evaluation.objects.get(pk=evaluation_a.pk).member_totals) == 4


def test_divergence_is_flagged(evaluation_a, members, criteria_set):
    submit_all(evaluation_a, members[:4], five_star(criteria_set))
    submit_all(evaluation_a, members[4:], four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    evaluation = Evaluation.objects.get(pk=evaluation_a.pk)
    assert total_of(criteria_set, five_star(criteria_set)) - total_of(criteria_set, four_star(criteria_set)) > 10
    assert evaluation.divergence_flag is True


def test_divergence_uses_the_provinces_max_gap(evaluation_a, members, criteria_set):
    CouncilRegulation.objects.create(province=evaluation_a.round.province, quorum=5, max_gap=Decimal(20))
    submit_all(evaluation_a, members[:4], five_star(criteria_set))
    submit_all(evaluation_a, members[4:], four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert Evaluation.objects.get(pk=evaluation_a.pk).divergence_flag is False


def test_reopen_sends_sheets_back_for_rescoring(evaluation_a, members, criteria_set, application_a):
    submit_all(evaluation_a, members[:4], five_star(criteria_set))
    submit_all(evaluation_a, members[4:], four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    domain.reopen_evaluation(evaluation=evaluation_a, by=members[0], reason="Thảo luận lại tiêu chí 4.1")
    evaluation = Evaluation.objects.get(pk=evaluation_a.pk)
    assert (evaluation.status, evaluation.mean_total, evaluation.stars, evaluation.divergence_flag) == (
        "open",
        None,
        None,
        False,
    )
    assert not MemberSheet.objects.filter(evaluation=evaluation, submitted_at__isnull=False).exists()
    # The choices are kept for the members to revise.
    assert MemberSheet.objects.get(member=members[4]).choices == four_star(criteria_set)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.IN_ROUND
    entry = AuditEntry.objects.get(object_id=str(evaluation.pk), action="reopen")
    assert entry.note == "Thảo luận lại tiêu chí 4.1"
    assert entry.changes["status"] == ["closed", "open"]
    assert entry.changes["mean_total"][0] is not None and entry.changes["mean_total"][1] is None
    assert Notification.objects.filter(recipient=members[3], message__contains="chấm lại").count() == 1


def test_reopen_refused_without_divergence(evaluation_a, members, criteria_set):
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    with pytest.raises(ValidationError):
        domain.reopen_evaluation(evaluation=evaluation_a, by=members[0], reason="Xem lại")


def test_reopen_refused_to_a_member_and_without_reason(evaluation_a, members, criteria_set):
    submit_all(evaluation_a, members[:4], five_star(criteria_set))
    submit_all(evaluation_a, members[4:], four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    with pytest.raises(PermissionDenied):
        domain.reopen_evaluation(evaluation=evaluation_a, by=members[1], reason="x")
    with pytest.raises(ValidationError):
        domain.reopen_evaluation(evaluation=evaluation_a, by=members[0], reason=" ")


def test_closing_twice_is_refused(evaluation_a, members, criteria_set):
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    with pytest.raises(ValidationError):
        domain.close_evaluation(evaluation=evaluation_a, by=members[0])
