"""Benchmark of the report figures at national scale, on PostgreSQL: 20,000 products of 10,000 producers, 100,000
dossiers over 8 years (each with an imported result), certificates and stamps, and 1,000,000 then 10,000,000 scan
events; the rollups are rebuilt (`reports.rollups.refresh_all`), then the national home page and report (a ministry
officer) and a province's (its OCOP officer) are rendered through the test client, and the API's whole report too.
Prints each page's median render time (wall, and the CPU time of the Django process) and its number of queries, at
each scan count: the pages read only the rollups, so the times must not grow with the scans.

    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_dashboard.py \
        [--scans 1000000 10000000] [--repeat 7] [--keep [--refresh]]

It needs a database of its own: it empties the producers, products, dossiers, certificates, stamps and scans.
Data is written with INSERT … SELECT generate_series (no Python loop over rows)."""

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCERS, PRODUCTS, DOSSIERS, YEARS, CERTIFICATES, STAMPS = 10_000, 20_000, 100_000, 8, 12_000, 100_000
FIRST_YEAR = 2019


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench_dashboard needs PostgreSQL: set DATABASE_URL to a database of its own.")


def prepare() -> None:
    from django.core.management import call_command

    from areas.models import Area

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("load_reference_data", verbosity=0)


def sql(statement: str, params=None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def generate() -> None:
    """Producers in random communes of today, products, dossiers (filed, forwarded, received), results, certificates,
    one stamp batch per certificate."""
    from criteria.models import CriteriaSet, LegalVersion

    sql(
        "TRUNCATE reports_productday, reports_certificatefigure, reports_stampday, reports_refreshstate, "
        "stamps_scanevent, stamps_stamp, stamps_stampsheet, stamps_stampbatch, certificates_certificate, "
        "history_pastresult, dossiers_communereview, dossiers_application, products_product, producers_producer "
        "RESTART IDENTITY CASCADE"
    )
    version = LegalVersion.objects.get(code="QD148_2023").pk
    sets = list(CriteriaSet.objects.values_list("pk", flat=True))
    admin = _admin()
    sql(
        "CREATE TEMP TABLE bench_communes AS SELECT row_number() OVER (ORDER BY id) AS n, id, parent_id "
        "FROM areas_area WHERE era = '2025' AND level = 'commune'"
    )
    sql(
        """
        INSERT INTO producers_producer (code, name, kind, enterprise_form, representative_name,
            representative_position, representative_gender, representative_ethnicity, representative_has_disability,
            street_address, area_id, current_commune_id, current_province_id, phone, email, website, status,
            status_note, search_key, created_at, updated_at)
        SELECT 'P' || lpad(i::text, 9, '0'), 'Chủ thể ' || i,
            (ARRAY['cooperative','enterprise','household','farm','cooperative_group'])[1 + i %% 5], '', 'Nguyễn Văn A',
            '', 'male', 'Kinh', false, 'Thôn 1', c.id, c.id, c.parent_id, '0912345678', '', '', 'verified', '',
            'chu the ' || i, now(), now()
        FROM generate_series(1, %s) AS i
        JOIN bench_communes c ON c.n = 1 + (i * 7919) %% (SELECT count(*) FROM bench_communes)
        """,
        [PRODUCERS],
    )
    sql(
        """
        INSERT INTO products_product (code, official_code, commune_serial, serial_area_id, producer_id,
            criteria_set_id, name, description, specification, standard, gtin, story, quality_declaration,
            food_safety_certificate, raw_material_area, search_key, created_at, updated_at)
        SELECT 'S' || lpad(i::text, 9, '0'), 'B-' || i, i, p.area_id, p.id, (%s::int[])[1 + i %% %s],
            'Sản phẩm ' || i, '', '', '', '', '', '', '', '', 'san pham ' || i, now(), now()
        FROM generate_series(1, %s) AS i
        JOIN producers_producer p ON p.id = 1 + (i - 1) %% %s
        """,
        [sets, len(sets), PRODUCTS, PRODUCERS],
    )
    # Dossier i: year FIRST_YEAR + i // (DOSSIERS / YEARS), product (i * 7919) % PRODUCTS (distinct within a year).
    per_year = DOSSIERS // YEARS
    sql(
        """
        INSERT INTO dossiers_application (code, product_id, kind, legal_version_id, criteria_set_id, status,
            commune_id, province_id, sample_count, commitment, history, business_results, business_plan,
            changes_since_recognition, self_choices, self_notes, review_forms, review_lines, returned_reason,
            submitted_at, commune_deadline, received_at, created_at, updated_at)
        SELECT 'D' || lpad(i::text, 9, '0'), pr.id, 'first', %s, pr.criteria_set_id, 'recognised',
            p.current_commune_id, p.current_province_id, 5, true, '', '', '', '', '{}', '{}', false, '[]', '',
            d.day, (d.day + interval '21 days')::date, d.day + interval '20 days', d.day, d.day
        FROM generate_series(0, %s - 1) AS i
        CROSS JOIN LATERAL (
            SELECT make_timestamptz((%s + i / %s)::int, (1 + i %% 12)::int, (1 + i %% 28)::int, 9, 0, 0) AS day
        ) d
        JOIN products_product pr ON pr.id = 1 + (i * 7919) %% %s
        JOIN producers_producer p ON p.id = pr.producer_id
        """,
        [version, DOSSIERS, FIRST_YEAR, per_year, PRODUCTS],
    )
    sql(
        """
        INSERT INTO history_pastresult (product_id, year, legal_version_id, level, result, stars, area_id,
            current_commune_id, current_province_id, decision_number, created_at, updated_at)
        SELECT a.product_id, extract(year FROM a.submitted_at)::int, %s, 'province',
            (ARRAY['2','3','3','3','4','4','5','not_ranked'])[1 + a.id %% 8], NULL, a.commune_id, a.commune_id,
            a.province_id, '', now(), now()
        FROM dossiers_application a
        """,
        [version],
    )
    sql(
        """
        INSERT INTO certificates_certificate (number, product_id, stars, legal_version_id, province_id,
            area_at_issue_id, decision_number, decision_date, issued_on, expires_on, imported, created_at)
        SELECT 'B-' || pr.id, pr.id, 3 + pr.id %% 2, %s, p.current_province_id, p.area_id, '1/QĐ',
            d.issued, d.issued, (d.issued + interval '36 months')::date, true, now()
        FROM products_product pr
        JOIN producers_producer p ON p.id = pr.producer_id
        CROSS JOIN LATERAL (
            SELECT make_date((2023 + pr.id %% 3)::int, (1 + pr.id %% 12)::int, (1 + pr.id %% 28)::int) AS issued
        ) d
        WHERE pr.id <= %s
        """,
        [version, CERTIFICATES],
    )
    sql(
        """
        INSERT INTO stamps_stampbatch (code, product_id, province_id, certificate_id, quantity, lot,
            production_date, expiry_date, status, progress, error, revoke_reason, ordered_by_id, created_at, issued_at)
        SELECT 'T' || lpad(c.id::text, 9, '0'), c.product_id, p.current_province_id, c.id, %s / %s, 'L1',
            c.issued_on, c.expires_on, 'issued', %s / %s, '', '', %s, c.issued_on, c.issued_on + interval '1 day'
        FROM certificates_certificate c
        JOIN products_product pr ON pr.id = c.product_id
        JOIN producers_producer p ON p.id = pr.producer_id
        """,
        [STAMPS, CERTIFICATES, STAMPS, CERTIFICATES, admin.pk],
    )
    sql(
        """
        INSERT INTO stamps_stamp (serial, batch_id, revoke_reason)
        SELECT 'X' || lpad(i::text, 12, '0'), 1 + i %% %s, '' FROM generate_series(1, %s) AS i
        """,
        [CERTIFICATES, STAMPS],
    )


def add_scans(count: int, offset: int) -> None:
    """`count` scans over the last year, 1 % suspicious, spread over the stamps."""
    sql(
        """
        INSERT INTO stamps_scanevent (stamp_id, serial, scanned_at, verdict, user_agent, ip_hash)
        SELECT 1 + i %% %s, '', now() - (i %% 31536000) * interval '1 second',
            CASE WHEN i %% 100 = 0 THEN 'suspicious' ELSE 'genuine' END, '', ''
        FROM generate_series(%s, %s) AS i
        """,
        [STAMPS, offset + 1, offset + count],
    )
    sql("ANALYZE stamps_scanevent")


def vacuum() -> None:
    """What autovacuum does after the nightly refresh: statistics and the visibility map (index-only scans)."""
    for table in ("reports_productday", "reports_certificatefigure", "reports_stampday"):
        sql(f"VACUUM ANALYZE {table}")


def _admin():
    from accounts.models import Role, User

    user, _created = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.SYSADMIN})
    return user


