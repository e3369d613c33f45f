"""The sessions' steps through the API (assignment, site visits, closing, reopening, the decision on the result
and the recognition that issues the certificate): the same records, audit entries and notices as the session's
pages, on twin dossiers, and the same rights."""

import datetime

import pytest
from django.urls import reverse

from api.tokens import WriteScope
from certificates.models import Certificate
from dossiers.models import ApplicationStatus
from evaluation import domain
from evaluation.models import Evaluation, ResultDecision, SiteVisit
from evaluation.tests.workflow import conftest as workflow
from evaluation.tests.workflow.conftest import five_star, four_star, received_application, submit_all
from notifications.models import Notification

from .council import EVALUATIONS, ROUNDS, TODAY, application_twin, bearer, client_for, last_entry_id, trail

members = workflow.members
chair = workflow.chair
round_ = workflow.round_
seated_round = workflow.seated_round
application_a = workflow.application_a
evaluation_a = workflow.evaluation_a
national_members = workflow.national_members
central_round = workflow.central_round
twin = application_twin

RESULT = ["status", "rankable", "mean_total", "band", "stars", "parts", "member_totals", "divergence_flag"]
DECISION = {"decision_number": "123/QĐ-UBND", "signer": "Nguyễn Văn A", "reason": ""}


def api_decision(**changes):
    return {**DECISION, "decision_date": TODAY().isoformat(), **changes}


def form_decision(**changes):
    return {**DECISION, "decision_date": f"{TODAY():%d/%m/%Y}", **changes}


@pytest.fixture
def evaluation_twin(seated_round, twin, erin):
    return domain.assign_to_round(round_=seated_round, application=twin, by=erin)


def closed(evaluation, members, choices):
    submit_all(evaluation, members, choices)
    return domain.close_evaluation(evaluation=evaluation, by=members[0])


def test_dossier_assigned_through_the_api_leaves_what_the_form_leaves(
    api_as, client, erin, members, seated_round, application_a, twin
):
    start = last_entry_id()
    response = api_as("erin").post(f"{ROUNDS}{seated_round.code}/assign/", {"dossier": application_a.code})
    assert response.status_code == 201, response.json()
    by_api = Evaluation.objects.get(code=response.json()["code"])
    form_start = last_entry_id()
    client.force_login(erin)
    page = client.post(reverse("evaluation:assign", args=[seated_round.code]), {"applications": [twin.code]})
    assert page.status_code == 302
    by_form = Evaluation.objects.get(application=twin)

    fields = ["round", "level", "legal_version", "criteria_set", "status"]
    assert Evaluation.objects.filter(pk=by_api.pk).values(*fields).get() == (
        Evaluation.objects.filter(pk=by_form.pk).values(*fields).get()
    )
    assert trail(by_api, application_a, since=start) == trail(by_form, twin, since=form_start)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.IN_ROUND
    assert Notification.objects.filter(recipient=members[1], url=by_api.get_absolute_url()).count() == 1
    assert response.json()["dossier"] == application_a.code


def test_assignment_names_a_dossier_the_user_sees_in_the_state_the_round_takes(api_as, seated_round, product_b):
    client = api_as("erin")
    url = f"{ROUNDS}{seated_round.code}/assign/"
    draft = received_application(product_b, status=ApplicationStatus.SUBMITTED)

    unknown = client.post(url, {"dossier": "KHONGCO"}, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"dossier": ["Không có hồ sơ nào mã KHONGCO."]}
    wrong_state = client.post(url, {"dossier": draft.code}, format="json")
    assert wrong_state.status_code == 400
    assert "Chỉ đưa vào đợt hồ sơ ở trạng thái" in wrong_state.json()["errors"]["non_field_errors"][0]
    assert not Evaluation.objects.exists()


def test_a_council_member_cannot_assign_or_remove(members, evaluation_a, twin):
    client = client_for(members[1])

    assert client.post(f"{ROUNDS}{evaluation_a.round.code}/assign/", {"dossier": twin.code}).status_code == 403
    assert client.delete(f"{EVALUATIONS}{evaluation_a.code}/").status_code == 403
    assert Evaluation.objects.count() == 1


