import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination

from audit.models import AuditEntry
from criteria.sheets import sheet_layout
from evaluation import domain
from evaluation.models import MemberSheet
from evaluation.tests.workflow import conftest as workflow
from evaluation.tests.workflow.conftest import five_star, received_application, submit_all

# The evaluation workflow's fixtures: a Hà Nội round with a chair, four members and an advisor, dossier A in it.
members = workflow.members
chair = workflow.chair
round_ = workflow.round_
seated_round = workflow.seated_round
application_a = workflow.application_a
evaluation_a = workflow.evaluation_a

ROUNDS = "/api/v1/rounds/"
EVALUATIONS = "/api/v1/evaluations/"


def sheet_entries(evaluation, member):
    row = MemberSheet.objects.get(evaluation=evaluation, member=member)
    rows = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MemberSheet), object_id=str(row.pk)
    ).order_by("id")
    # The members differ, and so do their submission times; everything else must be the same.
    return [(e.action, {k: v for k, v in e.changes.items() if k != "submitted_at"}, e.note) for e in rows]


@pytest.mark.parametrize(
    ("persona", "visible"), [("erin", True), ("frank", False), ("minh", True), ("bob", False), ("tv1", True)]
)
def test_rounds_and_sessions_are_the_persona_scope(api_as, persona, visible, evaluation_a, members):
    client = api_as(persona) if persona != "tv1" else _client_for(members[1])
    round_code = evaluation_a.round.code

    assert [r["code"] for r in client.get(ROUNDS).json()["results"]] == ([round_code] if visible else [])
    assert client.get(f"{ROUNDS}{round_code}/").status_code == (200 if visible else 404)
    assert [e["code"] for e in client.get(EVALUATIONS).json()["results"]] == ([evaluation_a.code] if visible else [])
    assert client.get(f"{EVALUATIONS}{evaluation_a.code}/").status_code == (200 if visible else 404)


def _client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(user)
    return client


def test_round_detail_lists_its_council(api_as, seated_round):
    body = api_as("erin").get(f"{ROUNDS}{seated_round.code}/").json()

    assert body["status"] == "open"
    assert body["province"]["code"] == seated_round.province.code
    assert sorted(m["role"] for m in body["council"]) == ["advisor", "chair", "member", "member", "member", "member"]


def test_member_submits_their_sheet_through_the_api_as_through_the_page(client, members, evaluation_a):
    choices = five_star(evaluation_a.criteria_set)
    layout = sheet_layout(evaluation_a.criteria_set_id)
    by_api, by_page = members[1], members[2]

    response = _client_for(by_api).post(
        f"{EVALUATIONS}{evaluation_a.code}/sheet/",
        {"choices": choices, "comment": "Đạt.", "submit": True},
        format="json",
    )
    client.force_login(by_page)
    page = client.post(
        reverse("evaluation:sheet", args=[evaluation_a.code]),
        {**{leaf.field_name: choices[leaf.code] for leaf in layout.leaves}, "comment": "Đạt.", "action": "submit"},
    )

    assert response.status_code == 200, response.json()
    assert page.status_code == 302
    assert response.json()["submitted_at"] is not None
    fields = ["choices", "knockouts", "stops", "comment", "total"]
    api_row = MemberSheet.objects.filter(member=by_api).values(*fields).get()
    assert api_row == MemberSheet.objects.filter(member=by_page).values(*fields).get()
    assert sheet_entries(evaluation_a, by_api) == sheet_entries(evaluation_a, by_page)
    assert _client_for(by_api).get(f"{EVALUATIONS}{evaluation_a.code}/sheet/").json()["total"] == str(api_row["total"])


def test_sheet_with_an_option_not_on_the_sheet_is_400_per_criterion_and_saves_nothing(members, evaluation_a):
    choices = {**five_star(evaluation_a.criteria_set), "1.1": 9}

    response = _client_for(members[1]).post(
        f"{EVALUATIONS}{evaluation_a.code}/sheet/", {"choices": choices, "submit": True}, format="json"
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["choices"]
    assert list(errors["choices"]) == ["1.1"]
    assert "9" in errors["choices"]["1.1"][0]
    assert not MemberSheet.objects.exists()


def test_sheet_with_an_unknown_criterion_is_400(members, evaluation_a):
    response = _client_for(members[1]).post(
        f"{EVALUATIONS}{evaluation_a.code}/sheet/", {"choices": {"99.9": 1}}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"choices": ["Không có tiêu chí 99.9 trong phiếu này."]}


def test_incomplete_sheet_cannot_be_submitted_and_nothing_is_saved(members, evaluation_a):
    response = _client_for(members[1]).post(
        f"{EVALUATIONS}{evaluation_a.code}/sheet/", {"choices": {"1.1": 1}, "submit": True}, format="json"
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]
    assert not MemberSheet.objects.exists()


@pytest.mark.parametrize("persona", ["frank", "erin", "advisor", "bob"])
def test_sheet_of_who_does_not_score_in_the_session_is_404(api_as, persona, evaluation_a):
    response = api_as(persona).post(f"{EVALUATIONS}{evaluation_a.code}/sheet/", {"choices": {}}, format="json")

    assert response.status_code == 404
    assert not MemberSheet.objects.exists()


def test_closed_session_shows_its_result(api_as, chair, members, evaluation_a):
    submit_all(evaluation_a, members, five_star(evaluation_a.criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=chair)

    body = api_as("erin").get(f"{EVALUATIONS}{evaluation_a.code}/").json()

    assert body["status"] == "closed"
    assert (body["result"]["rankable"], body["result"]["stars"]) == (True, 5)
    assert body["dossier"] == evaluation_a.application.code
    assert body["decisions"] == []


def test_sessions_list_paginates_filters_and_orders(api_as, monkeypatch, erin, seated_round, evaluation_a, product_b):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    second = domain.assign_to_round(round_=seated_round, application=received_application(product_b), by=erin)
    client = api_as("erin")

    page = client.get(EVALUATIONS, {"ordering": "created"}).json()
    assert (page["count"], page["results"][0]["code"]) == (2, evaluation_a.code)
    assert client.get(page["next"]).json()["results"][0]["code"] == second.code
    assert client.get(EVALUATIONS, {"product": product_b.code}).json()["results"][0]["code"] == second.code
    assert client.get(EVALUATIONS, {"status": "closed"}).json()["count"] == 0
    assert client.get(EVALUATIONS, {"round": seated_round.code, "ordering": "-created"}).json()["count"] == 2
    assert client.get(EVALUATIONS, {"ordering": "round"}).status_code == 400
    assert client.get(ROUNDS, {"status": "open", "ordering": "-evaluate_by"}).json()["count"] == 1
    assert client.get(ROUNDS, {"level": "central"}).json()["count"] == 0
