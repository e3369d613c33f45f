"""Whole journeys through the pages, as the people involved click through them: a dossier RECEIVED by the
province goes through a round of five council members to a decision, and on to the central round."""

from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from dossiers.models import ApplicationStatus
from evaluation.models import Evaluation, MemberSheet, ResultDecision, Round
from notifications.models import Notification

from .conftest import five_star, four_star

TODAY = f"{timezone.localdate():%d/%m/%Y}"
YEAR = timezone.localdate().year


def post(client, user, url, data=None, *, expect=302):
    client.force_login(user)
    response = client.post(url, data or {})
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def sheet_data(choices, action="submit"):
    return {**{f"c-{code}": str(position) for code, position in choices.items()}, "action": action}


def create_round_over_http(client, organiser, name, cutoff, deadline) -> Round:
    post(
        client,
        organiser,
        reverse("evaluation:round_create"),
        {
            "name": name,
            "proposal_cutoff": cutoff,
            "evaluate_by": deadline,
        },
    )
    return Round.objects.get(name=name)


def seat_over_http(client, organiser, round_, chair, others, advisor=None):
    url = reverse("evaluation:council", args=[round_.code])
    post(client, organiser, url, {"user": chair.pk, "role": "chair", "agency": "Lãnh đạo"})
    for member in others:
        post(client, organiser, url, {"user": member.pk, "role": "member", "agency": "Sở"})
    if advisor:
        post(client, organiser, url, {"user": advisor.pk, "role": "advisor"})


def session_over_http(client, organiser, round_, application, members, sheets) -> Evaluation:
    post(client, organiser, reverse("evaluation:assign", args=[round_.code]), {"applications": [application.code]})
    evaluation = Evaluation.objects.get(round=round_, application=application)
    for member, choices in zip(members, sheets, strict=True):
        client.force_login(member)
        assert client.get(reverse("evaluation:sheet", args=[evaluation.code])).status_code == 200
        post(client, member, reverse("evaluation:sheet", args=[evaluation.code]), sheet_data(choices))
    post(client, members[0], reverse("evaluation:close", args=[evaluation.code]))
    evaluation.refresh_from_db()
    return evaluation


def provincial_round(client, erin, members, advisor) -> Round:
    round_ = create_round_over_http(client, erin, f"Đợt 2 năm {YEAR}", f"30/10/{YEAR}", f"30/12/{YEAR}")
    seat_over_http(client, erin, round_, members[0], members[1:], advisor)
    return round_


def test_received_dossier_through_a_five_member_round_to_4_stars(
    client, erin, members, advisor, application_a, criteria_set, alice, carol
):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = session_over_http(client, erin, round_, application_a, members, [four_star(criteria_set)] * 5)
    assert (evaluation.status, evaluation.stars, len(evaluation.member_totals)) == ("closed", 4, 5)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SCORED

    client.force_login(erin)
    page = client.get(reverse("evaluation:decide", args=[evaluation.code])).content.decode()
    assert "Chủ tịch UBND tỉnh công nhận" in page
    post(
        client,
        erin,
        reverse("evaluation:decide", args=[evaluation.code]),
        {
            "decision_number": "1234/QĐ-UBND",
            "decision_date": TODAY,
            "signer": "Chủ tịch UBND thành phố",
        },
    )
    certificate = Certificate.objects.get(application=application_a)
    assert (certificate.stars, certificate.decision_number, certificate.recognition.evaluation) == (
        4,
        "1234/QĐ-UBND",
        evaluation,
    )
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.RECOGNISED
    assert Notification.objects.filter(recipient=alice, message__contains="4 sao").exists()
    assert Notification.objects.filter(recipient=carol, message__contains="4 sao").exists()


