"""A stamp sheet's worker killed with SIGKILL while it draws the PDF: once after its first page, once after its
last (every page drawn, the file not yet stored: the worst moment). Neither leaves a stored or visible PDF, nor
a sheet marked ready; the sheet is seen as stalled and drawn again as the batch page's "Tạo lại tệp" does
(`resume_sheet`), and the job stores one whole PDF whose QR codes decode to the stamps."""

from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings

from audit.models import AuditEntry
from stamps.domain import is_sheet_stalled, request_sheet, resume_sheet
from stamps.links import stamp_url
from stamps.models import StampSheet
from stamps.pdf import Layout
from stamps.tests.factories import issued_batch

QUANTITY = 100  # three pages of 36
PROGRESS = r'UPDATE "stamps_stampsheet" SET "progress" = '


def folder_of(batch) -> Path:
    return Path(settings.MEDIA_ROOT) / "stamps" / batch.code


def pdfs(batch) -> list[Path]:
    """The PDF files a download could be served from (a hidden scratch file is none of them)."""
    folder = folder_of(batch)
    return sorted(path for path in folder.glob("*.pdf")) if folder.exists() else []


@pytest.mark.parametrize(("moment", "after"), [("first page drawn", 1), ("every page drawn", 3)])
def test_sheet_worker_killed_mid_pdf_stores_nothing_and_renders_once_resumed(
    world, settings, certified_a, alice, moment, after
):
    settings.STAMP_SHEET_STALE_MINUTES = 0  # a killed job is stalled at once: no waiting for its silence
    batch = issued_batch(certified_a, alice, quantity=QUANTITY)
    sheet = request_sheet(batch=batch, by=alice)  # queued for the worker, as from the batch page
    world.publish()
    world.run_until_paused(world.worker, sql=PROGRESS, after=after)
    # Read by another connection right after the kill: still rendering, no file; nothing visible on disk.
    row = world.query("SELECT status, progress, file FROM stamps_stampsheet WHERE id = %s", (sheet.pk,))
    assert row == [("rendering", 36 if after == 1 else QUANTITY, "")], moment
    assert pdfs(batch) == []
    assert [path.name for path in folder_of(batch).iterdir()] == [f".{sheet.code}.pdf.part"]  # the scratch only

    world.collect()
    sheet.refresh_from_db()
    assert sheet.heartbeat_at is not None and is_sheet_stalled(sheet)  # the job had started, then fell silent
    resume_sheet(sheet=sheet, by=alice)  # queues the job again once its transaction commits
    assert AuditEntry.objects.filter(action="resume", object_id=str(batch.pk)).count() == 1
    world.publish()
    world.finish(world.worker())
    world.collect()
    sheet.refresh_from_db()
    assert (sheet.status, sheet.progress, sheet.error) == (StampSheet.Status.READY, QUANTITY, "")
    # One whole PDF, the one the sheet names, and no scratch file left beside it.
    assert pdfs(batch) == [Path(sheet.file.path)]
    assert sorted(path.name for path in folder_of(batch).iterdir()) == [Path(sheet.file.path).name]
    with sheet.file.open("rb") as file:
        document = pypdfium2.PdfDocument(file.read())
    try:
        assert len(document) == 3
        serials = list(batch.stamps.order_by("id").values_list("serial", flat=True))
        per_page = Layout().per_page
        for index in range(len(document)):
            decoded = {result.text for result in zxingcpp.read_barcodes(document[index].render(scale=3).to_pil())}
            expected = serials[index * per_page : (index + 1) * per_page]
            assert decoded == {stamp_url(s, gtin=batch.product.gtin, lot=batch.lot) for s in expected}, index
    finally:
        document.close()
