import datetime
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certificates.models import Certificate
from dossiers.models import ApplicationStatus
from evaluation import domain
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

    decide(scored(evaluation_a, members, two_star(criteria_set)), erin)

    certificate.refresh_from_db()
    assert certificate.extended_until == today
    assert certificate.status_on(today + datetime.timedelta(days=1)) == "expired"
