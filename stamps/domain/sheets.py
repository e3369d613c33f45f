"""Printable PDF sheets of a batch, made by a background job, and the CSV for commercial printers."""

import contextlib
import csv
import datetime
import fcntl
import os
import posixpath
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit import domain as audit
from certificates.models import SHOWS_STAR

from ..links import batch_link_prefix
from ..models import StampBatch, StampSheet
from ..pdf import Layout, render_sheets
from ..rules import can_manage_batch
from ..serials import group
from ..verdicts import certificate_in_force

CSV_HEADER = [
    "serial",
    "ma_in_tren_tem",
    "url",
    "so_lo",
    "ngay_san_xuat",
    "han_su_dung",
    "san_pham",
    "ma_san_pham",
    "gtin",
]
SHEET_FIELDS = ["first", "count", "stamp_size", "columns", "rows", "margin_mm", "qr_size_mm"]


def sheet_max() -> int:
    """Stamps in one PDF (drawn in constant memory, but 100,000 take 7 minutes or more and 37 MB): a million stamps
    go to the printer as CSV or in ranges."""
    return settings.STAMP_SHEET_MAX


def no_star_reason(batch: StampBatch, *, day: datetime.date | None = None) -> str:
    """Why the batch's stamps may not be printed on `day` (today) because of their certificate, or "" when they
    may. The certificate that counts is the one in force for the stamps (the batch's, or the one that replaced it
    at renewal), as on the verification page: stamps are printed only while it shows a star."""
    certificate = certificate_in_force(batch.certificate)
    status = certificate.status_on(day or timezone.localdate())
    if status in SHOWS_STAR:
        return ""
    return _(
        "Không in hay xuất tem được: giấy chứng nhận OCOP số %(number)s đang ở trạng thái “%(status)s”, sản phẩm "
        "%(product)s không còn được dùng sao OCOP."
    ) % {"number": certificate.number, "status": status.label, "product": batch.product.name}


def check_printable(*, batch: StampBatch, by) -> None:
    """May `by` print, download or export the batch's stamps now? PermissionDenied, or a ValidationError that
    says why not: the batch was revoked, is not issued yet, or its certificate shows no star."""
    if not can_manage_batch(by, batch):
        raise PermissionDenied
    if batch.revoked_at is not None:
        raise ValidationError(_("Lô tem đã bị thu hồi: không in hay xuất được nữa."), code="revoked")
    if batch.status != StampBatch.Status.ISSUED:
        raise ValidationError(_("Lô tem chưa phát hành xong."), code="not_issued")
    reason = no_star_reason(batch)
    if reason:
        raise ValidationError(reason, code="no_star")


@transaction.atomic
def request_sheet(
    *,
    batch: StampBatch,
    by,
    first: int = 1,
    count: int | None = None,
    layout: Layout | None = None,
    run_in_background: bool = True,
) -> StampSheet:
    """Ask for a PDF of stamps `first`…`first + count - 1` of the batch (in issuing order) in the stamp size
    and margins of `layout`. Side effects: the sheet (queued), an audit entry "print", and the rendering job once this
    transaction commits (unless `run_in_background` is False: the caller then calls `render_sheet`)."""
    # Read the batch again under a lock: it may have been revoked since the caller loaded it.
    locked = StampBatch.objects.select_for_update(of=("self",))
    batch = locked.select_related("product__producer", "certificate").get(pk=batch.pk)
    check_printable(batch=batch, by=by)
    layout = layout or Layout()
    count = count if count is not None else min(batch.quantity - first + 1, sheet_max())
    errors = layout.errors()
    if not 1 <= first <= batch.quantity:
        errors["first"] = _("Từ 1 đến %(max)s.") % {"max": batch.quantity}
    elif not 1 <= count <= min(sheet_max(), batch.quantity - first + 1):
        errors["count"] = _("Từ 1 đến %(max)s tem một tệp.") % {"max": min(sheet_max(), batch.quantity - first + 1)}
    if errors:
        raise ValidationError(errors)
    sheet = StampSheet.objects.create(
        batch=batch,
        first=first,
        count=count,
        stamp_size=layout.size,
        columns=layout.columns,
        rows=layout.rows,
        margin_mm=layout.margin_mm,
        qr_size_mm=layout.qr_size_mm,
        requested_by=by,
    )
    audit.record(actor=by, action="print", obj=batch, after=audit.snapshot(sheet, SHEET_FIELDS))
    if run_in_background:
        from ..tasks import render_stamp_sheet

        sheet_id = sheet.pk
        transaction.on_commit(lambda: render_stamp_sheet.enqueue(sheet_id))
    return sheet


def _stamps_in_range(sheet: StampSheet) -> Iterator[tuple[str, str]]:
    prefix = batch_link_prefix(sheet.batch)
    start = sheet.first - 1
    rows = (
        sheet.batch.stamps.order_by("id")
        .values_list("serial", "revoked_at")[start : start + sheet.count]
        .iterator(chunk_size=2000)
    )
    # A revoked stamp (lost, misprinted) is never printed again.
    return ((serial, prefix + serial) for serial, revoked_at in rows if revoked_at is None)


