"""Printable A4 sheets of OCOP stamps. Each stamp, in one of the label sizes of `StampSize`, carries what a real
OCOP stamp does: the OCOP mark and the row of stars of the product's certificate (none when the certificate
shows none), the product's name (cut to fit), the QR code, "Quét để kiểm tra" and the grouped serial, all in
DejaVu Sans (every Vietnamese letter); a thin frame is the cutting line. A header line on each page names the
product, lot and page.

Speed: what every stamp of a sheet shares (frame, mark, stars, name, "Quét để kiểm tra") is drawn once, as a
form XObject that each stamp places. Each QR is drawn as one vector path, a rectangle per run of dark modules,
written straight into the page's content stream; segno is told the mask and the version (every URL of a batch
has the same length), so it does not try the eight masks.

Memory: ReportLab keeps every page of a document until it saves it (a hundred thousand stamps would be about a
gigabyte), so a sheet is drawn in parts of PART_PAGES pages, each a document of its own in a temporary file,
which `core.pdf_join` copies into the one output page by page as soon as it is saved. Memory holds one part
whatever the number of stamps; the pages are the same as one document's (each part draws its own copy of the
shared stamp face and embeds its own subset of the font)."""

import contextlib
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

import segno
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core import pdf_fonts
from core.pdf_join import PdfJoin

from .models import StampSize
from .serials import group

FONT, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
QR_ERROR = "m"  # 15 % of the symbol may be scratched or smudged and it still reads
QR_MASK = 2  # fixed: choosing the best of eight masks would make drawing about six times slower
QUIET_ZONE = 4  # modules of blank margin that a QR needs on every side, included in the QR size
HEADER_POINTS = 7
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = Decimal(210), Decimal(297)
LIMITS = {"margin_mm": (5, 30)}
PT_MM = Decimal("0.3528")  # one typographic point in millimetres
LINE = Decimal("1.2")  # a line of text is 1.2 × its size high
ASCENT = 0.93  # DejaVu Sans: the baseline sits this far (× size) below the top of its line
GREEN = Color(0.043, 0.365, 0.231)
GOLD = Color(0.80, 0.56, 0.0)
FRAME = Color(0.70, 0.70, 0.70)
# Printed as it is in every user's language: the stamp speaks to shoppers in Vietnam, like the rest of its label.
SCAN_TO_CHECK = "Quét để kiểm tra"
_DARK_RUNS = re.compile(rb"\x01+")
PART_PAGES = 40  # pages drawn into one part (the most ReportLab holds in memory at once; about 0.2 MB a page)


@dataclass(frozen=True)
class Geometry:
    """Where the parts of one stamp size go, in millimetres (text sizes in points), from the top: padding, the
    row of the mark and stars, `name_lines` lines of the product's name, then from the bottom: padding, the
    serial, "Quét để kiểm tra", the QR (its size includes its quiet zone). What is left sits above the QR."""

    width_mm: Decimal
    height_mm: Decimal
    padding_mm: Decimal
    mark_mm: Decimal
    name_points: Decimal
    name_lines: int
    qr_mm: Decimal
    scan_points: Decimal
    code_points: Decimal

    def line_mm(self, points: Decimal) -> Decimal:
        return points * PT_MM * LINE

    def stack_mm(self) -> Decimal:
        """The height of all the parts one above the other."""
        return (
            2 * self.padding_mm
            + self.mark_mm
            + self.name_lines * self.line_mm(self.name_points)
            + self.qr_mm
            + self.line_mm(self.scan_points)
            + self.line_mm(self.code_points)
        )