def test_dossier_taken_out_through_the_api_leaves_what_the_form_leaves(
    api_as, client, erin, evaluation_a, evaluation_twin, application_a, twin
):
    start = last_entry_id()
    assert api_as("erin").delete(f"{EVALUATIONS}{evaluation_a.code}/").status_code == 204
    form_start = last_entry_id()
    client.force_login(erin)
    assert client.post(reverse("evaluation:remove", args=[evaluation_twin.code])).status_code == 302

    assert not Evaluation.objects.exists()
    assert trail(evaluation_a, application_a, since=start) == trail(evaluation_twin, twin, since=form_start)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.RECEIVED


def test_site_visit_recorded_through_the_api_leaves_what_the_form_leaves(
    api_as, client, advisor, evaluation_a, evaluation_twin
):
    visit = {"kind": "test", "findings": "Kiểm nghiệm lại chỉ tiêu vi sinh"}
    yesterday = TODAY() - datetime.timedelta(days=1)
    start = last_entry_id()
    response = api_as("advisor").post(
        f"{EVALUATIONS}{evaluation_a.code}/site-visits/", {**visit, "date": yesterday.isoformat()}, format="json"
    )
    assert response.status_code == 201, response.json()
    form_start = last_entry_id()
    client.force_login(advisor)
    page = {**visit, "date": f"{yesterday:%d/%m/%Y}"}
    assert client.post(reverse("evaluation:site_visit_add", args=[evaluation_twin.code]), page).status_code == 302

    fields = ["kind", "date", "findings", "recorded_by"]
    assert list(evaluation_a.site_visits.values(*fields)) == list(evaluation_twin.site_visits.values(*fields))
    assert trail(evaluation_a, since=start) == trail(evaluation_twin, since=form_start)
    assert response.json()["site_visits"] == [{**visit, "date": yesterday.isoformat()}]


def test_site_visit_in_the_future_is_400_and_a_scoring_member_cannot_record_one(members, api_as, evaluation_a):
    future = {"kind": "visit", "date": (TODAY() + datetime.timedelta(days=2)).isoformat(), "findings": "Đã đến"}
    url = f"{EVALUATIONS}{evaluation_a.code}/site-visits/"

    response = api_as("advisor").post(url, future, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"date": ["Ngày không được ở tương lai."]}
    assert client_for(members[1]).post(url, {**future, "date": TODAY().isoformat()}, format="json").status_code == 403
    assert not SiteVisit.objects.exists()


def test_session_closed_through_the_api_leaves_what_the_form_leaves(
    client, members, criteria_set, evaluation_a, evaluation_twin, application_a, twin
):
    for evaluation in (evaluation_a, evaluation_twin):
        submit_all(evaluation, members, four_star(criteria_set))
    start = last_entry_id()
    response = client_for(members[0]).post(f"{EVALUATIONS}{evaluation_a.code}/close/")
    assert response.status_code == 200, response.json()
    form_start = last_entry_id()
    client.force_login(members[0])
    assert client.post(reverse("evaluation:close", args=[evaluation_twin.code])).status_code == 302

    assert Evaluation.objects.filter(pk=evaluation_a.pk).values(*RESULT).get() == (
        Evaluation.objects.filter(pk=evaluation_twin.pk).values(*RESULT).get()
    )
    assert trail(evaluation_a, application_a, since=start) == trail(evaluation_twin, twin, since=form_start)
    assert (response.json()["status"], response.json()["result"]["stars"]) == ("closed", 4)


def test_only_the_chair_closes_and_only_with_the_quorum(api_as, members, criteria_set, evaluation_a):
    submit_all(evaluation_a, members[:3], four_star(criteria_set))
    url = f"{EVALUATIONS}{evaluation_a.code}/close/"

    assert client_for(members[1]).post(url).status_code == 403
    assert api_as("erin").post(url).status_code == 403
    short = client_for(members[0]).post(url)
    assert short.status_code == 400
    assert short.json()["errors"] == {
        "non_field_errors": ["Chưa đủ số phiếu theo quy chế hội đồng: đã nộp 3, cần ít nhất 5."]
    }
    assert api_as("frank").post(url).status_code == 404
    assert Evaluation.objects.get().status == Evaluation.Status.OPEN


