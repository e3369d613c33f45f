"""Writing a batch's stamp rows fast. A million rows through the ORM's bulk_create take about 50 s; PostgreSQL's
COPY and SQLite's executemany take about 7 s. The caller holds the transaction: these functions only insert,
so a failure part-way leaves nothing once the caller's transaction rolls back."""

from collections.abc import Callable, Sequence

from django.db import connection

from ..models import Stamp

CHUNK = 50_000


def _columns() -> tuple[str, str]:
    quote = connection.ops.quote_name
    fields = [Stamp._meta.get_field(name).column for name in ("serial", "batch", "revoke_reason")]
    return quote(Stamp._meta.db_table), ", ".join(quote(column) for column in fields)


def insert_stamps(
    *, batch_id: int, serials: Sequence[str], chunk: int = CHUNK, on_chunk: Callable[[int], None] | None = None
) -> None:
    """Insert one Stamp row per serial (not revoked, never scanned) for the batch, `chunk` rows at a time.
    A serial already in the table raises IntegrityError (the unique constraint decides, not a prior read)."""
    table, columns = _columns()
    with connection.cursor() as cursor:
        for start in range(0, len(serials), chunk):
            part = serials[start : start + chunk]
            if connection.vendor == "postgresql":
                # Serials are Crockford base32: nothing to escape in COPY's text format.
                data = "".join(f"{serial}\t{batch_id}\t\n" for serial in part)
                with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(data)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, '')",  # noqa: S608 (names from the model)
                    [(serial, batch_id) for serial in part],
                )
            if on_chunk:
                on_chunk(start + len(part))
