"""Benchmark of the validity look-up (`POST /api/v1/validity/`) on PostgreSQL: the national-scale data set of
bench_dashboard (20,000 products, 12,000 certificates, 100,000 stamps), 5,000 products given a GTIN and 2,000
stamps a real serial; then requests of 1,000 mixed items (a third GTINs, a third certificate numbers, a third stamp
serials, one in ten unknown) through the test client. Prints the median and 95th percentile time per request
(wall, and the CPU time of the Django process) and the number of queries, which must not depend on the items.

    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_validity.py \
        [--repeat 30] [--keep]

It needs a database of its own: it empties the producers, products, dossiers, certificates, stamps and scans."""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("VALIDITY_RATE", "1000000/min")  # the per-client limit would stop the bench itself

from bench_dashboard import generate, prepare, setup_django, sql  # after the rate: settings read it

GTINS, SERIALS, ITEMS = 5_000, 2_000, 1_000


def give_codes() -> tuple[list[str], list[str], list[str]]:
    from biip.gtin import Gtin

    from certificates.models import Certificate
    from stamps import serials

    gtins = []
    for index in range(1, GTINS + 1):
        body = f"893{index:09d}"
        digit = next(d for d in "0123456789" if _valid(Gtin, body + d))
        gtins.append(body + digit)
    values = ", ".join(f"({index}, '{Gtin.parse(gtin).as_gtin_14()}')" for index, gtin in enumerate(gtins, 1))
    sql(f"UPDATE products_product p SET gtin = v.g FROM (VALUES {values}) AS v(id, g) WHERE p.id = v.id")
    stamps = serials.new_serials(SERIALS)
    values = ", ".join(f"({index}, '{serial}')" for index, serial in enumerate(stamps, 1))
    sql(f"UPDATE stamps_stamp s SET serial = v.s FROM (VALUES {values}) AS v(id, s) WHERE s.id = v.id")
    sql("ANALYZE products_product")
    sql("ANALYZE stamps_stamp")
    numbers = list(Certificate.objects.values_list("number", flat=True)[:5000])
    return gtins, numbers, stamps


def _valid(gtin_class, text: str) -> bool:
    from biip import ParseError

    try:
        gtin_class.parse(text)
    except ParseError:
        return False
    return True


def items(rng: random.Random, gtins, numbers, stamps) -> list[dict]:
    from stamps import serials

    third = ITEMS // 3
    chosen = rng.sample(gtins, third) + rng.sample(numbers, third) + rng.sample(stamps, ITEMS - 2 * third)
    for index in range(0, ITEMS, 10):  # one in ten unknown
        chosen[index] = serials.new_serial()
    rng.shuffle(chosen)
    return [{"value": value} for value in chosen]


def run(repeat: int, gtins, numbers, stamps) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient(HTTP_HOST="localhost")
    rng = random.Random(13)
    walls, cpus, queries = [], [], set()
    for _ in range(repeat):
        body = {"items": items(rng, gtins, numbers, stamps)}
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.post("/api/v1/validity/", body, format="json", secure=True)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, response.content[:500]
        assert len(response.json()) == ITEMS
        queries.add(len(captured))
    walls.sort()
    p95 = walls[max(0, int(len(walls) * 0.95) - 1)]
    print(f"{ITEMS} mixed items, {repeat} requests on PostgreSQL")
    print(f"  wall: median {statistics.median(walls) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"  cpu:  median {statistics.median(cpus) * 1000:.0f} ms")
    print(f"  queries per request: {sorted(queries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")
    args = parser.parse_args()
    setup_django()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and queries captured without DEBUG
    prepare()
    if not args.keep:
        generate()
    gtins, numbers, stamps = give_codes()
    run(args.repeat, gtins, numbers, stamps)


if __name__ == "__main__":
    main()
