import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from evaluation import domain
from evaluation.models import MemberSheet
from notifications.models import Notification

from .conftest import four_star, submit_all, total_of


def test_save_sheet_keeps_an_incomplete_draft(evaluation_a, members):
    sheet = domain.save_sheet(evaluation=evaluation_a, member=members[1], choices={"1.1": 2, "2.4": 1}, comment=" Tốt ")
    assert (sheet.choices, sheet.comment, sheet.submitted_at, sheet.total) == ({"1.1": 2, "2.4": 1}, "Tốt", None, None)


def test_save_sheet_merges_one_criterion_at_a_time(evaluation_a, members):
    member = members[1]
    domain.save_sheet(evaluation=evaluation_a, member=member, choices={"1.1": 2}, merge=True)
    domain.save_sheet(evaluation=evaluation_a, member=member, choices={"1.2": 1}, merge=True)
    domain.save_sheet(evaluation=evaluation_a, member=member, choices={"1.1": None}, merge=True)
    assert MemberSheet.objects.get(member=member).choices == {"1.2": 1}


@pytest.mark.parametrize(
    "values",
    [
        {"choices": {"99.9": 1}},
        {"choices": {"1.1": 7}},
        {"choices": {"2.4": 2}},
        {"knockouts": [5]},
        {"stops": ["4.1"]},
    ],
)
def test_save_sheet_refuses_what_the_sheet_does_not_have(evaluation_a, members, values):
    with pytest.raises(ValidationError):
        domain.save_sheet(evaluation=evaluation_a, member=members[1], **values)
    assert not MemberSheet.objects.exists()


@pytest.mark.parametrize("persona", ["erin", "advisor", "council"])
def test_only_council_members_of_the_round_score(request, evaluation_a, persona):
    with pytest.raises(PermissionDenied):
        domain.save_sheet(evaluation=evaluation_a, member=request.getfixturevalue(persona), choices={"1.1": 1})


def test_submit_stores_the_engines_total(evaluation_a, members, criteria_set):
    choices = four_star(criteria_set)
    sheet = domain.submit_sheet(evaluation=evaluation_a, member=members[1], choices=choices)
    assert sheet.submitted_at is not None
    assert sheet.total == total_of(criteria_set, choices)
    assert AuditEntry.objects.filter(object_id=str(sheet.pk), action="submit").count() == 1


def test_submit_refuses_an_incomplete_sheet_and_saves_nothing(evaluation_a, members):
    with pytest.raises(ValidationError) as error:
        domain.submit_sheet(evaluation=evaluation_a, member=members[1], choices={"1.1": 2})
    assert "Thiếu tiêu chí" in " ".join(error.value.messages)
    assert not MemberSheet.objects.exists()


def test_failed_submission_leaves_the_draft_as_it_was(evaluation_a, members, criteria_set):
    member = members[1]
    draft = domain.save_sheet(evaluation=evaluation_a, member=member, choices={"1.1": 3, "1.2": 2}, comment="nháp")
    before = MemberSheet.objects.filter(pk=draft.pk).values().get()
    audit_count = AuditEntry.objects.count()
    incomplete = dict(four_star(criteria_set))
    del incomplete["11"]
    incomplete["1.1"] = 1
    with pytest.raises(ValidationError):
        domain.submit_sheet(evaluation=evaluation_a, member=member, choices=incomplete, knockouts=[0], comment="nộp dở")
    assert MemberSheet.objects.filter(pk=draft.pk).values().get() == before
    assert MemberSheet.objects.count() == 1
    assert AuditEntry.objects.count() == audit_count


def test_a_submitted_sheet_cannot_be_changed(evaluation_a, members, criteria_set):
    choices = four_star(criteria_set)
    domain.submit_sheet(evaluation=evaluation_a, member=members[1], choices=choices)
    with pytest.raises(ValidationError):
        domain.save_sheet(evaluation=evaluation_a, member=members[1], choices={"1.1": 1}, merge=True)
    with pytest.raises(ValidationError):
        domain.submit_sheet(evaluation=evaluation_a, member=members[1], choices=choices)
    assert MemberSheet.objects.get(member=members[1]).choices == choices


def test_submitting_after_close_is_refused(evaluation_a, members, criteria_set):
    choices = four_star(criteria_set)
    submit_all(evaluation_a, members[:4], choices)
    domain.save_sheet(evaluation=evaluation_a, member=members[4], choices={"1.1": 1})
    from evaluation.models import CouncilRegulation

    CouncilRegulation.objects.create(province=evaluation_a.round.province, quorum=4)
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    with pytest.raises(ValidationError) as error:
        domain.submit_sheet(evaluation=evaluation_a, member=members[4], choices=choices)
    assert error.value.code == "closed"
    assert MemberSheet.objects.get(member=members[4]).submitted_at is None


def test_chair_is_told_when_every_member_submitted(evaluation_a, members, criteria_set):
    chair = members[0]
    submit_all(evaluation_a, members[1:], four_star(criteria_set))
    assert not Notification.objects.filter(recipient=chair, message__contains="Tất cả").exists()
    submit_all(evaluation_a, [chair], four_star(criteria_set))
    assert Notification.objects.filter(recipient=chair, message__contains="Tất cả 5 thành viên").count() == 1


def test_members_see_other_sheets_only_after_submitting_their_own(evaluation_a, members, criteria_set):
    first, second, third = members[1], members[2], members[3]
    domain.submit_sheet(evaluation=evaluation_a, member=first, choices=four_star(criteria_set))
    domain.save_sheet(evaluation=evaluation_a, member=third, choices={"1.1": 1})
    # Not submitted yet: only their own draft.
    assert list(MemberSheet.objects.visible_to(second).values_list("member__username", flat=True)) == []
    assert list(MemberSheet.objects.visible_to(third).values_list("member__username", flat=True)) == ["tv3"]
    domain.submit_sheet(evaluation=evaluation_a, member=second, choices=four_star(criteria_set))
    # Submitted: their own and the others' submitted sheets, never a draft.
    assert sorted(MemberSheet.objects.visible_to(second).values_list("member__username", flat=True)) == ["tv1", "tv2"]


def test_organisers_see_sheets_only_after_close(evaluation_a, members, criteria_set, erin, frank, minh, council):
    submit_all(evaluation_a, members, four_star(criteria_set))
    assert not MemberSheet.objects.visible_to(erin).exists()
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert MemberSheet.objects.visible_to(erin).count() == 5
    assert MemberSheet.objects.visible_to(minh).count() == 5
    assert not MemberSheet.objects.visible_to(frank).exists()
    assert not MemberSheet.objects.visible_to(council).exists()