# Sizes: 20 × 30 mm for small packets and jars (QR 18 mm: about 0.4 mm a module for a stamp URL, still read by
# any phone), 30 × 40 mm the usual traceability label (QR 23 mm, close to the former default grid's 24 mm),
# 40 × 50 mm for boxes and bottles. At 10 mm margins an A4 page holds 81, 36 or 20 of them.
GEOMETRY = {
    StampSize.SMALL: Geometry(
        width_mm=Decimal(20),
        height_mm=Decimal(30),
        padding_mm=Decimal("0.8"),
        mark_mm=Decimal("3.6"),
        name_points=Decimal("4.5"),
        name_lines=1,
        qr_mm=Decimal(18),
        scan_points=Decimal("3.8"),
        code_points=Decimal("4.6"),
    ),
    StampSize.MEDIUM: Geometry(
        width_mm=Decimal(30),
        height_mm=Decimal(40),
        padding_mm=Decimal("1.2"),
        mark_mm=Decimal("4.8"),
        name_points=Decimal("5.5"),
        name_lines=2,
        qr_mm=Decimal(23),
        scan_points=Decimal("4.8"),
        code_points=Decimal(6),
    ),
    StampSize.LARGE: Geometry(
        width_mm=Decimal(40),
        height_mm=Decimal(50),
        padding_mm=Decimal("1.6"),
        mark_mm=Decimal(6),
        name_points=Decimal(7),
        name_lines=2,
        qr_mm=Decimal(28),
        scan_points=Decimal(6),
        code_points=Decimal("7.5"),
    ),
}


