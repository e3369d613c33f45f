"""Issuing an ordered batch: making its serials and writing its stamps, all or nothing; finding a batch whose
job died (a killed process runs no error handler, so the batch stays "issuing") and resuming it.

Streamed, in memory that does not grow with the batch: the serials are made in blocks of GENERATE_CHUNK (the
progress reported after each) into a spool file (an unnamed temporary file, 17 bytes a stamp, gone with the
process however it ends), then read back block by block into the one insert transaction (`writing`).

No run ever writes a batch's stamps twice, however runs overlap (a resumed job and the old one waking up, two
resumes, a worker retrying): the insert's transaction first claims the batch row (its write lock) and only if
the batch is not issued and has no stamp yet; progress and failures are never written over an issued batch."""

import datetime
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit import domain as audit

from .. import serials as serial_numbers
from ..models import Stamp, StampBatch
from ..rules import can_manage_batch
from .writing import CHUNK, insert_stamps

logger = logging.getLogger(__name__)

ATTEMPTS = 3
GENERATE_CHUNK = 50_000
RUNNING = (StampBatch.Status.QUEUED, StampBatch.Status.ISSUING)


def stale_after() -> datetime.timedelta:
    """How long a job may stay silent before its batch counts as stalled. The longest legitimate silence is the
    single insert transaction: 30–40 s for a million stamps on the busy development machine, 11–18 minutes for
    ten million (STAMP_BATCH_MAX; see bench/README.md), so the default of 30 minutes leaves a margin."""
    return datetime.timedelta(minutes=settings.STAMP_ISSUING_STALE_MINUTES)


def is_stalled(batch: StampBatch, *, now: datetime.datetime | None = None) -> bool:
    """Queued or issuing, not revoked, and its job silent (no progress reported, or never started) for longer
    than `stale_after()`: the job died and nothing will finish the batch unless someone resumes it."""
    if batch.status not in RUNNING or batch.revoked_at is not None:
        return False
    last_sign = batch.heartbeat_at or batch.created_at
    return last_sign < (now or timezone.now()) - stale_after()


def _set_progress(batch: StampBatch, **fields) -> None:
    # A plain UPDATE outside the insert's transaction, so the batch page can show how far the job is (and that
    # it is alive). Never over an issued batch: a run that lost a race must not undo the winner's work.
    fields["heartbeat_at"] = timezone.now()
    StampBatch.objects.filter(pk=batch.pk).exclude(status=StampBatch.Status.ISSUED).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)


def _generate(batch: StampBatch, generate: Callable[[int], bytes], chunk: int, spool: BinaryIO) -> None:
    made = 0
    while made < batch.quantity:
        count = min(chunk, batch.quantity - made)
        block = generate(count)
        if len(block) != count * serial_numbers.SERIAL_LENGTH:
            raise ValueError(f"{len(block)} bytes made for {count} serials")
        spool.write(block)
        made += count
        _set_progress(batch, progress=made)


def _blocks(spool: BinaryIO, chunk: int) -> Iterator[bytes]:
    spool.seek(0)
    while block := spool.read(serial_numbers.SERIAL_LENGTH * chunk):
        yield block


def _write(batch: StampBatch, spool: BinaryIO, insert_chunk: int) -> bool:
    """Insert every stamp and mark the batch issued, in one transaction. False if another run got there
    first (or the batch was revoked meanwhile)."""
    with transaction.atomic():
        # The claim is the transaction's first statement: it takes the row's write lock, so two runs of the
        # same job cannot both insert.
        claimed = (
            StampBatch.objects.filter(pk=batch.pk, revoked_at__isnull=True)
            .exclude(status=StampBatch.Status.ISSUED)
            .exclude(Exists(Stamp.objects.filter(batch=OuterRef("pk"))))
            .update(status=StampBatch.Status.ISSUING, heartbeat_at=timezone.now())
        )
        if not claimed:
            return False
        written = insert_stamps(batch_id=batch.pk, blocks=_blocks(spool, insert_chunk))
        if written != batch.quantity:
            raise ValueError(f"{written} stamps written for a batch of {batch.quantity}")
        batch.status = StampBatch.Status.ISSUED
        batch.issued_at = timezone.now()
        batch.progress = batch.quantity
        batch.error = ""
        batch.save(update_fields=["status", "issued_at", "progress", "error"])
        audit.record(
            actor=None,
            action="issue",
            obj=batch,
            after={"status": batch.status, "stamps": written},
            note=_("Đã phát hành %(count)s tem.") % {"count": written},
        )
    return True


def _fail(batch: StampBatch, message: str) -> None:
    with transaction.atomic():
        _set_progress(batch, status=StampBatch.Status.FAILED, error=message, progress=0)
        audit.record(actor=None, action="issue_failed", obj=batch, after={"status": batch.status}, note=message)


