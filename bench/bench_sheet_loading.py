"""Benchmark of the score-sheet loader: the 26 sheets of QĐ 26/2026 written from scratch (every node, option and
knock-out line created) through `criteria.sheet_loading.load_sheets`, as `load_reference_data` does on a new
database. Prints the time of each round and the median (reference: under 3 s). Each round runs in a transaction
that is rolled back, so the benchmark database keeps its sheets.

    .venv/bin/python bench/bench_sheet_loading.py [--rounds 3]              # SQLite: bench/results/stamps.sqlite3
    DATABASE_URL=postgres://ocop:…@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_sheet_loading.py

This timing was an assertion of the test suite (`test_loading_all_26_sheets_is_fast`) until it failed on a busy
machine (4.04 s against its 3 s): the suite now checks what the loader writes, this script how fast."""

import argparse
import statistics
import time

from stamps_setup import setup_django

VERSION = "QD26_2026"


class _RollBack(Exception):
    pass


def one_round() -> tuple[float, int]:
    from django.db import transaction

    from criteria import sheets
    from criteria.models import KnockOutRule, SheetNode
    from criteria.sheet_loading import load_sheets

    try:
        with transaction.atomic():
            KnockOutRule.objects.filter(criteria_set__legal_version__code=VERSION).delete()
            SheetNode.objects.filter(criteria_set__legal_version__code=VERSION).delete()
            started = time.perf_counter()
            report = load_sheets(version=VERSION)
            elapsed = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    finally:
        sheets.clear_cache()
    return elapsed, report.created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    database = setup_django()

    from django.core.management import call_command

    from criteria.models import CriteriaSet

    call_command("migrate", verbosity=0)
    if not CriteriaSet.objects.exists():
        print("loading the reference data (once per benchmark database)…", flush=True)
        call_command("load_reference_data", verbosity=0)
    print(f"database: {database}")
    times = []
    for number in range(1, args.rounds + 1):
        elapsed, created = one_round()
        times.append(elapsed)
        print(f"round {number}: 26 sheets, {created:,} rows created in {elapsed:.2f} s")
    print(f"median {statistics.median(times):.2f} s over {args.rounds} rounds (reference: under 3 s)")


if __name__ == "__main__":
    main()
