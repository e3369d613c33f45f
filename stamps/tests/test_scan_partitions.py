"""The scan log by month on PostgreSQL (`stamps.partitions`): the table is partitioned, checks of different
months land in different partitions, a check with no month partition lands in DEFAULT, and creating the months
ahead is idempotent and moves a stray check once. The migrations convert a populated log and move the counts."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from public.tests.factories import make_batch, make_certificate
from stamps import partitions, scanning
from stamps.models import ScanCounter, ScanEvent

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")


def _record(at: datetime.datetime, serial: str = "X") -> ScanEvent:
    scanning.record_scan(stamp_id=None, serial=serial, verdict="unknown", at=at, user_agent="", ip_hash="h")
    return ScanEvent.objects.get(serial=serial)


def _partition_of(scan: ScanEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {ScanEvent._meta.db_table} WHERE id = %s",  # noqa: S608
            [scan.pk],
        )
        return cursor.fetchone()[0]


def _local(year: int, month: int, day: int = 1, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


@on_postgresql
def test_the_scan_log_is_partitioned_with_this_month_the_next_and_a_default(db):
    month = partitions.first_of_month(timezone.localdate())
    names = partitions.partitions()
    assert partitions.is_partitioned()
    assert partitions.default_partition() in names
    assert partitions.partition_name(month) in names
    assert partitions.partition_name(partitions.next_month(month)) in names


@on_postgresql
def test_checks_of_different_months_land_in_different_partitions(db):
    this_month = partitions.first_of_month(timezone.localdate())
    next_month = partitions.next_month(this_month)
    start, _end = partitions.month_bounds(next_month)
    last_moment = _record(start - datetime.timedelta(microseconds=1), serial="A")
    first_moment = _record(start, serial="B")
    long_ago = _record(_local(2019, 6, 15), serial="C")
    assert _partition_of(last_moment) == partitions.partition_name(this_month)
    assert _partition_of(first_moment) == partitions.partition_name(next_month)
    assert _partition_of(long_ago) == partitions.default_partition()
    assert ScanEvent.objects.filter(scanned_at__year=2019).get() == long_ago


@on_postgresql
def test_month_bounds_are_in_the_project_time_zone(db):
    # 1 March 00:10 in Viet Nam is still February in UTC: it belongs to March.
    scan = _record(_local(2020, 3, 1, 0, 10))
    partitions.ensure_partitions(today=datetime.date(2020, 3, 5), ahead=0)
    assert _partition_of(scan) == partitions.partition_name(datetime.date(2020, 3, 1))


@on_postgresql
def test_creating_months_is_idempotent_and_moves_a_stray_check_once(db):
    stray = _record(_local(2031, 5, 20, 8), serial="STRAY")
    neighbour = _record(_local(2031, 6, 1, 8), serial="JUNE")
    assert _partition_of(stray) == partitions.default_partition()
    row = ScanEvent.objects.values().get(pk=stray.pk)

    created = partitions.ensure_partitions(today=datetime.date(2031, 5, 2), ahead=0)

    assert created == [partitions.Created(name="stamps_scanevent_2031_05", moved=1)]
    assert _partition_of(stray) == "stamps_scanevent_2031_05"
    assert ScanEvent.objects.values().get(pk=stray.pk) == row  # the same check, id and all
    assert _partition_of(neighbour) == partitions.default_partition()
    before = partitions.partitions()
    assert partitions.ensure_partitions(today=datetime.date(2031, 5, 2), ahead=0) == []
    assert partitions.partitions() == before
    assert ScanEvent.objects.count() == 2
    assert ScanEvent.objects.filter(serial="STRAY").count() == 1


@on_postgresql
def test_the_command_creates_the_months_ahead_and_then_nothing(db, capsys):
    call_command("create_scan_partitions", ahead=6)
    month = partitions.first_of_month(timezone.localdate())
    for _ in range(6):
        month = partitions.next_month(month)
    assert partitions.partition_name(month) in partitions.partitions()
    capsys.readouterr()
    call_command("create_scan_partitions", ahead=6)
    assert "0 partition(s) created." in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite keeps a plain table")
def test_sqlite_keeps_a_plain_table(db, capsys):
    assert not partitions.is_partitioned()
    assert partitions.ensure_partitions() == []
    call_command("create_scan_partitions")
    assert "nothing to do" in capsys.readouterr().out


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@on_postgresql
def test_the_migrations_move_the_counts_and_partition_a_populated_log(product_a, alice):
    # Inside the test's transaction (PostgreSQL's DDL is transactional, so the schema is back afterwards): a
    # transactional test would flush the reference data, and restoring it clashes with content types made again
    # under other ids. Constraints are checked at once, since ALTER TABLE refuses a table with pending checks.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    one, two, never = make_batch(product_a, make_certificate(product_a), alice, quantity=3).stamps.order_by("id")
    _migrate([("stamps", "0007_fakereport_status_moved_to_inbox")])
    first = _local(2025, 1, 31, 23, 59)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE stamps_stamp SET scan_count = 2, first_scanned_at = %s WHERE id = %s", [first, one.pk])
        cursor.execute("UPDATE stamps_stamp SET scan_count = 1 WHERE id = %s", [two.pk])  # a count without a time
        for stamp_id, at in [(one.pk, first), (one.pk, _local(2025, 2, 1, 0, 1)), (two.pk, _local(2025, 3, 3))]:
            cursor.execute(
                "INSERT INTO stamps_scanevent (stamp_id, serial, scanned_at, verdict, user_agent, ip_hash) "
                "VALUES (%s, 'S', %s, 'genuine', '', '')",
                [stamp_id, at],
            )
    ids = list(ScanEvent.objects.order_by("id").values_list("id", "scanned_at"))

    _migrate([])

    counters = {c.stamp_id: (c.count, c.first_scanned_at) for c in ScanCounter.objects.all()}
    assert counters == {one.pk: (2, first), two.pk: (1, _local(2025, 3, 3))}
    assert never.pk not in counters
    assert list(ScanEvent.objects.order_by("id").values_list("id", "scanned_at")) == ids
    scanning.record_scan(stamp_id=one.pk, serial="S", verdict="genuine", at=timezone.now(), user_agent="", ip_hash="")
    assert ScanEvent.objects.order_by("id").last().pk > ids[-1][0]  # the ids go on from the copied rows
    assert ScanCounter.objects.get(stamp=one).count == 3
    months = [_partition_of(scan) for scan in ScanEvent.objects.order_by("id")[:3]]
    assert months == ["stamps_scanevent_2025_01", "stamps_scanevent_2025_02", "stamps_scanevent_2025_03"]
