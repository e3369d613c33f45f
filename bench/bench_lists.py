"""Benchmark of the officers' lists' first page on PostgreSQL, without and with their indexes (issue 14): 20,000
products of 10,000 producers, 100,000 dossiers, 12,000 certificates and stamp batches (the data set of
bench_dashboard.py), then each list's first page rendered through the test client for a province's OCOP officer
(Hà Nội), a commune officer (the commune with the most producers) and a ministry officer, and its API list too.
For each: the median time of the request and of the page's own query (EXPLAIN ANALYZE), and the plan's shape
(the nodes from the top to the first scan), first with the lists' indexes dropped, then with them created again.

    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_lists.py \
        [--repeat 5] [--keep]

It needs a database of its own: it empties the producers, products, dossiers, certificates and stamps."""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_dashboard  # the shared data set

# The indexes this benchmark compares: the lists' (`*_list`, `*_list_order`, `notification_inbox_order`).
LISTS = [
    ("products", "/san-pham/", "/api/v1/products/", "products_product"),
    ("producers", "/chu-the/", "/api/v1/producers/", "producers_producer"),
    ("dossiers", "/ho-so/", "/api/v1/dossiers/", "dossiers_application"),
    ("certificates", "/chung-nhan/", "/api/v1/certificates/", "certificates_certificate"),
    ("stamp batches", "/tem/", "/api/v1/stamp-batches/", "stamps_stampbatch"),
]


def list_indexes():
    from django.apps import apps

    for model in apps.get_models():
        for index in model._meta.indexes:
            if index.name.endswith(("_list", "_list_order")) or index.name == "notification_inbox_order":
                yield model, index


def set_indexes(present: bool) -> None:
    from django.db import connection

    with connection.schema_editor() as editor:
        for model, index in list_indexes():
            editor.execute(f"DROP INDEX IF EXISTS {editor.quote_name(index.name)}")
            if present:
                editor.add_index(model, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def users():
    from django.db.models import Count

    from accounts.models import Role, User
    from producers.models import Producer

    minh, erin = bench_dashboard._users()
    commune = (
        Producer.objects.filter(current_province=erin.area).values("current_commune").annotate(n=Count("id"))
    ).order_by("-n")[0]["current_commune"]
    carol, _created = User.objects.update_or_create(
        username="bench-carol", defaults={"role": Role.COMMUNE_OFFICER, "area_id": commune}
    )
    return [("province", erin), ("commune", carol), ("national", minh)]


def shape(node: dict) -> str:
    """The plan's nodes from the top down to the first scan of a table, e.g. `Limit > Sort > Hash Join > Seq Scan`."""
    names = []
    while True:
        name = node["Node Type"]
        if "Index Name" in node:
            name += f" ({node['Index Name']})"
        names.append(name)
        if "Scan" in node["Node Type"] or not node.get("Plans"):
            return " > ".join(names)
        node = node["Plans"][0]


def page_query(captured, table: str) -> str:
    main = f'FROM "{table}" '
    found = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and " LIMIT " in q["sql"] and main in q["sql"]]
    return found[0]


def explain(sql: str) -> tuple[float, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        result = cursor.fetchone()[0]
    result = json.loads(result) if isinstance(result, str) else result
    return result[0]["Execution Time"], shape(result[0]["Plan"])


def measure(repeat: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    for who, user in users():
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for name, page, api, table in LISTS:
            for kind, url in (("page", page), ("API", api)):
                client.get(url, secure=True)  # warm
                times, sql = [], None
                for _n in range(repeat):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url, secure=True)
                        times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                    sql = page_query(captured.captured_queries, table)
                query_times, plan = [], ""
                for _n in range(repeat):
                    took, plan = explain(sql)
                    query_times.append(took)
                rows.append((f"{name} {kind} ({who})", statistics.median(times), statistics.median(query_times), plan))
    return rows


def report(title: str, rows) -> None:
    print(f"\n{title}")
    print(f"  {'list':34} {'request':>9} {'query':>9}  plan")
    for name, request_ms, query_ms, plan in rows:
        print(f"  {name:34} {request_ms:7.1f}ms {query_ms:7.2f}ms  {plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the data set of the last run")
    args = parser.parse_args()
    bench_dashboard.setup_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    bench_dashboard.prepare()
    if not args.keep:
        started = time.perf_counter()
        bench_dashboard.generate()
        print(f"data set written in {time.perf_counter() - started:.1f} s")
    try:
        set_indexes(False)
        report("without the lists' indexes", measure(args.repeat))
    finally:
        set_indexes(True)
    report("with the lists' indexes", measure(args.repeat))


if __name__ == "__main__":
    main()
