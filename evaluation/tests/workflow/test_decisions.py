import datetime
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from certificates.models import Certificate
from conftest import make_user
from dossiers.models import ApplicationStatus
from evaluation import domain
from evaluation.domain import decisions
from evaluation.models import Evaluation, ResultDecision
from notifications.models import Notification

from .conftest import five_star, four_star, received_application, submit_all, three_star, two_star

TODAY = timezone.localdate


def scored(evaluation, members, choices):
    submit_all(evaluation, members, choices)
    return domain.close_evaluation(evaluation=evaluation, by=members[0])


def in_vietnamese(mean) -> str:
    return str(Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_DOWN)).replace(".", ",")


def decide(evaluation, by, **kwargs):
    values = {"decision_number": "123/QĐ-UBND", "decision_date": TODAY(), "signer": "Nguyễn Văn A", **kwargs}
    return domain.decide_provincial_result(evaluation=evaluation, by=by, **values)


@pytest.mark.parametrize(("sheet", "stars"), [(four_star, 4), (three_star, 3)])
def test_provincial_3_or_4_stars_is_recognised(evaluation_a, members, criteria_set, application_a, erin, sheet, stars):
    evaluation = scored(evaluation_a, members, sheet(criteria_set))
    certificate = decide(evaluation, erin)
    assert isinstance(certificate, Certificate)
    assert (certificate.stars, certificate.decision_number) == (stars, "123/QĐ-UBND")
    assert certificate.recognition.authority == "province"
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.RECOGNISED


def test_provincial_5_stars_is_approved_and_proposed(
    evaluation_a, members, criteria_set, application_a, erin, minh, alice
):
    evaluation = scored(evaluation_a, members, five_star(criteria_set))
    assert evaluation.stars == 5
    decision = decide(evaluation, erin, decision_number="45/QĐ-UBND")
    assert (decision.kind, decision.decision_number, decision.signer) == (
        ResultDecision.Kind.PROPOSED_5,
        "45/QĐ-UBND",
        "Nguyễn Văn A",
    )
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.PROPOSED_5
    assert not Certificate.objects.exists()
    assert Notification.objects.filter(recipient=minh, message__contains="đề xuất Bộ đánh giá 5 sao").exists()
    assert Notification.objects.filter(recipient=alice, message__contains="đề xuất Bộ đánh giá 5 sao").exists()
    from audit.models import AuditEntry

    note = AuditEntry.objects.filter(object_id=str(application_a.pk), action="transition").first().note
    assert "45/QĐ-UBND" in note


def test_5_star_proposal_tells_the_mean_with_a_decimal_comma(evaluation_a, members, criteria_set, erin, alice):
    evaluation = scored(evaluation_a, members, five_star(criteria_set))
    decide(evaluation, erin)
    assert Notification.objects.get(recipient=alice).message == (
        f"Sản phẩm Mứt gừng Phú Nghĩa đạt {in_vietnamese(evaluation.mean_total)} điểm: UBND tỉnh phê duyệt kết quả, "
        "đề xuất Bộ đánh giá 5 sao."
    )


def test_5_star_proposal_needs_the_chairmans_decision(evaluation_a, members, criteria_set, erin):
    evaluation = scored(evaluation_a, members, five_star(criteria_set))
    with pytest.raises(ValidationError) as error:
        decide(evaluation, erin, decision_number="", signer="")
    assert set(error.value.error_dict) == {"decision_number", "signer"}


def test_provincial_2_stars_is_not_recognised_with_the_reason(
    evaluation_a, members, criteria_set, application_a, erin, carol
):
    evaluation = scored(evaluation_a, members, two_star(criteria_set))
    assert evaluation.stars == 2
    decision = decide(evaluation, erin, decision_number="")
    assert decision.kind == ResultDecision.Kind.NOT_RECOGNISED
    assert decision.reason.startswith(f"Kết quả 2 sao (điểm trung bình {in_vietnamese(evaluation.mean_total)}):")
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.NOT_RECOGNISED
    assert not Certificate.objects.exists()
    assert Notification.objects.filter(recipient=carol, message__contains="không được công nhận").exists()


