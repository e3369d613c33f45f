import csv
import fcntl
import io
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from audit.models import AuditEntry
from stamps.domain import csv_lines, render_sheet, request_sheet, revoke_batch, revoke_stamps
from stamps.domain.sheets import CSV_HEADER
from stamps.links import stamp_url
from stamps.models import StampSheet, StampSize
from stamps.pdf import Layout, fits, name_lines
from stamps.serials import group

from .factories import issued_batch, order


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


@pytest.mark.parametrize("size", list(StampSize))
def test_sheet_pdf_stamps_decode_and_carry_the_mark_stars_name_and_serial(media, batch_a, alice, size):
    sheet = request_sheet(batch=batch_a, by=alice, layout=Layout(size=size), run_in_background=False)
    sheet = render_sheet(sheet_id=sheet.pk)
    assert (sheet.status, sheet.progress, sheet.stamp_size) == (StampSheet.Status.READY, 12, size)
    layout = Layout(size=size)
    pages = _pages(sheet)
    assert len(pages) == -(-12 // layout.per_page)
    urls = _urls(batch_a)
    assert _decoded(pages[0]) == set(urls[: layout.per_page])
    text = pages[0].get_textpage().get_text_range()
    assert text.count("OCOP") >= min(12, layout.per_page)  # the mark on every stamp
    assert text.count("Quét để kiểm tra") == min(12, layout.per_page)
    assert text.count("★★★★") == min(12, layout.per_page) and "★★★★★" not in text  # a 4★ certificate
    assert "Mứt gừng Phú Nghĩa" in text  # the Vietnamese product name survives the font
    for serial in batch_a.stamps.order_by("id").values_list("serial", flat=True)[: layout.per_page]:
        assert group(serial) in text


def test_long_product_names_are_cut_to_fit_the_stamp():
    name = "Trà hoa vàng Ba Chẽ thượng hạng đóng hộp quà tặng cao cấp loại đặc biệt hảo hạng"
    for size in StampSize:
        lines = name_lines(name, size=size)
        assert 1 <= len(lines) <= Layout(size=size).geometry.name_lines
        assert lines[-1].endswith("…")
        assert all(fits(line, size=size) for line in lines)
    assert name_lines("Mứt gừng", size=StampSize.SMALL) == ["Mứt gừng"]


@pytest.mark.parametrize("size", list(StampSize))
def test_every_stamp_size_stacks_its_parts_within_the_label(size):
    geometry = Layout(size=size).geometry
    assert geometry.stack_mm() <= geometry.height_mm
    assert geometry.qr_mm <= geometry.width_mm


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
        request_sheet(batch=batch_a, by=alice, layout=Layout(margin_mm=Decimal(40)))
    assert "margin_mm" in error.value.message_dict


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
        (Layout(margin_mm=Decimal(2)), "margin_mm"),
        (Layout(margin_mm=Decimal(31)), "margin_mm"),
        (Layout(size="25x25"), "size"),
    ],
)
def test_sheet_layout_that_does_not_fit_is_explained(layout, field):
    assert field in layout.errors()


def test_sheet_grid_follows_the_stamp_size():
    assert Layout().errors() == {}
    assert Layout().size == StampSize.MEDIUM
    assert [(Layout(size=size).columns, Layout(size=size).rows) for size in StampSize] == [(9, 9), (6, 6), (4, 5)]


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


def _scratch_path(sheet) -> Path:
    return Path(settings.MEDIA_ROOT) / "stamps" / sheet.batch.code / f".{sheet.code}.pdf.part"


def test_sheet_takes_up_the_scratch_file_a_killed_run_left(media, batch_a, alice):
    sheet = request_sheet(batch=batch_a, by=alice, run_in_background=False)
    scratch = _scratch_path(sheet)
    scratch.parent.mkdir(parents=True)
    scratch.write_bytes(b"%PDF-1.4\n half a file from a killed run" * 1000)
    sheet = render_sheet(sheet_id=sheet.pk)
    assert sheet.status == StampSheet.Status.READY
    assert _decoded(_pages(sheet)[0]) == set(_urls(batch_a))
    assert [path.name for path in scratch.parent.iterdir()] == [Path(sheet.file.name).name]


def test_sheet_being_drawn_by_another_live_run_is_left_to_it(media, batch_a, alice):
    sheet = request_sheet(batch=batch_a, by=alice, run_in_background=False)
    scratch = _scratch_path(sheet)
    scratch.parent.mkdir(parents=True)
    with scratch.open("w+b") as other_run:
        fcntl.flock(other_run.fileno(), fcntl.LOCK_EX)
        other_run.write(b"%PDF-1.4\n")
        other_run.flush()
        again = render_sheet(sheet_id=sheet.pk)
        assert again.status == StampSheet.Status.QUEUED
        assert scratch.read_bytes() == b"%PDF-1.4\n"  # not emptied under the other run
    sheet.refresh_from_db()
    assert (sheet.status, sheet.file.name) == (StampSheet.Status.QUEUED, "")
    assert render_sheet(sheet_id=sheet.pk).status == StampSheet.Status.READY


def test_sheet_of_several_parts_is_one_document_with_every_stamp(media, certified_a, alice, monkeypatch):
    monkeypatch.setattr("stamps.pdf.PART_PAGES", 1)
    batch = issued_batch(certified_a, alice, quantity=80)  # three pages of 36: three parts
    sheet = render_sheet(sheet_id=request_sheet(batch=batch, by=alice, run_in_background=False).pk)
    pages = _pages(sheet)
    urls = _urls(batch)
    assert len(pages) == 3
    for index, page in enumerate(pages):
        assert _decoded(page) == set(urls[index * 36 : (index + 1) * 36])
        assert f"Trang {index + 1}/3" in page.get_textpage().get_text_range()
    with sheet.file.open("rb") as file:
        reader = PdfReader(file)
        # The parts' shared stamp face and fonts are in the file once.
        fonts = {ref.idnum for page in reader.pages for ref in page["/Resources"].get_object()["/Font"].values()}
        assert reader.metadata.title.startswith("Mứt gừng Phú Nghĩa")
    assert len(fonts) == 3