def test_diverging_result_reopened_through_the_api_leaves_what_the_form_leaves(
    client, members, criteria_set, evaluation_a, evaluation_twin, application_a, twin
):
    for evaluation in (evaluation_a, evaluation_twin):
        submit_all(evaluation, members[:4], five_star(criteria_set))
        submit_all(evaluation, members[4:], four_star(criteria_set))
        domain.close_evaluation(evaluation=evaluation, by=members[0])
    chair = client_for(members[0])
    url = f"{EVALUATIONS}{evaluation_a.code}/reopen/"
    assert chair.post(url, {"reason": ""}, format="json").json()["errors"] == {
        "reason": ["Trường này không được để trống."]
    }
    assert client_for(members[1]).post(url, {"reason": "Thống nhất lại 4.1"}, format="json").status_code == 403
    start = last_entry_id()
    response = chair.post(url, {"reason": "Thống nhất lại 4.1"}, format="json")
    assert response.status_code == 200, response.json()
    form_start = last_entry_id()
    client.force_login(members[0])
    page = client.post(reverse("evaluation:reopen", args=[evaluation_twin.code]), {"reason": "Thống nhất lại 4.1"})
    assert page.status_code == 302

    assert trail(evaluation_a, application_a, since=start) == trail(evaluation_twin, twin, since=form_start)
    assert response.json()["status"] == "open"
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.IN_ROUND


def test_recognition_through_the_api_issues_the_certificate_the_form_issues(
    api_as, client, erin, alice, members, criteria_set, evaluation_a, evaluation_twin, application_a, twin
):
    for evaluation in (evaluation_a, evaluation_twin):
        closed(evaluation, members, four_star(criteria_set))
    url = f"{EVALUATIONS}{evaluation_a.code}/decision/"
    options = api_as("erin").get(url).json()
    assert [option["outcome"] for option in options["outcomes"]] == ["recognise_province"]
    assert options["outcomes"][0]["label"].endswith(": 4 sao")
    start = last_entry_id()
    response = api_as("erin").post(url, api_decision(), format="json")
    assert response.status_code == 200, response.json()
    form_start = last_entry_id()
    client.force_login(erin)
    assert client.post(reverse("evaluation:decide", args=[evaluation_twin.code]), form_decision()).status_code == 302

    by_api = Certificate.objects.get(recognition__evaluation=evaluation_a)
    by_form = Certificate.objects.get(recognition__evaluation=evaluation_twin)
    fields = ["stars", "decision_number", "decision_date", "issued_on", "expires_on", "province", "legal_version"]
    assert Certificate.objects.filter(pk=by_api.pk).values(*fields).get() == (
        Certificate.objects.filter(pk=by_form.pk).values(*fields).get()
    )
    assert trail(evaluation_a, application_a, by_api, by_api.recognition, since=start) == trail(
        evaluation_twin, twin, by_form, by_form.recognition, since=form_start
    )
    body = response.json()
    assert (body["outcome"], body["certificate"]["number"], body["certificate"]["stars"]) == (
        "recognise_province",
        by_api.number,
        4,
    )
    assert api_as("erin").get(body["certificate"]["url"]).json()["number"] == by_api.number
    assert Notification.objects.filter(recipient=alice, message__contains=by_api.number).exists()


def test_5_star_result_is_proposed_to_the_ministry_without_a_certificate(api_as, members, criteria_set, evaluation_a):
    closed(evaluation_a, members, five_star(criteria_set))

    body = api_as("erin").post(f"{EVALUATIONS}{evaluation_a.code}/decision/", api_decision(), format="json").json()

    assert (body["outcome"], body["certificate"]) == ("propose_5", None)
    assert [d["kind"] for d in body["session"]["decisions"]] == [ResultDecision.Kind.PROPOSED_5]
    assert not Certificate.objects.exists()


