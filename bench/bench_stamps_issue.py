"""Benchmark of stamp issuing: batches of 1,000,000 and 10,000,000 stamps through `stamps.domain.issue_batch`
(serials made in blocks into a spool file, then streamed into one COPY, or SQLite executemany chunks), next to a
raw COPY of the same number of rows (the physical limit: serials made beforehand into a file of COPY rows,
which is then streamed into one COPY in 1 MiB writes, nothing else). Each measurement runs in a fresh process
of its own, which reports its time, its resident memory just before the measurement and its peak memory during it (the
RSS high-water mark that `resource.getrusage` reports, VmHWM, reset from the setup's first): constant memory
shows as the same peak at 1M and at 10M.

    .venv/bin/python bench/bench_stamps_issue.py [--quantities 1000000,10000000] [--rounds 1] [--orm]
    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_stamps_issue.py

Ten million stamps take about 2 GB in PostgreSQL (table and its two indexes) while measured; every stamp is
deleted after each measurement, but drop the benchmark database when done. `--orm` also times the ORM's
bulk_create of the first quantity, for comparison (slow: about a minute a million, memory growing with it).
"""

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time

from stamps_setup import (
    bench_product,
    certified_product,
    clear_stamps,
    new_batch,
    peak_rss_mb,
    reset_peak_rss,
    rss_mb,
    setup_django,
)

RAW_WRITE = 1 << 20  # bytes a write, for the raw COPY


def raw_insert(batch_id: int, quantity: int) -> dict:
    """The serials are made into a file of rows first (not timed), then only the rows' way into the table is."""
    from django.db import connection, transaction

    from stamps import serials
    from stamps.domain.writing import CHUNK, copy_rows, copy_tail
    from stamps.models import Stamp

    table = connection.ops.quote_name(Stamp._meta.db_table)
    columns = "serial, batch_id, revoke_reason"
    postgres = connection.vendor == "postgresql"
    tail = copy_tail([batch_id, ""])
    with tempfile.TemporaryFile() as rows:
        for start in range(0, quantity, CHUNK):
            block = serials.new_serial_block(min(CHUNK, quantity - start))
            rows.write(copy_rows(block, tail=tail) if postgres else block)
        rows.seek(0)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    while data := rows.read(RAW_WRITE):
                        copy.write(data)
            else:
                sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, '')"
                while block := rows.read(serials.SERIAL_LENGTH * CHUNK):
                    cursor.executemany(sql, [(serial, batch_id) for serial in serials.split_block(block)])
        return {"seconds": time.perf_counter() - started}


class _Phases(logging.Handler):
    """Reads issue_batch's own report of its two phases (generating, writing)."""

    def __init__(self):
        super().__init__()
        self.found: dict = {}

    def emit(self, record):
        if "generated in" in record.msg:
            _code, _count, self.found["generate_s"], self.found["write_s"] = record.args


def issue(batch_id: int, quantity: int) -> dict:
    from stamps.domain import issue_batch
    from stamps.models import StampBatch

    phases = _Phases()
    issuing_log = logging.getLogger("stamps.domain.issuing")
    issuing_log.addHandler(phases)
    issuing_log.setLevel(logging.INFO)
    started = time.perf_counter()
    batch = issue_batch(batch_id=batch_id)
    elapsed = time.perf_counter() - started
    assert batch.status == StampBatch.Status.ISSUED, batch.error
    assert batch.stamps.count() == quantity
    return {"seconds": elapsed, **phases.found}


def orm_insert(batch_id: int, quantity: int) -> dict:
    from django.db import transaction

    from stamps import serials
    from stamps.models import Stamp

    made = serials.new_serials(quantity)
    started = time.perf_counter()
    with transaction.atomic():
        Stamp.objects.bulk_create((Stamp(serial=s, batch_id=batch_id) for s in made), batch_size=5000)
    return {"seconds": time.perf_counter() - started}


MEASURES = {"raw": raw_insert, "issue": issue, "orm": orm_insert}


def measure(kind: str, quantity: int) -> None:
    """In the child process: one measurement, printed as a JSON line."""
    setup_django()
    product, admin = bench_product()
    clear_stamps()
    batch = new_batch(product, admin, quantity)
    reset_peak_rss()
    found = {"rss_before_mb": rss_mb()}
    found.update(MEASURES[kind](batch.pk, quantity))
    found["peak_rss_mb"] = peak_rss_mb()
    clear_stamps()
    print(json.dumps(found), flush=True)


def memory(found: dict) -> str:
    return f"{found['rss_before_mb']:.0f} → {found['peak_rss_mb']:.0f} MB"


def run_child(kind: str, quantity: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--quantity", str(quantity)],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    if out.returncode:
        sys.exit(f"the {kind} measurement of {quantity:,} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantities", default="1000000,10000000", help="comma-separated batch sizes")
    parser.add_argument("--rounds", type=int, default=1, help="measurements of each kind and size")
    parser.add_argument("--issue-first", action="store_true", help="in odd rounds, issue before the raw COPY")
    parser.add_argument("--orm", action="store_true", help="also time bulk_create (first quantity only)")
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--quantity", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.quantity)
        return
    database = setup_django()
    certified_product()  # migrated and loaded once, before any child measures
    print(f"database: {database}; every measurement in a fresh process")
    print(
        f"{'stamps':>12} {'round':>5} {'raw COPY':>9} {'issue':>8} {'ratio':>6} {'generate':>9} {'write':>7}"
        f"  {'RSS raw: start → peak':>22}  {'RSS issue: start → peak':>24}"
    )
    for quantity in [int(value) for value in args.quantities.split(",")]:
        for round_ in range(1, args.rounds + 1):
            # Alternately first and second: a measurement pays for the checkpoint of the previous one's writes.
            if (round_ + args.issue_first) % 2:
                raw = run_child("raw", quantity)
                issued = run_child("issue", quantity)
            else:
                issued = run_child("issue", quantity)
                raw = run_child("raw", quantity)
            print(
                f"{quantity:>12,} {round_:>5} {raw['seconds']:>8.1f}s {issued['seconds']:>7.1f}s"
                f" {issued['seconds'] / raw['seconds']:>5.2f}× {issued.get('generate_s', 0):>8.1f}s"
                f" {issued.get('write_s', 0):>6.1f}s  {memory(raw):>22}  {memory(issued):>24}",
                flush=True,
            )
    if args.orm:
        quantity = int(args.quantities.split(",")[0])
        orm = run_child("orm", quantity)
        print(f"ORM bulk_create of {quantity:,}: {orm['seconds']:.1f} s, peak RSS {orm['peak_rss_mb']:.0f} MB")
    print("goal: issue ≤ 1.1 × raw COPY, and the same peak RSS at every size")


if __name__ == "__main__":
    main()