def test_a_result_is_told_to_the_producers_accounts_only(
    evaluation_a, members, criteria_set, producer_a, hanoi, erin, alice
):
    # An account given another role keeps its link to the producer, but no longer sees the producer's dossiers.
    former = make_user("former-owner", Role.INSPECTOR, hanoi, producer=producer_a)
    decide(scored(evaluation_a, members, two_star(criteria_set)), erin, decision_number="")
    assert Notification.objects.filter(recipient=alice, message__contains="không được công nhận").exists()
    assert not Notification.objects.filter(recipient=former).exists()


def test_knocked_out_result_is_not_recognised(evaluation_a, members, criteria_set, erin):
    for member in members:
        domain.submit_sheet(evaluation=evaluation_a, member=member, choices=four_star(criteria_set), knockouts=[0])
    evaluation = domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert evaluation.rankable is False
    decision = decide(evaluation, erin)
    assert decision.kind == ResultDecision.Kind.NOT_RECOGNISED
    assert decision.reason.startswith("Không đạt: ")


@pytest.mark.parametrize("persona", ["frank", "minh", "council"])
def test_provincial_decision_refused_to_others(request, evaluation_a, members, criteria_set, persona):
    evaluation = scored(evaluation_a, members, four_star(criteria_set))
    with pytest.raises(PermissionDenied):
        decide(evaluation, request.getfixturevalue(persona))


def test_decision_refused_before_close_and_in_the_future(evaluation_a, members, criteria_set, erin):
    with pytest.raises(ValidationError):
        decide(evaluation_a, erin)
    evaluation = scored(evaluation_a, members, two_star(criteria_set))
    with pytest.raises(ValidationError) as error:
        decide(evaluation, erin, decision_date=TODAY() + datetime.timedelta(days=1))
    assert "decision_date" in error.value.error_dict


def test_deciding_twice_is_refused(evaluation_a, members, criteria_set, erin):
    evaluation = scored(evaluation_a, members, two_star(criteria_set))
    decide(evaluation, erin)
    with pytest.raises(ValidationError):
        decide(evaluation, erin)


@pytest.fixture
def proposed(product_a):
    return received_application(product_a, status=ApplicationStatus.PROPOSED_5)


@pytest.fixture
def central_evaluation(central_round, proposed, minh):
    return domain.assign_to_round(round_=central_round, application=proposed, by=minh)


def test_central_5_stars_is_recognised_by_the_ministry(
    central_evaluation, national_members, criteria_set, proposed, minh
):
    evaluation = scored(central_evaluation, national_members, five_star(criteria_set))
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.CENTRAL_SCORED
    certificate = domain.decide_central_result(
        evaluation=evaluation, by=minh, decision_number="9/QĐ-BNNMT", decision_date=TODAY(), signer="Bộ trưởng"
    )
    assert (certificate.stars, certificate.recognition.authority) == (5, "ministry")
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.RECOGNISED


def test_central_below_90_returns_to_the_province_which_recognises_4_stars(
    central_evaluation, national_members, criteria_set, proposed, minh, erin
):
    evaluation = scored(central_evaluation, national_members, four_star(criteria_set))
    returned = domain.decide_central_result(evaluation=evaluation, by=minh, decision_date=TODAY())
    assert returned.kind == ResultDecision.Kind.RETURNED
    assert returned.reason == f"Hội đồng trung ương: {in_vietnamese(evaluation.mean_total)} điểm, 4 sao."
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.RETURNED_TO_PROVINCE
    assert Notification.objects.filter(recipient=erin, url=evaluation.get_absolute_url()).exists()
    certificate = decide(evaluation, erin, decision_number="77/QĐ-UBND")
    assert (certificate.stars, certificate.recognition.authority) == (4, "province")
    assert certificate.recognition.evaluation == evaluation
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.RECOGNISED


