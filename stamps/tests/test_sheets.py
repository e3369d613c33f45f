import csv
import io
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from stamps.domain import csv_lines, render_sheet, request_sheet, revoke_batch, revoke_stamps
from stamps.domain.sheets import CSV_HEADER
from stamps.links import stamp_url
from stamps.models import StampSheet
from stamps.pdf import Layout
from stamps.serials import group

from .factories import order


def _pages(sheet: StampSheet) -> list:
    with sheet.file.open("rb") as file:
        document = pypdfium2.PdfDocument(file.read())
    return [document[index] for index in range(len(document))]


def _decoded(page) -> set[str]:
    image = page.render(scale=3).to_pil()
    return {result.text for result in zxingcpp.read_barcodes(image)}


def _urls(batch) -> list[str]:
    return [
        stamp_url(s, gtin=batch.product.gtin, lot=batch.lot)
        for s in batch.stamps.order_by("id").values_list("serial", flat=True)
    ]


def test_sheet_pdf_qr_codes_decode_to_the_stamp_urls(media, batch_a, alice):
    sheet = request_sheet(
        batch=batch_a, by=alice, layout=Layout(columns=4, rows=2, qr_size_mm=Decimal(30)), run_in_background=False
    )
    sheet = render_sheet(sheet_id=sheet.pk)
    assert sheet.status == StampSheet.Status.READY and sheet.progress == 12
    pages = _pages(sheet)
    assert len(pages) == 2  # 12 stamps, 8 a page
    urls = _urls(batch_a)
    assert _decoded(pages[0]) == set(urls[:8])
    assert _decoded(pages[1]) == set(urls[8:])
    text = pages[0].get_textpage().get_text_range()
    assert "Mứt gừng Phú Nghĩa" in text  # the Vietnamese product name survives the font
    assert group(batch_a.stamps.order_by("id").first().serial) in text


def test_sheet_of_a_range_leaves_out_revoked_stamps(media, batch_a, alice):
    serials = list(batch_a.stamps.order_by("id").values_list("serial", flat=True))
    revoke_stamps(serials=[serials[3]], reason="misprinted", by=alice)
    sheet = request_sheet(batch=batch_a, by=alice, first=3, count=4, run_in_background=False)
    sheet = render_sheet(sheet_id=sheet.pk)
    (page,) = _pages(sheet)
    expected = {stamp_url(s, gtin=batch_a.product.gtin, lot=batch_a.lot) for s in (serials[2], serials[4], serials[5])}
    assert _decoded(page) == expected


def test_sheet_request_is_audited_and_checks_the_range_and_grid(media, batch_a, alice):
    request_sheet(batch=batch_a, by=alice, run_in_background=False)
    assert AuditEntry.objects.filter(action="print", object_id=str(batch_a.pk)).exists()
    with pytest.raises(ValidationError) as error:
        request_sheet(batch=batch_a, by=alice, first=10, count=5, run_in_background=False)
    assert "count" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        request_sheet(batch=batch_a, by=alice, layout=Layout(columns=8, qr_size_mm=Decimal(30)))
    assert "qr_size_mm" in error.value.message_dict


def test_sheet_is_refused_for_a_revoked_or_unissued_batch_and_outsiders(certified_a, batch_a, alice, bob):
    with pytest.raises(PermissionDenied):
        request_sheet(batch=batch_a, by=bob)
    with pytest.raises(ValidationError):
        request_sheet(batch=order(certified_a, alice), by=alice)
    revoke_batch(batch=batch_a, reason="stolen", by=alice)
    with pytest.raises(ValidationError):
        request_sheet(batch=batch_a, by=alice)


@pytest.mark.parametrize(
    ("layout", "field"),
    [
        (Layout(columns=0), "columns"),
        (Layout(rows=21), "rows"),
        (Layout(margin_mm=Decimal(2)), "margin_mm"),
        (Layout(columns=6, qr_size_mm=Decimal(40)), "qr_size_mm"),
        (Layout(rows=10, qr_size_mm=Decimal(26)), "qr_size_mm"),
    ],
)
def test_sheet_layout_that_does_not_fit_is_explained(layout, field):
    assert field in layout.errors()


def test_sheet_default_layout_fits_40_stamps_a_page():
    assert Layout().errors() == {}
    assert Layout().per_page == 40


def test_csv_for_printers_has_one_line_per_printable_stamp(batch_a, alice):
    serials = list(batch_a.stamps.order_by("id").values_list("serial", flat=True))
    revoke_stamps(serials=[serials[0]], reason="lost", by=alice)
    rows = list(csv.reader(io.StringIO("".join(csv_lines(batch=batch_a, by=alice)))))
    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == serials[1:]
    product = batch_a.product
    first = rows[1]
    assert first == [
        serials[1],
        group(serials[1]),
        stamp_url(serials[1], gtin=product.gtin, lot=batch_a.lot),
        "L2611-01",
        f"{batch_a.production_date:%d/%m/%Y}",
        f"{batch_a.expiry_date:%d/%m/%Y}",
        "Mứt gừng Phú Nghĩa",
        product.official_code,
        "08938600123459",
    ]
    assert AuditEntry.objects.filter(action="export_csv", object_id=str(batch_a.pk)).exists()


def test_csv_is_refused_to_outsiders(batch_a, dave):
    with pytest.raises(PermissionDenied):
        csv_lines(batch=batch_a, by=dave)
