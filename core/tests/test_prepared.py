import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.prepared import execute_prepared, prepares_statements
from evaluation.tests.workflow.conftest import reference_data_kept  # noqa: F401

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL only")
SQL = "SELECT CAST(%s AS integer) + CAST(%s AS integer), CAST(%s AS text)"


@pytest.fixture
def persistent_connections(monkeypatch):
    """As production runs (DB_CONN_MAX_AGE 60 when DEBUG is off); the test settings keep one a request."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)


def run(name: str, params) -> tuple[tuple, list[str]]:
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        execute_prepared(cursor, name, SQL, params)
        row = cursor.fetchone()
    return row, [query["sql"] for query in queries.captured_queries]


@on_postgresql
@pytest.mark.django_db
def test_prepared_once_per_session_then_executed(persistent_connections):
    assert prepares_statements()
    first, sent_first = run("ocop_test_sum", [1, 2, "a"])
    second, sent_second = run("ocop_test_sum", [40, 2, "b'; DROP TABLE x; --"])
    assert (first, second) == ((3, "a"), (42, "b'; DROP TABLE x; --"))
    assert [sql.split()[0] for sql in sent_first] == ["PREPARE", "EXECUTE"]
    assert [sql.split()[0] for sql in sent_second] == ["EXECUTE"]


@on_postgresql
def test_a_new_session_prepares_again(reference_data_kept, transactional_db, persistent_connections):  # noqa: F811
    # Transactional (closing the connection would end a test's transaction), so the flush after it is undone for
    # the reference tables the migrations loaded: the next test on this worker still finds the areas and sheets.
    run("ocop_test_again", [1, 1, "x"])
    connection.close()  # the next query opens a new session, which has prepared nothing
    row, sent = run("ocop_test_again", [2, 2, "y"])
    assert row == (4, "y")
    assert [sql.split()[0] for sql in sent] == ["PREPARE", "EXECUTE"]


@pytest.mark.django_db
def test_sent_as_it_is_where_connections_do_not_persist(monkeypatch):
    # Behind a pooler (DB_CONN_MAX_AGE=0) the next statement may reach another session: nothing is prepared.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    assert not prepares_statements()
    row, sent = run("ocop_test_plain", [1, 2, "z"])
    assert row == (3, "z")
    assert not any(sql.startswith(("PREPARE", "EXECUTE")) for sql in sent)