def test_returned_2_star_central_result_is_not_recognised(
    central_evaluation, national_members, criteria_set, minh, erin
):
    evaluation = scored(central_evaluation, national_members, two_star(criteria_set))
    domain.decide_central_result(evaluation=evaluation, by=minh, decision_date=TODAY())
    decision = decide(evaluation, erin)
    assert decision.kind == ResultDecision.Kind.NOT_RECOGNISED


@pytest.mark.parametrize("persona", ["erin", "council"])
def test_central_decision_refused_to_the_province(request, central_evaluation, national_members, criteria_set, persona):
    evaluation = scored(central_evaluation, national_members, five_star(criteria_set))
    with pytest.raises(PermissionDenied):
        domain.decide_central_result(evaluation=evaluation, by=request.getfixturevalue(persona), decision_date=TODAY())


def test_province_cannot_decide_on_a_central_result_before_it_is_returned(
    central_evaluation, national_members, criteria_set, erin
):
    evaluation = scored(central_evaluation, national_members, four_star(criteria_set))
    with pytest.raises(ValidationError):
        decide(evaluation, erin)
    assert Evaluation.objects.get(pk=evaluation.pk).decisions.count() == 0


def test_central_reopen_goes_back_to_proposed(central_evaluation, national_members, criteria_set, proposed):
    submit_all(central_evaluation, national_members[:4], five_star(criteria_set))
    submit_all(central_evaluation, national_members[4:], four_star(criteria_set))
    domain.close_evaluation(evaluation=central_evaluation, by=national_members[0])
    domain.reopen_evaluation(evaluation=central_evaluation, by=national_members[0], reason="Chênh lệch")
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.PROPOSED_5


def test_refused_late_re_evaluation_ends_the_certificate_extension(
    evaluation_a, members, criteria_set, application_a, erin, product_a
):
    from areas.models import Area
    from criteria.models import LegalVersion

    today = TODAY()
    expired = today - datetime.timedelta(days=20)
    certificate = Certificate.objects.create(
        number="OCOP-01-2023-LATE01",
        product=product_a,
        stars=3,
        legal_version=LegalVersion.objects.get(code="QD148_2023"),
        province=product_a.producer.current_province,
        area_at_issue=Area.objects.get(pk=product_a.producer.area_id),
        decision_number="9/QĐ-UBND",
        decision_date=expired - datetime.timedelta(days=1096),
        issued_on=expired - datetime.timedelta(days=1096),
        expires_on=expired,
        extended_until=expired + datetime.timedelta(days=180),
    )
    type(application_a).objects.filter(pk=application_a.pk).update(
        kind="reevaluation", previous_certificate=certificate
    )
    assert certificate.status_on(today) == "extended"

    # A re-evaluation is decided by written opinions: each sheet carries the member's opinion.
    submit_all(evaluation_a, members, two_star(criteria_set), comment="Không còn đạt tiêu chí 3 sao.")
    decide(domain.close_evaluation(evaluation=evaluation_a, by=members[0]), erin)

    certificate.refresh_from_db()
    assert certificate.extended_until == today
    assert certificate.status_on(today + datetime.timedelta(days=1)) == "expired"


# Step 7b: every provincial result of 90 points or more goes to the ministry.


def ninety_missing_a_five_star_minimum(criteria_set) -> tuple[str, dict[str, int]]:
    """The best option everywhere except on the first criterion with a 5★ mark, which gets the best option
    below that mark: 99 points, that criterion's 5★ minimum missed, so the result is 4★ in the 5★ band."""
    from criteria.sheets import sheet_for

    choices = five_star(criteria_set)
    for leaf in sheet_for(criteria_set).leaves:
        marked = [option.points for option in leaf.options if option.min_star == 5]
        if marked:
            below = [(o.points, i + 1) for i, o in enumerate(leaf.options) if o.points < marked[0]]
            choices[leaf.code] = max(below)[1]
            return leaf.code, choices
    raise AssertionError("the sheet has no 5★ mark")


