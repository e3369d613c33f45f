"""Every officers' list (page and API) can give its first page in its default order from an index, without sorting
its rows: the page's own query, as the view runs it on the demo data, is explained with sequential scans and sorts
priced out of reach (`enable_seqscan`, `enable_sort` off), and its plan must hold no Sort node. A plan that still
sorts means no index gives that order for that scope (or the query groups its rows). PostgreSQL only; the figures
at 20,000 products are in bench/bench_lists.py."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from history import jobs
from history.tests import factories as history_factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")

PROVINCE, COMMUNE, NATIONAL, INSPECTOR = "tinh.hanoi", "xa.phunghia", "bo", "thanhtra"

# (who, the list's address, the table it lists)
PAGES = [
    *((who, "/san-pham/", "products_product") for who in (PROVINCE, COMMUNE, NATIONAL)),
    *((who, "/chu-the/", "producers_producer") for who in (PROVINCE, COMMUNE, NATIONAL)),
    *((who, "/ho-so/", "dossiers_application") for who in (PROVINCE, COMMUNE, NATIONAL)),
    *((who, "/chung-nhan/", "certificates_certificate") for who in (PROVINCE, COMMUNE, NATIONAL)),
    *((who, "/tem/", "stamps_stampbatch") for who in (PROVINCE, NATIONAL)),
    *((who, "/danh-gia/", "evaluation_round") for who in (PROVINCE, NATIONAL)),
    *((who, "/kiem-tra/", "inspections_inspection") for who in (INSPECTOR, PROVINCE, NATIONAL)),
    *((who, "/kiem-tra/", "inspections_inspectionplan") for who in (INSPECTOR, NATIONAL)),
    *((who, "/kiem-tra/hop-thu/", "monitoring_signal") for who in (INSPECTOR, PROVINCE, NATIONAL)),
    *((who, "/chuong-trinh/su-kien/", "programme_event") for who in (PROVINCE, NATIONAL)),
    (PROVINCE, "/chuong-trinh/kinh-phi/", "programme_funding"),
    (PROVINCE, "/chuong-trinh/tu-van/", "programme_consultant"),
    *((who, "/thi-truong/diem-ban/", "market_salespoint") for who in (PROVINCE, NATIONAL)),
    *((who, "/thi-truong/ben-mua/", "market_buyer") for who in (PROVINCE, NATIONAL)),
    *((who, "/thi-truong/nhu-cau/", "market_demand") for who in (PROVINCE, NATIONAL)),
    (PROVINCE, "/thi-truong/thoa-thuan/", "market_tradeagreement"),
    (PROVINCE, "/lich-su/nhap/", "history_importjob"),
    (PROVINCE, "/thong-bao/", "notifications_notification"),
]
API = {
    "producers": "producers_producer",
    "products": "products_product",
    "dossiers": "dossiers_application",
    "documents": "dossiers_document",
    "rounds": "evaluation_round",
    "evaluations": "evaluation_evaluation",
    "certificates": "certificates_certificate",
    "stamp-batches": "stamps_stampbatch",
    "inspection-plans": "inspections_inspectionplan",
    "inspections": "inspections_inspection",
    "fundings": "programme_funding",
    "consultants": "programme_consultant",
    "assignments": "programme_assignment",
    "events": "programme_event",
    "sales-points": "market_salespoint",
    "buyers": "market_buyer",
    "demands": "market_demand",
    "agreements": "market_tradeagreement",
}
PAGES += [(who, f"/api/v1/{name}/", table) for name, table in API.items() for who in (PROVINCE, NATIONAL)]
# Not indexable as they are, and left so (bench/README.md, `bench_lists.py`): a council member's sheets are
# ordered by their round's date (another table) and are bounded by the member's seats; the API's plans are ordered
# by their area's code (another table) within one province's few plans.
NOT_INDEXED = {"/danh-gia/phieu-cua-toi/", "/api/v1/plans/"}


@pytest.fixture(scope="module")
def demo_lists(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (every list has rows), one history import, and fresh statistics; rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        producers = [{"tax_code": history_factories.tax_code(1), "name": "Hợp tác xã Chỉ mục", "kind": "Hợp tác xã"}]
        workbook = history_factories.workbook({"producers": producers}, title="chi-muc").getvalue()
        jobs.upload_job(upload=SimpleUploadedFile("chi-muc.xlsx", workbook), by=User.objects.get(username=PROVINCE))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        yield
        transaction.set_rollback(True)


def page_queries(client, who: str, url: str, table: str) -> list[str]:
    """The queries of `url` that read a page of `table` in an order (ORDER BY … LIMIT)."""
    client.force_login(User.objects.get(username=who))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (who, url, response.status_code)
    main = f'FROM "{table}" '
    return [
        query["sql"]
        for query in captured.captured_queries
        if "ORDER BY" in query["sql"] and " LIMIT " in query["sql"] and main in _outer(query["sql"])
    ]


def _outer(sql: str) -> str:
    """The statement up to its first FROM that is not in a subquery of the select list."""
    depth = 0
    for at in range(len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[at], 0)
        if depth == 0 and sql.startswith(" FROM ", at):
            return sql[at + 1 :]
    return sql


def plan(sql: str) -> dict:
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_sort", "enable_incremental_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        return cursor.fetchone()[0][0]["Plan"]


def sorts(node: dict) -> list[str]:
    found = [node.get("Sort Key")] if "Sort" in node["Node Type"] else []
    for child in node.get("Plans", []):
        found.extend(sorts(child))
    return found


@pytest.mark.parametrize(("who", "url", "table"), PAGES, ids=[f"{who}:{url}:{table}" for who, url, table in PAGES])
def test_each_list_gives_its_first_page_from_an_index(demo_lists, db, client, who, url, table):
    queries = page_queries(client, who, url, table)
    assert queries, f"{url} read no page of {table} for {who}: the demo data must give it rows"
    for sql in queries:
        assert sorts(plan(sql)) == [], f"{url} ({who}) sorts {table}:\n{sql}"


@pytest.mark.parametrize("url", sorted(NOT_INDEXED))
def test_the_lists_left_unindexed_still_sort(demo_lists, db, client, url):
    """The exceptions above are real (if one stops sorting, it belongs with the others)."""
    who, table = ("hoidong", "evaluation_evaluation") if "phieu" in url else (PROVINCE, "programme_plan")
    queries = page_queries(client, who, url, table)
    assert queries
    assert any(sorts(plan(sql)) for sql in queries)