def issue_batch(
    *,
    batch_id: int,
    generate: Callable[[int], bytes] = serial_numbers.new_serial_block,
    generate_chunk: int = GENERATE_CHUNK,
    insert_chunk: int = CHUNK,
) -> StampBatch:
    """Generate the batch's serials (`generate(n)`: a block of n, as `serials.new_serial_block` makes them) and
    write all its stamps in one transaction, so an interrupted or failed run leaves no stamps behind. A serial
    that collides with an existing one (the unique constraint says so) makes the whole batch start again with
    fresh serials, up to 3 times. Safe to re-run: an issued or revoked
    batch is left as it is, a failed one is tried again, and no run writes stamps for a batch that has some.

    Side effects: the batch's progress (generating x/N, then writing) and status (issued, or failed with
    the error), the stamps, an audit entry "issue" or "issue_failed". Other errors are recorded on the batch
    and raised again."""
    batch = StampBatch.objects.select_related("product").get(pk=batch_id)
    if batch.status == StampBatch.Status.ISSUED or batch.revoked_at is not None:
        return batch
    if batch.stamps.exists():
        # Written by an earlier run, whose "issued" a losing run then overwrote (which can no longer happen):
        # the stamps are the truth.
        _set_progress(batch, status=StampBatch.Status.ISSUED, progress=batch.quantity, error="")
        return batch
    started = time.monotonic()
    try:
        for attempt in range(1, ATTEMPTS + 1):
            _set_progress(batch, status=StampBatch.Status.ISSUING, progress=0, error="")
            with tempfile.TemporaryFile(prefix="ocop-serials-") as spool:
                _generate(batch, generate, generate_chunk, spool)
                generated = time.monotonic()
                try:
                    written = _write(batch, spool, insert_chunk)
                except IntegrityError:
                    logger.warning("stamp batch %s: serial collision on attempt %s, again", batch.code, attempt)
                    continue
            if not written:
                batch.refresh_from_db()
                return batch
            logger.info(
                "stamp batch %s: %s stamps, generated in %.1f s, written in %.1f s",
                batch.code,
                batch.quantity,
                generated - started,
                time.monotonic() - generated,
            )
            return batch
        message = _("Trùng số sê-ri với tem đã có sau %(n)s lần tạo lại; chưa tem nào được phát hành.")
        _fail(batch, message % {"n": ATTEMPTS})
        return batch
    except Exception as error:
        _fail(batch, _("Lỗi khi phát hành: %(error)s. Chưa tem nào được phát hành.") % {"error": error})
        raise


@transaction.atomic
def resume_batch(*, batch: StampBatch, by, run_in_background: bool = True) -> StampBatch:
    """Start a stalled batch's issuing again (see `is_stalled`): queued anew, from the start, since the insert
    is all or nothing. Refused for a batch whose job is still alive, or that is issued, failed or revoked.

    Side effects: the batch's status (queued), progress and error cleared, an audit entry "resume", and —
    unless `run_in_background` is False, for `issue_stamps --resume`, which issues at once — the issuing job,
    enqueued once this transaction commits."""
    if not can_manage_batch(by, batch):
        raise PermissionDenied
    # Under the row's lock, a second resume (or the job itself) waits here, then sees the batch no longer stalled.
    batch = StampBatch.objects.select_for_update(of=("self",)).select_related("product").get(pk=batch.pk)
    if not is_stalled(batch):
        if batch.status in RUNNING and batch.revoked_at is None:
            message = _(
                "Việc phát hành lô tem này chưa ngừng (báo tiến độ lần cuối lúc %(when)s): chỉ tiếp tục được khi "
                "nó im lặng quá %(minutes)s phút."
            ) % {
                "when": formats.date_format(timezone.localtime(batch.heartbeat_at or batch.created_at), "H:i:s"),
                "minutes": int(stale_after().total_seconds() // 60),
            }
        else:
            message = _("Lô tem này không bị ngừng phát hành (%(status)s): không có gì để tiếp tục.") % {
                "status": _("đã thu hồi") if batch.revoked_at else batch.get_status_display().lower()
            }
        raise ValidationError(message, code="not_stalled")
    fields = ["status", "progress", "error"]
    before = audit.snapshot(batch, fields)
    batch.status = StampBatch.Status.QUEUED
    batch.progress = 0
    batch.error = ""
    batch.heartbeat_at = timezone.now()
    batch.save(update_fields=[*fields, "heartbeat_at"])
    audit.record(
        actor=by,
        action="resume",
        obj=batch,
        before=before,
        after=audit.snapshot(batch, fields),
        note=_("Việc phát hành đã ngừng giữa chừng; cho phát hành lại từ đầu."),
    )
    if run_in_background:
        from ..tasks import issue_stamp_batch

        batch_id = batch.pk
        transaction.on_commit(lambda: issue_stamp_batch.enqueue(batch_id))
    return batch