def test_provincial_90_or_more_is_proposed_even_when_5_star_minimums_are_missed(
    evaluation_a, members, criteria_set, application_a, erin
):
    code, choices = ninety_missing_a_five_star_minimum(criteria_set)
    evaluation = scored(evaluation_a, members, choices)
    assert (evaluation.band, evaluation.stars) == (5, 4)
    assert [(m["criterion"], m["star"]) for m in evaluation.failed_minimums] == [(code, 5)]
    decision = decide(evaluation, erin, decision_number="46/QĐ-UBND")
    assert decision.kind == ResultDecision.Kind.PROPOSED_5
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.PROPOSED_5
    assert not Certificate.objects.exists()


def test_decision_page_shows_the_missed_5_star_minimums(client, evaluation_a, members, criteria_set, erin):
    code, choices = ninety_missing_a_five_star_minimum(criteria_set)
    evaluation = scored(evaluation_a, members, choices)
    client.force_login(erin)
    page = client.get(reverse("evaluation:decide", args=[evaluation.code]))
    assert page.status_code == 200
    assert [(m["criterion"], m["star"]) for m in page.context["missed_minimums"]] == [(code, 5)]
    assert page.context["outcomes"] == [decisions.PROPOSE_5]
    assert f"Tiêu chí {code}: yêu cầu" in page.content.decode()


# Step 10b: a central result below 90 returned to the province.


@pytest.fixture
def returned_4_star(central_evaluation, national_members, criteria_set, minh):
    evaluation = scored(central_evaluation, national_members, four_star(criteria_set))
    domain.decide_central_result(evaluation=evaluation, by=minh, decision_date=TODAY())
    return evaluation


def test_returned_result_offers_recognise_reevaluate_and_not_recognise(returned_4_star, proposed):
    proposed.refresh_from_db()
    assert decisions.outcomes_for(returned_4_star, proposed) == [
        decisions.RECOGNISE_PROVINCE,
        decisions.REEVALUATE,
        decisions.NOT_RECOGNISED,
    ]


def test_returned_2_star_result_offers_not_recognise_and_reevaluate(
    central_evaluation, national_members, criteria_set, minh, proposed
):
    evaluation = scored(central_evaluation, national_members, two_star(criteria_set))
    domain.decide_central_result(evaluation=evaluation, by=minh, decision_date=TODAY())
    proposed.refresh_from_db()
    assert decisions.outcomes_for(evaluation, proposed) == [decisions.NOT_RECOGNISED, decisions.REEVALUATE]


def test_own_provincial_result_has_one_outcome(evaluation_a, members, criteria_set, application_a, erin):
    evaluation = scored(evaluation_a, members, four_star(criteria_set))
    application_a.refresh_from_db()
    assert decisions.outcomes_for(evaluation, application_a) == [decisions.RECOGNISE_PROVINCE]
    with pytest.raises(ValidationError) as error:
        decide(evaluation, erin, outcome=decisions.REEVALUATE)
    assert "outcome" in error.value.error_dict
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SCORED


def test_returned_result_is_sent_back_to_a_provincial_round(returned_4_star, proposed, erin, alice, members):
    decision = decide(returned_4_star, erin, outcome=decisions.REEVALUATE, reason="Đánh giá lại theo ý kiến của Bộ.")
    assert (decision.kind, decision.reason) == (ResultDecision.Kind.REEVALUATE, "Đánh giá lại theo ý kiến của Bộ.")
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.RECEIVED
    assert not Certificate.objects.exists()
    assert Notification.objects.filter(recipient=alice, message__contains="đánh giá lại").exists()
    from audit.models import AuditEntry

    transition = AuditEntry.objects.filter(object_id=str(proposed.pk), action="transition").order_by("-id").first()
    assert transition.changes == {"status": [ApplicationStatus.RETURNED_TO_PROVINCE, ApplicationStatus.RECEIVED]}
    # The province puts it into one of its rounds again.
    year = TODAY().year
    again = domain.create_round(
        by=erin,
        level="province",
        province=erin.area,
        name=f"Đợt bổ sung năm {year}",
        proposal_cutoff=datetime.date(year, 4, 30),
        evaluate_by=datetime.date(year, 6, 30),
    )
    session = domain.assign_to_round(round_=again, application=proposed, by=erin)
    assert (session.level, session.application_id) == ("province", proposed.pk)


