"""Shared by the stamp benchmarks: a database (SQLite file by default, or $DATABASE_URL), migrated, with the
reference data and one certified product with a GTIN to order stamps for.

    .venv/bin/python bench/bench_stamps_issue.py                      # SQLite: bench/results/stamps.sqlite3
    DATABASE_URL=postgres://ocop:…@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_stamps_issue.py
"""

import datetime
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PRODUCT_NAME = "Mứt gừng Phú Nghĩa (benchmark)"
ADMIN = "bench-admin"


def setup_django() -> str:
    """Point Django at the benchmark database and set it up. Returns a printable name of the database."""
    sys.path.insert(0, str(ROOT))
    RESULTS.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'stamps.sqlite3'}")
    # Production-like: no query log kept in memory (DEBUG off); PDFs go to a scratch media folder.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="ocop-bench-media-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def bench_product():
    """The (product, administrator) that `certified_product` made, found without migrating or loading anything:
    for a measuring process whose memory should be the measurement's."""
    from accounts.models import User
    from products.models import Product

    return Product.objects.get(name=PRODUCT_NAME), User.objects.get(username=ADMIN)


def certified_product():
    """Migrate, load the reference data once, and return (product, administrator)."""
    from django.core.management import call_command

    from accounts.models import Role, User
    from areas.models import Area
    from certificates.models import Certificate
    from criteria.models import CriteriaSet, LegalVersion
    from producers.domain import create_producer
    from producers.models import Producer
    from products.domain import create_product
    from products.models import Product

    call_command("migrate", verbosity=0)
    if not CriteriaSet.objects.exists():
        print("loading the reference data (once per benchmark database)…", flush=True)
        call_command("load_reference_data", verbosity=0)
    admin, _ = User.objects.get_or_create(username=ADMIN, defaults={"role": Role.SYSADMIN})
    product = Product.objects.filter(name=PRODUCT_NAME).first()
    if product is None:
        commune = Area.objects.get(era=Area.Era.CURRENT, level=Area.Level.COMMUNE, code="10030")
        producer = create_producer(
            by=admin,
            name="Hợp tác xã Nông sản Phú Nghĩa (benchmark)",
            kind="cooperative",
            tax_code="0100107518",
            area=commune,
            representative_name="Nguyễn Thị Hoa",
            representative_gender="female",
            street_address="Thôn Đông",
            phone="0912345678",
        )
        Producer.objects.filter(pk=producer.pk).update(status=Producer.Status.VERIFIED)
        producer.refresh_from_db()
        product = create_product(
            by=admin,
            producer=producer,
            criteria_set=CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7),
            name=PRODUCT_NAME,
            gtin="08938600123459",
        )
    today = datetime.date.today()
    Certificate.objects.get_or_create(
        number="BENCH-0001/OCOP",
        defaults={
            "product": product,
            "stars": 4,
            "legal_version": LegalVersion.objects.get(code="QD26_2026"),
            "province": product.producer.current_province,
            "area_at_issue": product.producer.area,
            "decision_number": "1/QĐ-UBND",
            "decision_date": today,
            "issued_on": today,
            "expires_on": today + datetime.timedelta(days=3 * 365),
        },
    )
    return product, admin


def clear_stamps() -> None:
    """Delete every stamp, sheet and batch (plain SQL: the ORM would load a million rows to delete them; on
    PostgreSQL TRUNCATE, which also gives the space of ten million rows back at once)."""
    from django.db import connection, transaction

    from stamps.models import ScanCounter, ScanEvent, Stamp, StampBatch, StampSheet

    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for model in (ScanCounter, ScanEvent, StampSheet, Stamp, StampBatch)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CASCADE: the rows of the benchmark database that point at stamps (fake reports, inbox items) go too.
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")


def new_batch(product, admin, quantity: int):
    from stamps.domain import order_batch

    today = datetime.date.today()
    return order_batch(
        product=product,
        quantity=quantity,
        lot="BENCH-01",
        production_date=today,
        expiry_date=today + datetime.timedelta(days=365),
        by=admin,
        run_in_background=False,
    )


# --- memory of this process (Linux /proc) ---


def reset_peak_rss() -> None:
    """Start the high-water mark again from the memory in use now (Linux: /proc/self/clear_refs), so that the
    peak read after a measurement is the measurement's, not the setup's (migrations, SQLite's VACUUM)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def peak_rss_mb() -> float:
    """The process's high-water mark since `reset_peak_rss` (VmHWM: what `resource.getrusage` reports)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kilobytes


def rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