def _users():
    from accounts.models import Role, User
    from areas.models import Area

    province = Area.objects.get(era=Area.Era.CURRENT, level=Area.Level.PROVINCE, code="01")
    minh, _created = User.objects.get_or_create(username="bench-minh", defaults={"role": Role.MINISTRY_OFFICER})
    erin, _created = User.objects.get_or_create(
        username="bench-erin", defaults={"role": Role.PROVINCE_OFFICER, "area": province}
    )
    return minh, erin


def measure(repeat: int, year: int) -> list[tuple[str, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from core import versions
    from reports.rollups import FIGURES_VERSION

    minh, erin = _users()
    home = reverse("dashboards:home")
    # The home pages twice: their key figures from the cache, then recomputed (as on the first visit after a
    # refresh of the rollups, which bumps the figures' stamp).
    pages = [
        ("national dashboard", minh, home, False),
        ("national dashboard, figures recomputed", minh, home, True),
        ("national report page", minh, reverse("reports:report"), False),
        ("national API report", minh, reverse("api:v1:statistics"), False),
        ("province dashboard (Hà Nội)", erin, home, False),
        ("province dashboard (Hà Nội), figures recomputed", erin, home, True),
        ("province report page (Hà Nội)", erin, reverse("reports:report"), False),
        ("province API report (Hà Nội)", erin, reverse("api:v1:statistics"), False),
    ]
    results = []
    periods = [(f"{year}", {"first": year}), (f"{year - YEARS + 1}–{year}", {"first": year - YEARS + 1, "last": year})]
    for (page, user, url, recompute), (period, query) in itertools.product(pages, periods):
        name = f"{page}, {period}"
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        client.get(url, query, secure=True)  # warm the caches and the connection
        times, cpu, queries = [], [], 0
        for _n in range(repeat):
            if recompute:
                versions.bump(FIGURES_VERSION)
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, query, secure=True)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        results.append((name, statistics.median(times) * 1000, statistics.median(cpu) * 1000, queries))
    return results


def report(results) -> None:
    """Median wall time, and the median CPU time of this process (Django's own work, without the database's): on a
    shared machine the wall time also counts the time spent waiting for a core."""
    print(f"  {'page':60} {'wall':>8}     {'cpu':>8}")
    for name, ms, cpu, queries in results:
        print(f"  {name:60} {ms:8.1f} ms  {cpu:8.1f} ms  {queries:3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse the data set and scans of the last run")
    parser.add_argument(
        "--refresh", action="store_true", help="with --keep: rebuild the rollups first (after a migration)"
    )
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from reports import rollups

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without collectstatic (the manifest is what production serves; it does not change the timings).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    prepare()
    if args.keep:
        if args.refresh:
            started = time.perf_counter()
            rollups.refresh_products()
            print(f"rollups: products refreshed in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            rollups.refresh_stamps(full=True)
            print(f"rollups: stamp days rebuilt in {time.perf_counter() - started:.1f} s")
        vacuum()
        report(measure(args.repeat, timezone.localdate().year))
        return
    started = time.perf_counter()
    generate()
    print(
        f"data set: {PRODUCERS:,} producers, {PRODUCTS:,} products, {DOSSIERS:,} dossiers over {YEARS} years, "
        f"{CERTIFICATES:,} certificates, {STAMPS:,} stamps ({time.perf_counter() - started:.1f} s)"
    )
    started = time.perf_counter()
    rollups.refresh_products()
    print(f"rollups: products refreshed in {time.perf_counter() - started:.1f} s")
    scans = 0
    year = timezone.localdate().year
    for target in sorted(args.scans):
        started = time.perf_counter()
        add_scans(target - scans, scans)
        scans = target
        generated = time.perf_counter() - started
        started = time.perf_counter()
        rollups.refresh_stamps(full=True)
        print(
            f"\n{scans:,} scan events (written in {generated:.1f} s, stamp rollup rebuilt in "
            f"{time.perf_counter() - started:.1f} s)"
        )
        vacuum()
        report(measure(args.repeat, year))


if __name__ == "__main__":
    main()