class _Finished(File):
    """The finished PDF in its scratch file, which the storage then moves to its name (a rename: see `_scratch`)."""

    def temporary_file_path(self) -> str:
        return self.file.name


@contextlib.contextmanager
def _scratch(sheet: StampSheet) -> Iterator[BinaryIO | None]:
    """The file the sheet's PDF is written into before it is stored, or None while another run of the same
    sheet is writing it. With files stored in a local folder it is the hidden `.<sheet code>.pdf.part` in the
    folder the PDF goes to, so storing it is a rename within one file system: the stored file appears whole
    or not at all, and a download never meets a half-written one. One name a sheet, so the leftover of a
    killed run is taken up (and emptied) by the next run; that run's lock (flock, which the kernel releases
    when a process dies however it dies) keeps two live runs from writing it at once. Any other storage
    (object storage) stores an upload whole or not at all: a temporary file anywhere will do."""
    storage = sheet.file.storage
    if not isinstance(storage, FileSystemStorage):
        with tempfile.NamedTemporaryFile(prefix="ocop-sheet-") as file:
            yield file
        return
    folder = posixpath.dirname(sheet.file.field.generate_filename(sheet, "sheet.pdf"))
    folder_path = storage.path(folder)
    os.makedirs(folder_path, exist_ok=True)
    path = os.path.join(folder_path, f".{sheet.code}.pdf.part")
    # Opened without truncating: a live run's file is emptied only once this run holds the lock.
    file = open(path, "w+b", opener=lambda name, _flags: os.open(name, os.O_RDWR | os.O_CREAT, 0o600))  # noqa: SIM115
    try:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        file.truncate(0)
        yield file
        # Stored: moved away. Not stored (an error): removed, unless another run has made a new one since.
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(file.fileno()).st_ino:
                os.unlink(path)
    finally:
        file.close()


SHEET_RUNNING = (StampSheet.Status.QUEUED, StampSheet.Status.RENDERING)


def sheet_stale_after() -> datetime.timedelta:
    """How long a sheet's job may stay silent before the sheet counts as stalled: it reports every page drawn."""
    return datetime.timedelta(minutes=settings.STAMP_SHEET_STALE_MINUTES)


def is_sheet_stalled(sheet: StampSheet, *, now: datetime.datetime | None = None) -> bool:
    """Queued or rendering, and its job silent (no page drawn, or never started) for longer than
    `sheet_stale_after()`: the worker died, or the task was lost, and nothing will finish the sheet unless it is
    queued again. A sheet taken for stalled while its job still runs costs nothing when queued again: the second
    run finds the first one drawing it (the scratch file's lock) or the sheet ready, and leaves it."""
    if sheet.status not in SHEET_RUNNING:
        return False
    return (sheet.heartbeat_at or sheet.created_at) < (now or timezone.now()) - sheet_stale_after()


