"""Members submitting at the same moment, and the chair closing while a member submits, from real threads
with their own database connections (SQLite or PostgreSQL, whichever the suite runs on)."""

import threading

from django.db import connection

from evaluation import domain
from evaluation.models import CouncilRegulation, Evaluation, MemberSheet

from .conftest import four_star, three_star, total_of


def run_together(*calls) -> list[BaseException]:
    """Run each call in its own thread, released at the same instant; return the exceptions raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as error:  # reported to the test, which asserts there is none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_two_members_submitting_at_once_both_scores_are_stored(
    reference_data_kept, transactional_db, evaluation_a, members, criteria_set
):
    first, second = members[1], members[2]
    sheets = {first: four_star(criteria_set), second: three_star(criteria_set)}
    errors = run_together(
        *(
            (lambda member=member: domain.submit_sheet(evaluation=evaluation_a, member=member, choices=sheets[member]))
            for member in sheets
        )
    )
    assert errors == []
    stored = {row.member: row for row in MemberSheet.objects.filter(evaluation=evaluation_a)}
    assert set(stored) == {first, second}
    for member, choices in sheets.items():
        assert stored[member].submitted_at is not None
        assert stored[member].choices == choices
        assert stored[member].total == total_of(criteria_set, choices)


def test_all_five_members_submitting_at_once_lose_nothing(
    reference_data_kept, transactional_db, evaluation_a, members, criteria_set
):
    choices = four_star(criteria_set)
    errors = run_together(
        *(
            (lambda member=member: domain.submit_sheet(evaluation=evaluation_a, member=member, choices=choices))
            for member in members
        )
    )
    assert errors == []
    assert MemberSheet.objects.filter(evaluation=evaluation_a, submitted_at__isnull=False).count() == 5


def test_a_sheet_submitted_while_the_chair_closes_is_counted_or_refused(
    reference_data_kept, transactional_db, evaluation_a, members, criteria_set
):
    CouncilRegulation.objects.create(province=evaluation_a.round.province, quorum=4)
    choices = four_star(criteria_set)
    for member in members[:4]:
        domain.submit_sheet(evaluation=evaluation_a, member=member, choices=choices)
    late = members[4]
    errors = run_together(
        lambda: domain.close_evaluation(evaluation=evaluation_a, by=members[0]),
        lambda: domain.submit_sheet(evaluation=evaluation_a, member=late, choices=choices),
    )
    evaluation = Evaluation.objects.get(pk=evaluation_a.pk)
    assert evaluation.status == Evaluation.Status.CLOSED
    late_sheet = MemberSheet.objects.filter(evaluation=evaluation, member=late).first()
    if late_sheet is not None and late_sheet.submitted_at is not None:
        # Submitted first: counted in the result.
        assert errors == []
        assert late.username in evaluation.member_totals
    else:
        # Closed first: the submission was refused, nothing of it stored.
        assert [getattr(error, "code", None) for error in errors] == ["closed"]
        assert late_sheet is None
        assert late.username not in evaluation.member_totals
