"""Issuing an ordered batch: making its serials and writing its stamps, all or nothing."""

import logging
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import domain as audit

from .. import serials as serial_numbers
from ..models import StampBatch
from .writing import insert_stamps

logger = logging.getLogger(__name__)

ATTEMPTS = 3
GENERATE_CHUNK = 50_000


def _set_progress(batch: StampBatch, **fields) -> None:
    # A plain UPDATE outside the insert's transaction, so the batch page can show how far the job is.
    StampBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)


def _generate(batch: StampBatch, generate: Callable[[int], list[str]], chunk: int) -> list[str]:
    serials: list[str] = []
    while len(serials) < batch.quantity:
        serials.extend(generate(min(chunk, batch.quantity - len(serials))))
        _set_progress(batch, progress=len(serials))
    return serials


def _write(batch: StampBatch, serials: list[str], insert_chunk: int | None) -> bool:
    """Insert every stamp and mark the batch issued, in one transaction. False if another run got there
    first (or the batch was revoked meanwhile)."""
    with transaction.atomic():
        # The claim is the transaction's first statement: it takes the row's write lock, so two runs of the
        # same job cannot both insert.
        claimed = (
            StampBatch.objects.filter(pk=batch.pk, revoked_at__isnull=True)
            .exclude(status=StampBatch.Status.ISSUED)
            .update(status=StampBatch.Status.ISSUING)
        )
        if not claimed:
            return False
        options = {"chunk": insert_chunk} if insert_chunk else {}
        insert_stamps(batch_id=batch.pk, serials=serials, **options)
        batch.status = StampBatch.Status.ISSUED
        batch.issued_at = timezone.now()
        batch.progress = batch.quantity
        batch.error = ""
        batch.save(update_fields=["status", "issued_at", "progress", "error"])
        audit.record(
            actor=None,
            action="issue",
            obj=batch,
            after={"status": batch.status, "stamps": len(serials)},
            note=_("Đã phát hành %(count)s tem.") % {"count": len(serials)},
        )
    return True


def _fail(batch: StampBatch, message: str) -> None:
    with transaction.atomic():
        _set_progress(batch, status=StampBatch.Status.FAILED, error=message, progress=0)
        audit.record(actor=None, action="issue_failed", obj=batch, after={"status": batch.status}, note=message)


def issue_batch(
    *,
    batch_id: int,
    generate: Callable[[int], list[str]] = serial_numbers.new_serials,
    generate_chunk: int = GENERATE_CHUNK,
    insert_chunk: int | None = None,
) -> StampBatch:
    """Generate the batch's serials and write all its stamps in one transaction, so an interrupted or failed
    run leaves no stamps behind. A serial that collides with an existing one (the unique constraint says so)
    makes the whole batch start again with fresh serials, up to 3 times. Safe to re-run: an issued or revoked
    batch is left as it is, and a failed one is tried again.

    Side effects: the batch's progress (generating x/N, then writing) and status (issued, or failed with
    the error), the stamps, an audit entry "issue" or "issue_failed". Other errors are recorded on the batch
    and raised again."""
    batch = StampBatch.objects.select_related("product").get(pk=batch_id)
    if batch.status == StampBatch.Status.ISSUED or batch.revoked_at is not None:
        return batch
    started = time.monotonic()
    try:
        for attempt in range(1, ATTEMPTS + 1):
            _set_progress(batch, status=StampBatch.Status.ISSUING, progress=0, error="")
            serials = _generate(batch, generate, generate_chunk)
            generated = time.monotonic()
            try:
                written = _write(batch, serials, insert_chunk)
            except IntegrityError:
                logger.warning("stamp batch %s: serial collision on attempt %s, starting again", batch.code, attempt)
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