@dataclass(frozen=True)
class Layout:
    """One A4 page of stamps of one size: as many columns and rows as fit inside the margins, centred."""

    size: str = StampSize.MEDIUM
    margin_mm: Decimal = Decimal(10)

    @property
    def geometry(self) -> Geometry:
        return GEOMETRY[StampSize(self.size)]

    @property
    def columns(self) -> int:
        return int((PAGE_WIDTH_MM - 2 * self.margin_mm) // self.geometry.width_mm)

    @property
    def rows(self) -> int:
        return int((PAGE_HEIGHT_MM - 2 * self.margin_mm) // self.geometry.height_mm)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def qr_size_mm(self) -> Decimal:
        return self.geometry.qr_mm

    def errors(self) -> dict[str, str]:
        """What is wrong with the layout, by field, in words for the form."""
        errors = {}
        if self.size not in StampSize.values:
            errors["size"] = _("Chọn một cỡ tem trong danh sách.")
        for name, (low, high) in LIMITS.items():
            if not low <= getattr(self, name) <= high:
                errors[name] = _("Từ %(low)s đến %(high)s.") % {"low": low, "high": high}
        return errors


def fits(text: str, *, size: str) -> bool:
    """Whether `text` fits on one line of the product's name on a stamp of `size`."""
    geometry = GEOMETRY[StampSize(size)]
    room = float(geometry.width_mm - 2 * geometry.padding_mm) * mm
    return stringWidth(text, BOLD, float(geometry.name_points)) <= room


def name_lines(name: str, *, size: str) -> list[str]:
    """The product's name wrapped to the stamp's width, at most its `name_lines` lines; a name too long ends
    in "…" on the last line."""
    pdf_fonts.register()
    geometry = GEOMETRY[StampSize(size)]
    points = float(geometry.name_points)
    room = float(geometry.width_mm - 2 * geometry.padding_mm) * mm
    lines = simpleSplit(" ".join(name.split()), BOLD, points, room) or [""]
    if len(lines) <= geometry.name_lines:
        return lines
    kept = lines[: geometry.name_lines]
    last = kept[-1]
    while last and stringWidth(last.rstrip() + "…", BOLD, points) > room:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def qr_matrix(url: str, version: int | None = None) -> tuple[bytes, ...]:
    qr = segno.make(url, error=QR_ERROR, mask=QR_MASK, version=version, micro=False, boost_error=False)
    return tuple(bytes(row) for row in qr.matrix)


def qr_version(url: str) -> int:
    return segno.make(url, error=QR_ERROR, mask=QR_MASK, micro=False, boost_error=False).version


def _qr_operators(matrix: tuple[bytes, ...], *, x: float, y: float, module: float) -> str:
    """PDF operators filling the dark modules of `matrix` with their bottom-left corner at (x, y) points, in a
    coordinate system of one unit per module."""
    size = len(matrix)
    parts = [f"q {module:.4f} 0 0 {module:.4f} {x:.3f} {y:.3f} cm"]
    for index, row in enumerate(matrix):
        top = size - 1 - index
        parts.extend(f"{run.start()} {top} {run.end() - run.start()} 1 re" for run in _DARK_RUNS.finditer(row))
    parts.append("f Q")
    return "\n".join(parts)


@contextlib.contextmanager
def _binary_streams():
    # ReportLab wraps compressed streams in ASCII85 by default, in pure Python: a tenth of the time for a file
    # a quarter larger. PDF is a binary format; nothing needs the text encoding.
    previous, rl_config.useA85 = rl_config.useA85, 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def render_sheets(
    out: BinaryIO,
    *,
    stamps: Iterable[tuple[str, str]],
    total: int,
    layout: Layout,
    title: str,
    product_name: str,
    stars: int,
    on_page: Callable[[int], None] | None = None,
    part_pages: int = PART_PAGES,
) -> int:
    """Write A4 pages of (serial, url) stamps to `out` (only written to, in order), `layout.per_page` a page,
    each with the OCOP mark, `stars` stars (0: none), `product_name`; `title` heads each page, with its number
    out of those that `total` stamps fill. Calls `on_page(stamps drawn so far)` after each page. Drawn in parts
    of `part_pages` pages (see above). Returns the number of stamps drawn."""
    pdf_fonts.register()
    pages = max(1, -(-total // layout.per_page))
    remaining: Iterator[tuple[str, str]] = iter(stamps)
    joined = PdfJoin(out)
    drawn = 0
    with _binary_streams():
        for first_page in range(1, pages + 1, part_pages):
            if first_page > 1:
                following = next(remaining, None)
                if following is None:  # fewer stamps than `total` (revoked ones are left out): no empty part
                    break
                remaining = itertools.chain([following], remaining)
            with tempfile.TemporaryFile(prefix="ocop-sheet-part-") as part:
                done_before = drawn
                drawn += _render(
                    part,
                    stamps=itertools.islice(remaining, part_pages * layout.per_page),
                    first_page=first_page,
                    pages=pages,
                    layout=layout,
                    title=title,
                    product_name=product_name,
                    stars=stars,
                    on_page=on_page and (lambda done, before=done_before: on_page(before + done)),
                )
                part.seek(0)
                joined.append(part)
    joined.finish()
    return drawn


def _mark(canvas: Canvas, *, x: float, y: float, diameter: float) -> None:
    """The OCOP mark, bottom-left corner at (x, y): a green disc with OCOP across it and a gold ring."""
    radius = diameter / 2
    canvas.setFillColor(GREEN)
    canvas.circle(x + radius, y + radius, radius, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(diameter * 0.06)
    canvas.circle(x + radius, y + radius, radius * 0.86, stroke=1, fill=0)
    canvas.setFillColor(white)
    points = diameter * 0.62 / (stringWidth("OCOP", BOLD, 1) or 1)
    canvas.setFont(BOLD, points)
    canvas.drawCentredString(x + radius, y + radius - points * 0.35, "OCOP")


def _stamp_face(canvas: Canvas, layout: Layout, *, product_name: str, stars: int) -> None:
    """What every stamp of the sheet shares, drawn into the form XObject "stamp", origin at its bottom-left."""
    g = layout.geometry
    width, height, padding = float(g.width_mm) * mm, float(g.height_mm) * mm, float(g.padding_mm) * mm
    canvas.beginForm("stamp", 0, 0, width, height)
    canvas.setStrokeColor(FRAME)
    canvas.setLineWidth(0.3)
    canvas.roundRect(0.15, 0.15, width - 0.3, height - 0.3, min(width, height) * 0.06, stroke=1, fill=0)

    mark = float(g.mark_mm) * mm
    top = height - padding
    star_points = mark / 0.9
    row = "★" * stars
    gap = mark * 0.25 if stars else 0
    star_width = stringWidth(row, FONT, star_points)
    room = width - 2 * padding - mark - gap
    if star_width > room:  # five stars on the smallest stamp: a little smaller
        star_points *= room / star_width
        star_width = room
    left = (width - mark - gap - star_width) / 2
    _mark(canvas, x=left, y=top - mark, diameter=mark)
    if stars:
        canvas.setFillColor(GOLD)
        canvas.setFont(FONT, star_points)
        canvas.drawString(left + mark + gap, top - mark / 2 - star_points * 0.33, row)

    canvas.setFillColor(Color(0, 0, 0))
    name_points = float(g.name_points)
    y = top - mark
    canvas.setFont(BOLD, name_points)
    for line in name_lines(product_name, size=layout.size):
        canvas.drawCentredString(width / 2, y - ASCENT * name_points, line)
        y -= name_points * float(LINE)

    scan_points = float(g.scan_points)
    scan_top = padding + float(g.line_mm(g.code_points) + g.line_mm(g.scan_points)) * mm
    canvas.setFont(FONT, scan_points)
    canvas.drawCentredString(width / 2, scan_top - ASCENT * scan_points, SCAN_TO_CHECK)
    canvas.endForm()


def _render(out, *, stamps, first_page, pages, layout, title, product_name, stars, on_page) -> int:
    """One part: the stamps given (at most a part's pages of them), its first page numbered `first_page`."""
    g = layout.geometry
    page_width, page_height = A4
    cell_width, cell_height = float(g.width_mm) * mm, float(g.height_mm) * mm
    margin, qr_size = float(layout.margin_mm) * mm, float(g.qr_mm) * mm
    padding = float(g.padding_mm) * mm
    code_points = float(g.code_points)
    code_baseline = padding + float(g.line_mm(g.code_points)) * mm - ASCENT * code_points
    qr_bottom_in_cell = padding + float(g.line_mm(g.code_points) + g.line_mm(g.scan_points)) * mm
    grid_left = (page_width - layout.columns * cell_width) / 2
    grid_top = page_height - (page_height - layout.rows * cell_height) / 2
    canvas = Canvas(out, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("OCOP")
    _stamp_face(canvas, layout, product_name=product_name, stars=stars)
    version = module = code_size = None
    drawn = 0

    def header(page: int) -> None:
        canvas.setFillColor(Color(0, 0, 0))
        canvas.setFont(FONT, HEADER_POINTS)
        y = page_height - margin / 2 - 2
        canvas.drawString(margin, y, title)
        canvas.drawRightString(page_width - margin, y, _("Trang %(n)s/%(total)s") % {"n": page, "total": pages})
        if code_size:
            canvas.setFont(FONT, code_size)

    header(first_page)
    for serial, url in stamps:
        slot = drawn % layout.per_page
        if slot == 0 and drawn:
            canvas.showPage()
            header(first_page + drawn // layout.per_page)
            if on_page:
                on_page(drawn)
        if version is None:
            version = qr_version(url)
            # Serials all have the same length: the largest size at which the first one fits fits them all.
            room = cell_width - 2 * padding
            code_size = min(code_points, code_points * room / stringWidth(group(serial), FONT, code_points))
            canvas.setFont(FONT, code_size)
        matrix = qr_matrix(url, version)
        module = qr_size / (len(matrix) + 2 * QUIET_ZONE)
        column, row = slot % layout.columns, slot // layout.columns
        left = grid_left + column * cell_width
        bottom = grid_top - (row + 1) * cell_height
        canvas.saveState()
        canvas.translate(left, bottom)
        canvas.doForm("stamp")
        canvas.restoreState()
        qr_left = left + (cell_width - qr_size) / 2
        qr_bottom = bottom + qr_bottom_in_cell
        canvas.addLiteral(
            _qr_operators(matrix, x=qr_left + QUIET_ZONE * module, y=qr_bottom + QUIET_ZONE * module, module=module)
        )
        canvas.drawCentredString(left + cell_width / 2, bottom + code_baseline, group(serial))
        drawn += 1
    canvas.showPage()
    canvas.save()
    if on_page:
        on_page(drawn)
    return drawn
