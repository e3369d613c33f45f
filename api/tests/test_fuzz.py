"""The schema-driven fuzzer: schemathesis generates requests for every operation of the schema and sends them,
anonymous and with a token of each role (write rights included), through the WSGI application. No answer may be a
server error, or break the schema (status code, content type, body). Runs in the SQLite leg of `make test`;
`-m "not fuzz"` leaves it out locally."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from api.tokens import WriteScope

pytestmark = pytest.mark.fuzz

ROLES = ["alice", "carol", "erin", "council", "inspector", "minh", "root", "buyer", "oanh"]
EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def callers(request, product_a, product_b):
    """Anonymous, then a token of each persona's role carrying every write right."""
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    headers = [{}]
    for persona in ROLES:
        user = request.getfixturevalue(persona)
        _token, raw = tokens.create_token(
            user=user, name="fuzz", expires_on=expires_on, scopes=list(WriteScope.values), by=user
        )
        headers.append({"Authorization": f"Bearer {raw}"})
    return headers


@pytest.fixture
def connection_kept():
    """The WSGI application closes the database connection after each request, as in production; the test's
    transaction needs it open (Django's test client disconnects the same receiver)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_answers_every_request_by_its_schema(callers, connection_kept):
    # The schema is read from the running application (its test database), so the operations are walked here
    # rather than parametrized at collection.
    from ocop.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            for headers in callers:
                case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # every operation's failures are reported at the end
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