def test_90_points_goes_to_the_central_round_and_is_recognised_5_stars(
    client, erin, minh, members, advisor, national_members, application_a, criteria_set
):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = session_over_http(client, erin, round_, application_a, members, [five_star(criteria_set)] * 5)
    assert evaluation.mean_total >= 90
    post(
        client,
        erin,
        reverse("evaluation:decide", args=[evaluation.code]),
        {
            "decision_number": "88/QĐ-UBND",
            "decision_date": TODAY,
            "signer": "Chủ tịch UBND thành phố",
        },
    )
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.PROPOSED_5
    approval = ResultDecision.objects.get(evaluation=evaluation)
    assert (approval.kind, approval.decision_number) == ("proposed_5", "88/QĐ-UBND")

    central = create_round_over_http(client, minh, f"Đợt 2 cấp trung ương {YEAR}", f"30/07/{YEAR}", f"30/09/{YEAR}")
    assert central.level == "central"
    seat_over_http(client, minh, central, national_members[0], national_members[1:])
    central_evaluation = session_over_http(
        client, minh, central, application_a, national_members, [five_star(criteria_set)] * 5
    )
    application_a.refresh_from_db()
    assert (central_evaluation.stars, application_a.status) == (5, ApplicationStatus.CENTRAL_SCORED)
    post(
        client,
        minh,
        reverse("evaluation:decide", args=[central_evaluation.code]),
        {
            "decision_number": "15/QĐ-BNNMT",
            "decision_date": TODAY,
            "signer": "Bộ trưởng",
        },
    )
    certificate = Certificate.objects.get(application=application_a)
    assert (certificate.stars, certificate.recognition.authority) == (5, "ministry")


def test_central_result_below_90_is_returned_and_the_province_recognises_4_stars(
    client, erin, minh, members, advisor, national_members, application_a, criteria_set
):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = session_over_http(client, erin, round_, application_a, members, [five_star(criteria_set)] * 5)
    post(
        client,
        erin,
        reverse("evaluation:decide", args=[evaluation.code]),
        {
            "decision_number": "88/QĐ-UBND",
            "decision_date": TODAY,
            "signer": "Chủ tịch",
        },
    )
    central = create_round_over_http(
        client, minh, f"Đợt 1 cấp trung ương {YEAR + 1}", f"30/01/{YEAR + 1}", f"30/03/{YEAR + 1}"
    )
    seat_over_http(client, minh, central, national_members[0], national_members[1:])
    central_evaluation = session_over_http(
        client, minh, central, application_a, national_members, [four_star(criteria_set)] * 5
    )
    assert central_evaluation.mean_total < 90
    client.force_login(minh)
    assert "Trả về tỉnh" in client.get(reverse("evaluation:decide", args=[central_evaluation.code])).content.decode()
    post(client, minh, reverse("evaluation:decide", args=[central_evaluation.code]), {"decision_date": TODAY})
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.RETURNED_TO_PROVINCE

    # The province sees the central session of its dossier and recognises it on that result.
    client.force_login(erin)
    assert client.get(central_evaluation.get_absolute_url()).status_code == 200
    post(
        client,
        erin,
        reverse("evaluation:decide", args=[central_evaluation.code]),
        {
            "decision_number": "99/QĐ-UBND",
            "decision_date": TODAY,
            "signer": "Chủ tịch",
        },
    )
    certificate = Certificate.objects.get(application=application_a)
    assert (certificate.stars, certificate.recognition.authority, certificate.recognition.evaluation) == (
        4,
        "province",
        central_evaluation,
    )


def test_divergent_scores_are_reopened_rescored_and_closed(client, erin, members, advisor, application_a, criteria_set):
    round_ = provincial_round(client, erin, members, advisor)
    sheets = [five_star(criteria_set)] * 4 + [four_star(criteria_set)]
    evaluation = session_over_http(client, erin, round_, application_a, members, sheets)
    assert evaluation.divergence_flag is True
    client.force_login(members[0])
    assert "Mở lại phiếu chấm" in client.get(evaluation.get_absolute_url()).content.decode()

    post(client, members[0], reverse("evaluation:reopen", args=[evaluation.code]), {"reason": "Thống nhất lại 4.1"})
    evaluation.refresh_from_db()
    application_a.refresh_from_db()
    assert (evaluation.status, application_a.status) == ("open", ApplicationStatus.IN_ROUND)
    # The dissenting member revises; the others submit their kept sheets again.
    client.force_login(members[4])
    page = client.get(reverse("evaluation:sheet", args=[evaluation.code])).content.decode()
    assert "Nộp phiếu" in page
    for member in members:
        post(client, member, reverse("evaluation:sheet", args=[evaluation.code]), sheet_data(five_star(criteria_set)))
    post(client, members[0], reverse("evaluation:close", args=[evaluation.code]))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.divergence_flag, evaluation.stars) == ("closed", False, 5)
    assert MemberSheet.objects.filter(evaluation=evaluation, submitted_at__isnull=False).count() == 5
