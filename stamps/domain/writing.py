"""Writing a batch's stamp rows fast and streamed. The serials come in blocks (`stamps.serials.new_serial_block`:
SERIAL_LENGTH ASCII bytes a serial, end to end) and go, block after block, into one PostgreSQL `COPY` or one
SQLite `executemany` a block, so memory holds one block whatever the batch's size. A million rows through the
ORM's bulk_create take about 50 s; this way about 7 s. The caller holds the transaction: these functions only
insert, so a failure part-way leaves nothing once the caller's transaction rolls back."""

from collections.abc import Iterable

from django.db import connection

from ..models import Stamp
from ..serials import SERIAL_LENGTH

CHUNK = 50_000


def fixed_values(batch_id: int) -> dict[str, object]:
    """Every column a new stamp is written with besides its serial (by field name): the same for each stamp of
    the batch, not revoked (a stamp's checks are counted in `ScanCounter`, not here). The other columns are
    left to their NULL."""
    return {"batch": batch_id, "revoke_reason": ""}


def _columns(names) -> tuple[str, str]:
    quote = connection.ops.quote_name
    fields = [Stamp._meta.get_field(name).column for name in ("serial", *names)]
    return quote(Stamp._meta.db_table), ", ".join(quote(column) for column in fields)


def copy_rows(block: bytes, *, tail: bytes) -> bytearray:
    """COPY's text format for a block of serials: each serial followed by `tail` (the tab-separated fixed
    values and the newline). Built position by position with strided slices, so no Python loop per row."""
    count = len(block) // SERIAL_LENGTH
    width = SERIAL_LENGTH + len(tail)
    rows = bytearray(width * count)
    for position in range(SERIAL_LENGTH):
        rows[position::width] = block[position::SERIAL_LENGTH]
    for offset, byte in enumerate(tail):
        rows[SERIAL_LENGTH + offset :: width] = bytes((byte,)) * count
    return rows


def copy_tail(values: Iterable[object]) -> bytes:
    # Numbers and empty text only (`fixed_values`): nothing that COPY's text format would need escaped.
    fields = [str(value) for value in values]
    if any(set(field) & set("\t\n\r\\") for field in fields):
        raise ValueError(f"a fixed value needs escaping in COPY: {fields!r}")
    return ("".join(f"\t{field}" for field in fields) + "\n").encode()


def insert_stamps(*, batch_id: int, blocks: Iterable[bytes]) -> int:
    """Insert one Stamp row per serial of `blocks` for the batch (`fixed_values`); returns how many. A serial
    already in the table, or twice in the blocks, raises IntegrityError (the unique constraint decides, not a
    prior read). On PostgreSQL the connection is inside COPY until the last block: nothing else may use it
    meanwhile."""
    fixed = fixed_values(batch_id)
    table, columns = _columns(fixed)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tail = copy_tail(fixed.values())
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for block in blocks:
                    copy.write(copy_rows(block, tail=tail))
                    written += len(block) // SERIAL_LENGTH
            return written
        values = tuple(fixed.values())
        marks = ", ".join(["%s"] * (1 + len(values)))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
        for block in blocks:
            text = block.decode("ascii")
            cursor.executemany(
                sql, [(text[start : start + SERIAL_LENGTH], *values) for start in range(0, len(text), SERIAL_LENGTH)]
            )
            written += len(text) // SERIAL_LENGTH
    return written