@transaction.atomic
def resume_sheet(*, sheet: StampSheet, by, run_in_background: bool = True) -> StampSheet:
    """Queue a stalled sheet (see `is_sheet_stalled`) again; the job takes up from the start (the scratch file
    of the dead run is rewritten, never stored half-drawn). Refused for a sheet whose job is alive, or that is
    ready or failed, and for a batch that may no longer be printed (`check_printable`).

    Side effects: the sheet queued, its progress and error cleared, an audit entry "resume" on the batch, and —
    unless `run_in_background` is False — the rendering job, enqueued once this transaction commits."""
    # Under the sheet's lock, a second press (or the job itself) waits here, then finds it no longer stalled.
    sheet = (
        StampSheet.objects.select_for_update(of=("self",))
        .select_related("batch__product__producer", "batch__certificate__superseded_by")
        .get(pk=sheet.pk)
    )
    check_printable(batch=sheet.batch, by=by)
    if not is_sheet_stalled(sheet):
        if sheet.status in SHEET_RUNNING:
            message = _(
                "Tệp in này vẫn đang được tạo (báo tiến độ lần cuối lúc %(when)s): chỉ tạo lại được khi việc tạo im "
                "lặng quá %(minutes)s phút."
            ) % {
                "when": formats.date_format(timezone.localtime(sheet.heartbeat_at or sheet.created_at), "H:i:s"),
                "minutes": int(sheet_stale_after().total_seconds() // 60),
            }
        else:
            message = _("Tệp in này không bị ngừng (%(status)s): không có gì để tạo lại.") % {
                "status": sheet.get_status_display().lower()
            }
        raise ValidationError(message, code="not_stalled")
    fields = ["status", "progress", "error"]
    before = audit.snapshot(sheet, fields)
    sheet.status = StampSheet.Status.QUEUED
    sheet.progress = 0
    sheet.error = ""
    sheet.heartbeat_at = timezone.now()
    sheet.save(update_fields=[*fields, "heartbeat_at"])
    audit.record(
        actor=by,
        action="resume",
        obj=sheet.batch,
        before=before,
        after=audit.snapshot(sheet, [*fields, *SHEET_FIELDS]),
        note=_("Việc tạo tệp in đã ngừng giữa chừng; cho tạo lại."),
    )
    if run_in_background:
        from ..tasks import render_stamp_sheet

        sheet_id = sheet.pk
        transaction.on_commit(lambda: render_stamp_sheet.enqueue(sheet_id))
    return sheet


def render_sheet(*, sheet_id: int) -> StampSheet:
    """Draw the sheet's PDF and store it: each stamp with the OCOP mark, the stars of the product's certificate
    if it shows any today, the product's name, the QR and its serial. Safe to re-run, and after a run was
    killed: a ready sheet is left as it is, and the file is stored only once complete (`_scratch`); a run that
    finds another run of the same sheet still drawing it leaves the sheet to it. A sheet whose certificate no
    longer shows a star is not drawn: it fails with the reason (`no_star_reason`). Memory does not grow with
    the number of stamps (`stamps.pdf`: drawn in parts, read from the database in chunks).
    Side effects: the sheet's progress, its file and status (ready, or failed with the error, raised again)."""
    sheet = StampSheet.objects.select_related("batch__product", "batch__certificate").get(pk=sheet_id)
    if sheet.status == StampSheet.Status.READY:
        return sheet
    # Queued while the certificate showed a star: it may have been withdrawn or expired since.
    reason = no_star_reason(sheet.batch)
    if reason:
        StampSheet.objects.filter(pk=sheet.pk).update(status=StampSheet.Status.FAILED, error=reason)
        sheet.status, sheet.error = StampSheet.Status.FAILED, reason
        return sheet
    batch = sheet.batch
    layout = Layout(size=sheet.stamp_size, margin_mm=Decimal(sheet.margin_mm))
    # The stars of the certificate in force for these stamps, as `no_star_reason` just found it showing a star.
    certificate = certificate_in_force(batch.certificate)
    title = _("%(product)s · lô %(lot)s · lô tem %(batch)s · tem %(first)s–%(last)s") % {
        "product": batch.product.name,
        "lot": batch.lot,
        "batch": batch.code,
        "first": sheet.first,
        "last": sheet.first + sheet.count - 1,
    }
    with _scratch(sheet) as out:
        if out is None:
            return sheet
        StampSheet.objects.filter(pk=sheet.pk).update(
            status=StampSheet.Status.RENDERING, progress=0, error="", heartbeat_at=timezone.now()
        )
        try:
            render_sheets(
                out,
                stamps=_stamps_in_range(sheet),
                total=sheet.count,
                layout=layout,
                title=title,
                product_name=batch.product.name,
                stars=certificate.stars,
                on_page=lambda drawn: StampSheet.objects.filter(pk=sheet.pk).update(
                    progress=drawn, heartbeat_at=timezone.now()
                ),
            )
            out.flush()
            os.fsync(out.fileno())  # on disk before it is renamed: never a stored name over a partial file
            out.seek(0)
            sheet.file.save("sheet.pdf", _Finished(out), save=False)
        except Exception as error:
            StampSheet.objects.filter(pk=sheet.pk).update(status=StampSheet.Status.FAILED, error=str(error))
            raise
    sheet.status = StampSheet.Status.READY
    sheet.progress = sheet.count
    sheet.finished_at = timezone.now()
    sheet.save(update_fields=["file", "status", "progress", "finished_at"])
    return sheet


class _Line:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_lines(*, batch: StampBatch, by) -> Iterator[str]:
    """The batch's printable stamps as CSV lines for a commercial printer (header first, dates dd/mm/yyyy,
    UTF-8), revoked stamps left out; refused as printing is (`check_printable`). Side effects: an audit entry
    "export_csv" (the file prints genuine stamps)."""
    batch = StampBatch.objects.select_related("product__producer", "certificate").get(pk=batch.pk)
    check_printable(batch=batch, by=by)
    audit.record(actor=by, action="export_csv", obj=batch, note=_("Xuất CSV cho nhà in."))
    return _csv_rows(batch)


def _csv_rows(batch: StampBatch) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\n")
    product = batch.product
    prefix = batch_link_prefix(batch)
    fixed = [
        batch.lot,
        f"{batch.production_date:%d/%m/%Y}",
        f"{batch.expiry_date:%d/%m/%Y}",
        product.name,
        product.official_code,
        product.gtin,
    ]
    yield writer.writerow(CSV_HEADER)
    serials = (
        batch.stamps.filter(revoked_at__isnull=True).order_by("id").values_list("serial", flat=True).iterator(5000)
    )
    for serial in serials:
        yield writer.writerow([serial, group(serial), prefix + serial, *fixed])
