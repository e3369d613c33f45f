"""The scan log by month, on PostgreSQL: `ScanEvent` is a table partitioned by RANGE of `scanned_at`, one
partition per calendar month (in the project's time zone), plus a DEFAULT partition so that no check is ever
refused for want of its month. Its primary key is (id, scanned_at): PostgreSQL wants the partition key in every
unique constraint; `id` alone still comes from one sequence, so it stays unique and Django keeps using it.

Months are created ahead (`AHEAD`) by a daily job (`manage.py create_scan_partitions`, scheduled in
`scripts/prod`); the migration that partitioned the table made those of its rows. Should the job ever fall behind
and checks land in the DEFAULT partition, creating their month later moves them, in the same transaction, out of
DEFAULT into the new partition: once, since a month that exists is never created again.

On SQLite (development, tests) the log is a plain table and there is nothing to do."""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .models import ScanEvent

AHEAD = 3  # months created beyond the current one
LOCK_TIMEOUT = "5s"  # never queue the page's inserts behind a long report query while waiting for the lock


def table() -> str:
    return ScanEvent._meta.db_table


def default_partition() -> str:
    return f"{table()}_default"


def partition_name(month: datetime.date) -> str:
    return f"{table()}_{month:%Y_%m}"


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the month and of the next, in the project's time zone."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=zone)
    return start, datetime.datetime.combine(next_month(month), datetime.time.min, tzinfo=zone)


def _literal(moment: datetime.datetime) -> str:
    return f"'{moment.isoformat()}'"  # made from a date here, never from input


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table()])
        return cursor.fetchone() is not None


def partitions() -> list[str]:
    """The names of the scan log's partitions (none on SQLite), in name order: the months, then DEFAULT."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [table()],
        )
        return [name for (name,) in cursor.fetchall()]


def create_default_partition(cursor) -> None:
    cursor.execute(f'CREATE TABLE IF NOT EXISTS "{default_partition()}" PARTITION OF "{table()}" DEFAULT')


def create_month_partition(cursor, month: datetime.date) -> int:
    """Create the month's partition, moving into it whatever DEFAULT holds of that month; the caller holds the
    transaction and has checked that the month does not exist. Returns how many checks moved."""
    start, end = month_bounds(month)
    quote = connection.ops.quote_name
    parent, default, name = quote(table()), quote(default_partition()), quote(partition_name(month))
    range_sql = f"{quote('scanned_at')} >= %s AND {quote('scanned_at')} < %s"
    cursor.execute(f"SELECT COUNT(*) FROM {default} WHERE {range_sql}", [start, end])  # noqa: S608
    stray = cursor.fetchone()[0]
    if stray:
        cursor.execute(f"CREATE TEMPORARY TABLE scan_partition_move (LIKE {parent}) ON COMMIT DROP")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {default} WHERE {range_sql} RETURNING *) "  # noqa: S608
            "INSERT INTO scan_partition_move SELECT * FROM moved",
            [start, end],
        )
    cursor.execute(
        f"CREATE TABLE {name} PARTITION OF {parent} FOR VALUES FROM ({_literal(start)}) TO ({_literal(end)})"
    )
    if stray:
        cursor.execute(f"INSERT INTO {parent} SELECT * FROM scan_partition_move")  # noqa: S608
        cursor.execute("DROP TABLE scan_partition_move")
    return stray


@dataclass(frozen=True)
class Created:
    name: str
    moved: int  # checks moved out of DEFAULT into it


def ensure_partitions(*, today: datetime.date | None = None, ahead: int = AHEAD) -> list[Created]:
    """Make sure the current month and the `ahead` next ones have their partitions (and DEFAULT exists).
    Idempotent: a month that has its partition is left alone. Returns what it created. Nothing on SQLite, or
    if the table is not partitioned. Side effects: new partitions, each in its own short transaction under an
    exclusive lock of the scan log (creating a partition needs it; `LOCK_TIMEOUT` bounds the wait)."""
    if not is_partitioned():
        return []
    month = first_of_month(today or timezone.localdate())
    wanted = [month]
    for _ in range(ahead):
        wanted.append(next_month(wanted[-1]))
    created = []
    for month in wanted:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute(f'LOCK TABLE "{table()}" IN ACCESS EXCLUSIVE MODE')
            existing = set(partitions())
            if default_partition() not in existing:
                create_default_partition(cursor)
            if partition_name(month) in existing:
                continue
            created.append(Created(name=partition_name(month), moved=create_month_partition(cursor, month)))
    return created