def test_decision_is_for_the_provinces_officers_on_a_closed_result(api_as, members, criteria_set, evaluation_a):
    url = f"{EVALUATIONS}{evaluation_a.code}/decision/"
    assert api_as("erin").post(url, api_decision(), format="json").status_code == 403  # still open
    closed(evaluation_a, members, four_star(criteria_set))

    assert client_for(members[0]).post(url, api_decision(), format="json").status_code == 403
    assert api_as("frank").post(url, api_decision(), format="json").status_code == 404
    assert api_as("minh").get(url).status_code == 403
    future = api_as("erin").post(url, api_decision(decision_date="2999-01-01"), format="json")
    assert future.status_code == 400
    assert future.json()["errors"] == {"decision_date": ["Ngày quyết định không được ở tương lai."]}
    refused = api_as("erin").post(url, api_decision(outcome="propose_5"), format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["outcome"]
    assert not Certificate.objects.exists()


def test_decision_needs_the_certificates_right_of_a_token(erin, members, criteria_set, evaluation_a):
    closed(evaluation_a, members, four_star(criteria_set))
    url = f"{EVALUATIONS}{evaluation_a.code}/decision/"

    for scopes in ([], [WriteScope.SCORING]):
        assert bearer(erin, *scopes).post(url, api_decision(), format="json").status_code == 403
    assert not Certificate.objects.exists()
    assert bearer(erin, WriteScope.CERTIFICATES).post(url, api_decision(), format="json").status_code == 200
    assert Certificate.objects.count() == 1


def test_session_steps_need_the_scoring_right_of_a_token(members, criteria_set, evaluation_a):
    submit_all(evaluation_a, members, four_star(criteria_set))
    url = f"{EVALUATIONS}{evaluation_a.code}/close/"

    assert bearer(members[0]).post(url).status_code == 403
    assert bearer(members[0], WriteScope.CERTIFICATES).post(url).status_code == 403
    assert bearer(members[0], WriteScope.SCORING).post(url).json()["status"] == "closed"


def test_a_member_submits_their_sheet_with_a_token_of_the_scoring_right(members, criteria_set, evaluation_a):
    url = f"{EVALUATIONS}{evaluation_a.code}/sheet/"
    sheet = {"choices": four_star(criteria_set), "submit": True}

    assert bearer(members[1]).post(url, sheet, format="json").status_code == 403
    assert bearer(members[1], WriteScope.SCORING).post(url, sheet, format="json").json()["submitted_at"]


@pytest.fixture
def central_evaluation(central_round, product_a, minh):
    proposed = received_application(product_a, status=ApplicationStatus.PROPOSED_5)
    return domain.assign_to_round(round_=central_round, application=proposed, by=minh)


def test_ministry_recognises_a_central_5_star_result(api_as, national_members, criteria_set, central_evaluation):
    closed(central_evaluation, national_members, five_star(criteria_set))
    url = f"{EVALUATIONS}{central_evaluation.code}/decision/"

    assert api_as("erin").post(url, api_decision(), format="json").status_code == 403
    body = api_as("minh").post(url, api_decision(decision_number="9/QĐ-BNNMT"), format="json").json()

    certificate = Certificate.objects.get()
    assert (body["outcome"], body["certificate"]["number"]) == ("recognise_ministry", certificate.number)
    assert (certificate.stars, certificate.recognition.authority) == (5, "ministry")


def test_returned_central_result_is_sent_back_to_a_provincial_round_by_choice(
    api_as, minh, national_members, criteria_set, central_evaluation
):
    closed(central_evaluation, national_members, four_star(criteria_set))
    url = f"{EVALUATIONS}{central_evaluation.code}/decision/"
    returned = api_as("minh").post(url, api_decision(), format="json").json()
    assert (returned["outcome"], returned["certificate"]) == ("return", None)

    options = api_as("erin").get(url).json()["outcomes"]
    assert [option["outcome"] for option in options] == ["recognise_province", "reevaluate", "not_recognised"]
    body = api_as("erin").post(url, api_decision(outcome="reevaluate"), format="json").json()

    assert body["outcome"] == "reevaluate"
    central_evaluation.application.refresh_from_db()
    assert central_evaluation.application.status == ApplicationStatus.RECEIVED


def test_sessions_list_query_count_does_not_grow_with_the_site_visits(api_as, advisor, evaluation_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, counts = api_as("erin"), []
    for count in (1, 3):
        for _ in range(count):
            domain.record_site_visit(evaluation=evaluation_a, kind="visit", date=TODAY(), findings="Đã đến", by=advisor)
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get(EVALUATIONS).json()["results"][0]["site_visits"]) in (1, 4)
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