def test_returned_result_is_not_recognised_only_with_the_provinces_reasons(returned_4_star, proposed, erin):
    with pytest.raises(ValidationError) as error:
        decide(returned_4_star, erin, outcome=decisions.NOT_RECOGNISED, reason=" ")
    assert "reason" in error.value.error_dict
    decision = decide(returned_4_star, erin, outcome=decisions.NOT_RECOGNISED, reason="Sản phẩm đã ngừng sản xuất.")
    assert decision.kind == ResultDecision.Kind.NOT_RECOGNISED
    assert decision.reason.endswith("Sản phẩm đã ngừng sản xuất.")
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.NOT_RECOGNISED


def test_decision_page_offers_the_three_choices_of_step_10b(client, returned_4_star, proposed, erin):
    client.force_login(erin)
    url = reverse("evaluation:decide", args=[returned_4_star.code])
    page = client.get(url)
    assert page.context["outcomes"] == [decisions.RECOGNISE_PROVINCE, decisions.REEVALUATE, decisions.NOT_RECOGNISED]
    response = client.post(url, {"outcome": decisions.REEVALUATE, "decision_date": f"{TODAY():%d/%m/%Y}"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.RECEIVED


def test_a_dossier_is_not_assigned_twice_to_the_same_round(seated_round, evaluation_a, application_a, erin):
    type(application_a).objects.filter(pk=application_a.pk).update(status=ApplicationStatus.RECEIVED)
    assert not domain.assignable_applications(seated_round).filter(pk=application_a.pk).exists()
    with pytest.raises(ValidationError) as error:
        domain.assign_to_round(round_=seated_round, application=application_a, by=erin)
    assert "đã được đánh giá trong đợt này" in error.value.messages[0]


def test_an_earlier_session_is_not_reopened_once_the_dossier_is_scored_again(
    evaluation_a, members, criteria_set, application_a, erin, central_round, national_members, minh
):
    # A divergent provincial result of 90 or more, proposed for 5★, returned below 90 and re-evaluated (10b).
    submit_all(evaluation_a, members[:4], five_star(criteria_set))
    submit_all(evaluation_a, members[4:], four_star(criteria_set))
    first = domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert first.divergence_flag and first.mean_total >= 90
    decide(first, erin)
    central = scored(
        domain.assign_to_round(round_=central_round, application=application_a, by=minh),
        national_members,
        four_star(criteria_set),
    )
    domain.decide_central_result(evaluation=central, by=minh, decision_date=TODAY())
    decide(central, erin, outcome=decisions.REEVALUATE, reason="Đánh giá lại theo ý kiến của Bộ.")
    year = TODAY().year
    again = domain.create_round(
        by=erin,
        level="province",
        province=erin.area,
        name=f"Đợt bổ sung năm {year}",
        proposal_cutoff=datetime.date(year, 4, 30),
        evaluate_by=datetime.date(year, 6, 30),
    )
    for index, member in enumerate(members):
        role = "chair" if index == 0 else "member"
        domain.add_member(round_=again, user=member, role=role, by=erin, agency="Sở Nông nghiệp và Môi trường")
    scored(domain.assign_to_round(round_=again, application=application_a, by=erin), members, four_star(criteria_set))
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SCORED
    # The first round is still open and its session still diverges: it is history, not to be reopened.
    with pytest.raises(ValidationError):
        domain.reopen_evaluation(evaluation=first, by=members[0], reason="Xem lại")
    assert Evaluation.objects.get(pk=first.pk).status == Evaluation.Status.CLOSED
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SCORED
