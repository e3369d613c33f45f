"""Filling the verification benchmark's database (`bench_verify.py`): ten certified products, then stamps by
COPY with their indexes dropped and rebuilt, a uniform sample of them, and an empty scan log before each size."""

import datetime
import os
import random
import shutil
import subprocess
import time

PRODUCTS = 10
GTIN_BASE = "0893860012"  # + 3 digits + check digit


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", flush=True)


def gtin14(index: int) -> str:
    body = f"{GTIN_BASE}{index:03d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


# --- filling the database --------------------------------------------------------------------------------


def fixtures() -> list[int]:
    """One verified producer, ten products with a GTIN and a 4★ certificate in force; returns their ids."""
    from accounts.models import Role, User
    from areas.models import Area
    from certificates.models import Certificate
    from criteria.models import CriteriaSet, LegalVersion
    from producers.models import Producer
    from products.models import Product

    existing = list(Product.objects.filter(name__startswith="Bench ").order_by("id").values_list("id", flat=True))
    if len(existing) >= PRODUCTS:
        return existing[:PRODUCTS]
    commune = Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.COMMUNE).select_related("parent").first()
    producer = Producer.objects.create(
        name="Bench Hợp tác xã Nông sản",
        kind="cooperative",
        tax_code="0100107518",
        representative_name="Nguyễn Thị Hoa",
        representative_gender="female",
        street_address="Thôn Đông",
        area=commune,
        current_commune=commune,
        current_province=commune.parent,
        phone="0912345678",
        website="https://example.vn",
        status=Producer.Status.VERIFIED,
        search_key=" bench hop tac xa nong san ",
    )
    criteria_set = CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7)
    today = datetime.date.today()
    for index in range(PRODUCTS):
        product = Product.objects.create(
            official_code=f"BENCH-{index}",
            commune_serial=9000 + index,
            serial_area=commune,
            producer=producer,
            criteria_set=criteria_set,
            name=f"Bench Mứt gừng {index}",
            specification="Hộp 250 g",
            gtin=gtin14(index),
            story="Gừng trồng trên đất bãi ven sông, sên tay trong chảo gang theo cách của các bà, các mẹ. " * 3,
            search_key=f" bench mut gung {index} ",
        )
        Certificate.objects.create(
            number=f"BENCH-{index}/OCOP",
            product=product,
            stars=4,
            legal_version=LegalVersion.objects.get(code="QD26_2026"),
            province=commune.parent,
            area_at_issue=commune,
            decision_number=f"{index}/QĐ-UBND",
            decision_date=today - datetime.timedelta(days=365),
            issued_on=today - datetime.timedelta(days=365),
            expires_on=today + datetime.timedelta(days=700),
        )
    User.objects.get_or_create(username="bench", defaults={"role": Role.SYSADMIN})
    return list(Product.objects.filter(name__startswith="Bench ").order_by("id").values_list("id", flat=True))


