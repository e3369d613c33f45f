"""The council endpoints' successful answers match the schema: the fuzzer's random codes mostly meet 404s, so
here real rounds, seats and sessions are asked for, through the WSGI application, and each answer is checked as
the fuzzer checks it."""

import datetime

import pytest
import schemathesis

from api import tokens
from api.tokens import WriteScope
from evaluation import domain
from evaluation.tests.workflow import conftest as workflow
from evaluation.tests.workflow.conftest import four_star, submit_all

from .council import TODAY
from .test_fuzz import CHECKS, connection_kept  # noqa: F401 (a fixture)

members = workflow.members
chair = workflow.chair
round_ = workflow.round_
seated_round = workflow.seated_round
application_a = workflow.application_a
evaluation_a = workflow.evaluation_a


def token_of(user) -> dict:
    expires_on = TODAY() + datetime.timedelta(days=30)
    _token, raw = tokens.create_token(
        user=user, name="Lược đồ", expires_on=expires_on, scopes=list(WriteScope.values), by=user
    )
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def schema(connection_kept):  # noqa: F811 (the fixture imported above)
    from ocop.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


def answer(schema, method: str, path: str, headers: dict, *, status=200, body=None, query=None, code=None):
    given = {"body": body, "media_type": "application/json"} if body is not None else {}
    case = schema[path][method].Case(path_parameters={"code": code} if code else None, query=query, **given)
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def test_council_answers_match_the_schema(schema, erin, members, criteria_set, evaluation_a, council):
    organiser = token_of(erin)
    code, session, year = evaluation_a.round.code, evaluation_a.code, TODAY().year
    new_round = {"name": "Đợt 1", "proposal_cutoff": f"{year}-04-30", "evaluate_by": f"{year}-06-30"}

    created = answer(schema, "POST", "/api/v1/rounds/", organiser, status=201, body=new_round)["code"]
    answer(schema, "PATCH", "/api/v1/rounds/{code}/", organiser, body={"name": "Đợt 1 (sửa)"}, code=created)
    answer(schema, "POST", "/api/v1/rounds/{code}/status/", organiser, body={"status": "scoring"}, code=created)
    answer(schema, "GET", "/api/v1/rounds/{code}/members/", organiser, code=code)
    answer(schema, "GET", "/api/v1/rounds/{code}/eligible-members/", organiser, query={"role": "member"}, code=code)
    seat = {"username": council.username, "role": "member", "agency": ""}
    answer(schema, "POST", "/api/v1/rounds/{code}/members/", organiser, status=201, body=seat, code=code)
    answer(schema, "GET", "/api/v1/council-regulation/", organiser)
    answer(schema, "PUT", "/api/v1/council-regulation/", organiser, body={"quorum": 5, "max_gap": "10"})
    visit = {"kind": "visit", "date": TODAY().isoformat(), "findings": "Đã khảo sát"}
    answer(schema, "POST", "/api/v1/evaluations/{code}/site-visits/", organiser, status=201, body=visit, code=session)
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.remove_member(membership=evaluation_a.round.memberships.get(user=council), by=erin)
    answer(schema, "POST", "/api/v1/evaluations/{code}/close/", token_of(members[0]), code=session)
    answer(schema, "GET", "/api/v1/evaluations/{code}/decision/", organiser, code=session)
    decision = {"decision_number": "1/QĐ-UBND", "decision_date": TODAY().isoformat(), "signer": "Chủ tịch"}
    body = answer(schema, "POST", "/api/v1/evaluations/{code}/decision/", organiser, body=decision, code=session)
    assert body["certificate"]["number"]
