"""The report's reads go to the replica (`core.databases`), its writes and everything else to the primary. The
replica alias mirrors the test database (root conftest): the tests are transactional, so that its connection sees
what the primary committed."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from core.databases import on_replica
from evaluation.tests.workflow.conftest import _keep_reference_tables, _restore_reference_tables
from reports.rollups import refresh_all
from stamps.tests.conftest import certified_a  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module")
def reference_tables(django_db_setup, django_db_blocker):
    """The flush after each transactional test empties the reference tables: put back after this module's last."""
    with django_db_blocker.unblock():
        tables = _keep_reference_tables()
    yield tables
    with django_db_blocker.unblock():
        _restore_reference_tables(tables)


@pytest.fixture(autouse=True)
def reference_data(reference_tables, django_db_blocker):
    """…and before each test (the previous one's flush emptied them)."""
    with django_db_blocker.unblock():
        _restore_reference_tables(reference_tables)


@pytest.fixture
def replica(settings):
    settings.REPORTS_READ_REPLICA = True


def read(client, user, url: str, **query):
    client.force_login(user)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url, query)
    assert response.status_code == 200, response.content[:2000]
    return [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]


def reads_figures(queries: list[str]) -> bool:
    return any('"reports_' in sql or '"certificates_certificate"' in sql for sql in queries)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("reports:report", {}),
        ("reports:xlsx", {}),
        ("reports:pdf", {}),
        ("api:v1:statistics", {}),
        ("api:v1:statistics-table", {}),
    ],
    ids=["page", "xlsx", "pdf", "api", "api-table"],
)
def test_the_report_reads_its_figures_from_the_replica(replica, client, minh, certified_a, url, query):  # noqa: F811
    address = reverse(url, args=["certificates"]) if url.endswith("-table") else reverse(url)
    primary, from_replica = read(client, minh, address, **query)
    assert reads_figures(from_replica)
    assert not reads_figures(primary)
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in from_replica)


def test_the_dashboards_key_figures_come_from_the_replica_and_its_work_lists_from_the_primary(replica, client, minh):
    primary, from_replica = read(client, minh, reverse("dashboards:home"))
    assert any('"reports_' in sql for sql in from_replica)
    assert not any('"reports_' in sql for sql in primary)
    # The counts of the home page's own lists are not figures of the report: they stay on the primary.
    assert any('"producers_producer"' in sql for sql in primary)


def test_writes_inside_the_replicas_block_go_to_the_primary(replica, certified_a):  # noqa: F811
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as from_replica,
        on_replica(),
    ):
        Certificate.objects.filter(pk=certified_a.pk).update(decision_number="9/QĐ-UBND")
        list(Certificate.objects.filter(pk=certified_a.pk))
    assert any(sql.startswith("UPDATE") for sql in (q["sql"] for q in primary.captured_queries))
    assert all(q["sql"].startswith("SELECT") for q in from_replica.captured_queries)
    assert from_replica.captured_queries


def test_the_rollups_refresh_on_the_primary(replica, certified_a):  # noqa: F811
    with CaptureQueriesContext(connections["replica"]) as from_replica:
        refresh_all(full=True)
    assert from_replica.captured_queries == []


def test_without_a_replica_everything_stays_on_the_primary(client, minh, settings):
    settings.REPORTS_READ_REPLICA = False
    primary, from_replica = read(client, minh, reverse("reports:report"))
    assert from_replica == []
    assert reads_figures(primary)