def fill(start: int, total: int, per_batch: int) -> None:
    """COPY stamps until there are `total`, in batches of `per_batch` over the ten products, after the `start`
    already there (none: the tables are emptied first)."""
    from django.db import connection

    from accounts.models import User
    from products.models import Product
    from stamps.models import ScanCounter, ScanEvent, Stamp, StampBatch
    from stamps.serials import new_serials

    products = list(
        Product.objects.filter(pk__in=fixtures()).select_related("producer").prefetch_related("certificates")
    )
    user = User.objects.get(username="bench")
    if start == 0:
        log("emptying stamps, batches and checks")
        tables = ", ".join(m._meta.db_table for m in (ScanCounter, ScanEvent, Stamp, StampBatch))
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    batches = []
    today = datetime.date.today()
    first_lot = StampBatch.objects.count()
    for index in range((total - start + per_batch - 1) // per_batch):
        product = products[(first_lot + index) % len(products)]
        batches.append(
            StampBatch(
                product=product,
                province_id=product.producer.current_province_id,
                certificate=product.certificates.all()[0],
                quantity=min(per_batch, total - start - index * per_batch),
                lot=f"L{first_lot + index:05d}",
                production_date=today - datetime.timedelta(days=30),
                expiry_date=today + datetime.timedelta(days=300),
                status=StampBatch.Status.ISSUED,
                progress=per_batch,
                ordered_by=user,
            )
        )
    batches = StampBatch.objects.bulk_create(batches)
    table = Stamp._meta.db_table
    raw = connection.connection
    with raw.cursor() as cursor:
        constraints = cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        ).fetchall()
        indexes = cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
            [table, f"{table}_pkey"],
        ).fetchall()
        constraint_names = {name for name, _ in constraints}
        indexes = [(name, sql) for name, sql in indexes if name not in constraint_names]
        log(f"dropping {len(constraints)} constraints and {len(indexes)} indexes for the copy")
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        raw.commit()
        started = time.perf_counter()
        written = 0
        with cursor.copy(f"COPY {table} (serial, batch_id, revoke_reason) FROM STDIN") as copy:
            for batch in batches:
                done = 0
                while done < batch.quantity:
                    chunk = new_serials(min(200_000, batch.quantity - done))
                    copy.write("".join(f"{serial}\t{batch.pk}\t\n" for serial in chunk))
                    done += len(chunk)
                written += batch.quantity
                if written % 1_000_000 < per_batch:
                    log(f"  {start + written:,} stamps ({written / (time.perf_counter() - started):,.0f}/s)")
        raw.commit()
        log(f"copied {written:,} stamps in {time.perf_counter() - started:.0f} s; rebuilding indexes")
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
        raw.commit()
        log(f"indexes and constraints rebuilt in {time.perf_counter() - started:.0f} s; vacuuming")
    started = time.perf_counter()
    raw.autocommit = True
    with raw.cursor() as cursor:
        # As a table long in use: hint bits set and pages frozen, so the measured reads dirty nothing.
        cursor.execute(f"VACUUM (FREEZE, ANALYZE) {table}")
    raw.autocommit = False
    log(f"vacuumed in {time.perf_counter() - started:.0f} s")


def stamp_count() -> int:
    from django.db import connection

    from stamps.models import Stamp

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {Stamp._meta.db_table}")
        return cursor.fetchone()[0]


def sample_stamps(size: int) -> list[tuple[int, str]]:
    """(id, serial) of `size` stamps drawn uniformly from the whole table (the ids are dense: one COPY)."""
    from django.db import connection

    from stamps.models import Stamp

    table = Stamp._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table}")
        low, high = cursor.fetchone()
        ids = random.sample(range(low, high + 1), min(size, high - low + 1))
        cursor.execute(f"SELECT id, serial FROM {table} WHERE id = ANY(%s)", [ids])
        rows = cursor.fetchall()
    random.shuffle(rows)
    return rows


def empty_scan_log() -> None:
    from django.db import connection

    from stamps.models import ScanCounter, ScanEvent

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {ScanEvent._meta.db_table}, {ScanCounter._meta.db_table}")
    os.sync()  # the load's writes on disk now, not during a round
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")  # the load's dirty pages written now, not during a round
    except Exception:
        if not checkpoint_as_superuser(connection.settings_dict.get("PORT") or "5432"):
            log("CHECKPOINT not allowed for this role: a checkpoint may fall in a round")


def checkpoint_as_superuser(port: str) -> bool:
    """As root (scripts/start-postgres's machine), the postgres superuser checkpoints: without it, the checkpoint
    the load's writes call for fell in a measured round (p99 250-640 ms instead of 30)."""
    if os.geteuid() != 0 or not shutil.which("psql"):
        return False
    command = ["su", "postgres", "-c", f"psql -X -q -p {int(port)} -c CHECKPOINT"]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0
