"""Benchmark of stamp issuing: one batch of 1,000,000 stamps through `stamps.domain.issue_batch` (generate
the serials, write every row in one transaction with COPY or executemany), next to a plain bulk insert of the
same number of rows (the physical limit: serials made beforehand, one COPY / one executemany, nothing else).

    .venv/bin/python bench/bench_stamps_issue.py [--quantity 1000000] [--orm]
    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_stamps_issue.py

`--orm` also times the ORM's bulk_create of the same rows, for comparison (slow: about a minute a million).
"""

import argparse
import time

from stamps_setup import certified_product, clear_stamps, new_batch, setup_django


def plain_insert(batch_id: int, serials: list[str]) -> float:
    from django.db import connection, transaction

    from stamps.models import Stamp

    table = connection.ops.quote_name(Stamp._meta.db_table)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = "".join(f"{serial}\t{batch_id}\t\t0\n" for serial in serials)
            with cursor.copy(f"COPY {table} (serial, batch_id, revoke_reason, scan_count) FROM STDIN") as copy:
                copy.write(data)
        else:
            cursor.executemany(
                f"INSERT INTO {table} (serial, batch_id, revoke_reason, scan_count) VALUES (%s, %s, '', 0)",
                [(serial, batch_id) for serial in serials],
            )
    return time.perf_counter() - started


def orm_insert(batch_id: int, serials: list[str]) -> float:
    from django.db import transaction

    from stamps.models import Stamp

    started = time.perf_counter()
    with transaction.atomic():
        Stamp.objects.bulk_create((Stamp(serial=s, batch_id=batch_id) for s in serials), batch_size=5000)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantity", type=int, default=1_000_000)
    parser.add_argument("--orm", action="store_true", help="also time bulk_create")
    args = parser.parse_args()
    database = setup_django()

    from stamps import serials as serial_numbers
    from stamps.domain import issue_batch
    from stamps.models import StampBatch

    product, admin = certified_product()
    clear_stamps()
    n = args.quantity
    print(f"database: {database}; {n:,} stamps")

    started = time.perf_counter()
    made = serial_numbers.new_serials(n)
    generated = time.perf_counter() - started
    print(f"generate serials only:           {generated:6.2f} s  ({n / generated:,.0f}/s)")

    plain = plain_insert(new_batch(product, admin, n).pk, made)
    print(f"plain bulk insert (the limit):   {plain:6.2f} s  ({n / plain:,.0f} rows/s)")
    clear_stamps()

    if args.orm:
        orm = orm_insert(new_batch(product, admin, n).pk, serial_numbers.new_serials(n))
        print(f"ORM bulk_create:                 {orm:6.2f} s  ({n / orm:,.0f} rows/s)")
        clear_stamps()

    batch = new_batch(product, admin, n)
    started = time.perf_counter()
    batch = issue_batch(batch_id=batch.pk)
    issued = time.perf_counter() - started
    assert batch.status == StampBatch.Status.ISSUED, batch.error
    assert batch.stamps.count() == n
    print(f"issue_batch (generate + write):  {issued:6.2f} s  ({n / issued:,.0f} stamps/s)")
    print(f"issue_batch / plain insert:      {issued / plain:6.2f} ×  (target ≤ 2 ×)")
    clear_stamps()


if __name__ == "__main__":
    main()
