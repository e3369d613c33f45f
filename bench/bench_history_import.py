"""Benchmark of the history import: a 50,000-row workbook of one province's history (10,000 cooperatives on
the 2019 communes of Hà Nội, each with a product, two past results and a certificate: history/tests/factories.py)
read, dry-run (`check_bundle`), imported (`apply_plan`, one transaction), then checked and imported again
(every row unchanged). Everything is rolled back at the end, so the benchmark database stays as it was.

    .venv/bin/python bench/bench_history_import.py [--producers 10000]
    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_history_import.py

Rows = 5 × producers. Times are printed, never asserted.
"""

import argparse
import io
import os
import time

from stamps_setup import RESULTS, setup_django


class Rollback(Exception):
    pass


class Progress:
    """The engine's progress callback, counting its calls (what the job writes to the database)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, done: int, total: int) -> None:
        self.calls += 1


def timed(label: str, function, rows: int):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:7.2f} s  ({rows / seconds:,.0f} rows/s)", flush=True)
    return result


def officer():
    from accounts.models import Role, User
    from areas.models import Area

    hanoi = Area.objects.get(era=Area.Era.CURRENT, level=Area.Level.PROVINCE, code="01")
    user, _ = User.objects.get_or_create(
        username="bench-history", defaults={"role": Role.PROVINCE_OFFICER, "area": hanoi}
    )
    return user, hanoi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--producers", type=int, default=10_000, help="rows = 5 × producers (default 50,000)")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'history.sqlite3'}")
    database = setup_django()

    from django.core.management import call_command
    from django.db import transaction

    from areas.models import Area
    from criteria.models import CriteriaSet
    from history.domain import apply_plan, check_bundle
    from history.reading import read_bundle
    from history.tests.factories import province_history, workbook

    call_command("migrate", verbosity=0)
    if not CriteriaSet.objects.exists():
        print("loading the reference data (once per benchmark database)…", flush=True)
        call_command("load_reference_data", verbosity=0)
    by, hanoi = officer()
    communes = list(
        Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, current_province=hanoi).order_by("code")
    )
    sheets = province_history(communes, producers=args.producers)
    rows = sum(len(r) for r in sheets.values())
    print(f"database: {database}; {rows:,} rows ({', '.join(f'{k} {len(v):,}' for k, v in sheets.items())})")

    content = timed("build the workbook (openpyxl)", lambda: workbook(sheets).getvalue(), rows)
    print(f"workbook: {len(content) / 1048576:.1f} MB")

    def read():
        return read_bundle(io.BytesIO(content), filename="lich-su.xlsx")

    try:
        with transaction.atomic():
            bundle = timed("read (core.tables)", read, rows)
            progress = Progress()
            plan = timed("dry run (check_bundle)", lambda: check_bundle(bundle, by=by, progress=progress), rows)
            assert not plan.problems, plan.problems[:5]
            summary = timed("import (apply_plan)", lambda: apply_plan(plan, by=by, progress=progress), rows)
            print(f"created: {summary.created}; progress reported {progress.calls} times")
            plan = timed("read + dry run again (unchanged)", lambda: check_bundle(read(), by=by), rows)
            again = timed("import again (writes nothing)", lambda: apply_plan(plan, by=by), rows)
            print(f"again: created {again.total_created}, updated {again.total_updated}")
            raise Rollback
    except Rollback:
        print("rolled back: the benchmark database is as it was")


if __name__ == "__main__":
    main()
