"""Re-evaluation at expiry (QĐ 26/2026 Điều 7.6): the council decides by written opinions and meets only when
they diverge or the case is complex; the province inspects the site only when the dossier is flagged; the
whole takes at most 45 days from the complete dossier. Journeys through the pages, then the rules alone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from dossiers.models import ApplicationKind, ApplicationStatus
from evaluation import domain
from evaluation.models import Evaluation, SiteVisit
from notifications.models import Notification

from .conftest import four_star, received_application, submit_all, two_star
from .test_journeys import post, provincial_round, sheet_data

TODAY = timezone.localdate()


def reevaluation(product):
    issued = TODAY - datetime.timedelta(days=1000)
    certificate = Certificate.objects.create(
        number="OCOP-01-2023-RE0001",
        product=product,
        stars=4,
        legal_version=product.criteria_set.legal_version,
        province=product.producer.current_province,
        area_at_issue=product.producer.area,
        decision_number="11/QĐ-UBND",
        decision_date=issued,
        issued_on=issued,
        expires_on=issued + datetime.timedelta(days=1095),
    )
    application = received_application(product)
    application.kind = ApplicationKind.REEVALUATION
    application.previous_certificate = certificate
    application.evaluation_deadline = TODAY + datetime.timedelta(days=30)
    application.save()
    return application


@pytest.fixture
def reevaluation_a(product_a):
    return reevaluation(product_a)


def assign_over_http(client, erin, round_, application) -> Evaluation:
    post(client, erin, reverse("evaluation:assign", args=[round_.code]), {"applications": [application.code]})
    return Evaluation.objects.get(round=round_, application=application)


def opinions_over_http(client, evaluation, members, sheets) -> None:
    url = reverse("evaluation:sheet", args=[evaluation.code])
    for member, choices in zip(members, sheets, strict=True):
        data = {**sheet_data(choices), "comment": f"Ý kiến của {member.username}: sản phẩm duy trì tiêu chí."}
        post(client, member, url, data)


def meeting_notices(member) -> int:
    return Notification.objects.filter(recipient=member, message__contains="họp trực tiếp").count()


def test_written_opinions_that_agree_decide_the_result_without_a_meeting(
    client, erin, members, advisor, reevaluation_a, criteria_set
):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = assign_over_http(client, erin, round_, reevaluation_a)
    client.force_login(members[1])
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Lấy ý kiến bằng văn bản" in page
    assert f"{reevaluation_a.evaluation_deadline:%d/%m/%Y}" in page

    # A written opinion is the sheet and its text: a sheet without the text is refused.
    response = post(
        client, members[1], reverse("evaluation:sheet", args=[evaluation.code]), sheet_data(four_star(criteria_set)),
        expect=200,
    )  # fmt: skip
    assert "hãy ghi ý kiến của anh/chị" in response.content.decode()
    assert not evaluation.sheets.filter(submitted_at__isnull=False).exists()

    opinions_over_http(client, evaluation, members, [four_star(criteria_set)] * 5)
    post(client, members[0], reverse("evaluation:close", args=[evaluation.code]))

    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.rankable, evaluation.stars) == ("closed", True, 4)
    assert (evaluation.meeting_called_at, evaluation.meeting_reason) == (None, "")
    assert [meeting_notices(member) for member in members] == [0] * 5
    reevaluation_a.refresh_from_db()
    assert reevaluation_a.status == ApplicationStatus.SCORED
    client.force_login(erin)
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Kết luận theo ý kiến bằng văn bản, không họp" in page
    assert reverse("evaluation:decide", args=[evaluation.code]) in page


def test_written_opinions_that_diverge_call_a_meeting_then_the_council_decides_after_it(
    client, erin, members, advisor, reevaluation_a, criteria_set
):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = assign_over_http(client, erin, round_, reevaluation_a)
    opinions_over_http(client, evaluation, members, [four_star(criteria_set)] * 3 + [two_star(criteria_set)] * 2)

    post(client, members[0], reverse("evaluation:close", args=[evaluation.code]))

    evaluation.refresh_from_db()
    assert evaluation.status == "open"
    assert evaluation.meeting_called_by == members[0]
    assert "chênh lệch" in evaluation.meeting_reason and "quá mức 10" in evaluation.meeting_reason
    assert [meeting_notices(member) for member in members] == [1] * 5
    assert set(evaluation.written_opinions) == {member.username for member in members}
    assert evaluation.written_opinions["tv4"]["opinion"] == "Ý kiến của tv4: sản phẩm duy trì tiêu chí."
    # The sheets go back to the members, their choices kept, to be revised after the discussion.
    assert not evaluation.sheets.filter(submitted_at__isnull=False).exists()
    assert evaluation.sheets.get(member=members[4]).choices == two_star(criteria_set)
    reevaluation_a.refresh_from_db()
    assert reevaluation_a.status == ApplicationStatus.IN_ROUND
    client.force_login(members[2])
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Hội đồng họp trực tiếp" in page
    assert evaluation.meeting_reason in page

    # After the meeting the members score again and the chair closes as in any meeting.
    url = reverse("evaluation:sheet", args=[evaluation.code])
    for member in members:
        post(client, member, url, sheet_data(four_star(criteria_set)))
    post(client, members[0], reverse("evaluation:close", args=[evaluation.code]))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.rankable, evaluation.stars) == ("closed", True, 4)
    assert [meeting_notices(member) for member in members] == [1] * 5


def test_the_chair_calls_a_meeting_for_a_complex_case(client, erin, members, advisor, reevaluation_a):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = assign_over_http(client, erin, round_, reevaluation_a)
    url = reverse("evaluation:call_meeting", args=[evaluation.code])

    post(client, members[1], url, {"reason": "Phức tạp"}, expect=403)
    post(client, members[0], url, {"reason": " "})
    evaluation.refresh_from_db()
    assert evaluation.meeting_called_at is None

    post(client, members[0], url, {"reason": "Chủ thể đổi vùng nguyên liệu sang tỉnh khác."})
    evaluation.refresh_from_db()
    assert (
        evaluation.meeting_reason == "Có nội dung phức tạp cần thảo luận: Chủ thể đổi vùng nguyên liệu sang tỉnh khác."
    )
    assert [meeting_notices(member) for member in members] == [1] * 5


def test_site_inspection_of_a_reevaluation_only_when_flagged(client, erin, members, advisor, reevaluation_a, alice):
    round_ = provincial_round(client, erin, members, advisor)
    evaluation = assign_over_http(client, erin, round_, reevaluation_a)
    visit = {"kind": "visit", "date": f"{TODAY:%d/%m/%Y}", "findings": "Đã khảo sát cơ sở."}

    post(client, advisor, reverse("evaluation:site_visit_add", args=[evaluation.code]), visit)
    assert not SiteVisit.objects.exists()

    flag_url = reverse("evaluation:flag_inspection", args=[evaluation.code])
    post(client, advisor, flag_url, {"ground": "large_changes", "reason": "x"}, expect=403)
    post(client, erin, flag_url, {"ground": "large_changes", "reason": "Sản lượng tăng gấp ba, thêm xưởng mới."})
    evaluation.refresh_from_db()
    assert (evaluation.inspection_ground, evaluation.inspection_reason) == (
        "large_changes",
        "Sản lượng tăng gấp ba, thêm xưởng mới.",
    )
    assert Notification.objects.filter(recipient=alice, message__contains="kiểm tra thực tế").exists()
    client.force_login(advisor)
    assert "Thay đổi lớn về quy mô sản xuất" in client.get(evaluation.get_absolute_url()).content.decode()

    post(client, advisor, reverse("evaluation:site_visit_add", args=[evaluation.code]), visit)
    assert SiteVisit.objects.get().kind == "visit"


# The rules alone


def test_a_first_evaluation_is_held_in_a_meeting(evaluation_a, members, criteria_set):
    assert evaluation_a.by_written_opinion is False
    with pytest.raises(ValidationError, match="lấy ý kiến bằng văn bản"):
        domain.call_meeting(evaluation=evaluation_a, by=members[0], reason="Phức tạp")
    # Diverging sheets of a first evaluation are closed and flagged, as before.
    submit_all(evaluation_a, members[:3], four_star(criteria_set))
    submit_all(evaluation_a, members[3:], two_star(criteria_set))
    closed = domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert (closed.status, closed.divergence_flag, closed.meeting_called_at) == ("closed", True, None)


def test_a_meeting_is_called_once_and_only_while_the_session_is_open(seated_round, reevaluation_a, erin, members):
    evaluation = domain.assign_to_round(round_=seated_round, application=reevaluation_a, by=erin)
    with pytest.raises(PermissionDenied):
        domain.call_meeting(evaluation=evaluation, by=erin, reason="Phức tạp")
    domain.call_meeting(evaluation=evaluation, by=members[0], reason="Phức tạp")
    with pytest.raises(ValidationError, match="đã được triệu tập"):
        domain.call_meeting(evaluation=evaluation, by=members[0], reason="Lần nữa")


def test_the_inspection_flag_needs_a_ground_and_a_reason(seated_round, reevaluation_a, erin):
    evaluation = domain.assign_to_round(round_=seated_round, application=reevaluation_a, by=erin)
    with pytest.raises(ValidationError) as error:
        domain.flag_site_inspection(evaluation=evaluation, by=erin, ground="other", reason="")
    assert set(error.value.message_dict) == {"ground", "reason"}
    evaluation.refresh_from_db()
    assert evaluation.inspection_ground == ""
