"""Printable A4 sheets of stamps: a grid of QR codes, each with its grouped serial underneath, and a header line
with the product, lot and page number in DejaVu Sans (it has every Vietnamese letter).

Speed: each QR is drawn as one vector path, a rectangle per run of dark modules, written straight into the
page's content stream; segno is told the mask and the version (every URL of a batch has the same length), so
it does not try the eight masks. About 500 stamps a second on one core."""

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

import segno
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core import pdf_fonts

from .serials import group

FONT = pdf_fonts.REGULAR
QR_ERROR = "m"  # 15 % of the symbol may be scratched or smudged and it still reads
QR_MASK = 2  # fixed: choosing the best of eight masks would make drawing about six times slower
QUIET_ZONE = 4  # modules of blank margin that a QR needs on every side, included in the QR size
TEXT_MM = Decimal(4)  # room under each QR for the code
CODE_POINTS = 7
HEADER_POINTS = 7
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = Decimal(210), Decimal(297)
LIMITS = {"columns": (1, 12), "rows": (1, 20), "margin_mm": (5, 30), "qr_size_mm": (12, 80)}
_DARK_RUNS = re.compile(rb"\x01+")


@dataclass(frozen=True)
class Layout:
    """The grid of one A4 page. The QR size includes its quiet zone, so neighbouring codes never touch."""

    columns: int = 5
    rows: int = 8
    margin_mm: Decimal = Decimal(10)
    qr_size_mm: Decimal = Decimal(24)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def cell_mm(self) -> tuple[Decimal, Decimal]:
        return (
            (PAGE_WIDTH_MM - 2 * self.margin_mm) / self.columns,
            (PAGE_HEIGHT_MM - 2 * self.margin_mm) / self.rows,
        )

    def errors(self) -> dict[str, str]:
        """What is wrong with the grid, by field, in words for the form."""
        errors = {}
        for name, (low, high) in LIMITS.items():
            if not low <= getattr(self, name) <= high:
                errors[name] = _("Từ %(low)s đến %(high)s.") % {"low": low, "high": high}
        if errors:
            return errors
        width, height = self.cell_mm
        if self.qr_size_mm > width:
            errors["qr_size_mm"] = _("Mã QR rộng hơn ô (%(width)s mm): giảm cỡ mã, số cột hoặc lề.") % {
                "width": f"{width:.1f}".replace(".", ",")
            }
        elif self.qr_size_mm + TEXT_MM > height:
            errors["qr_size_mm"] = _("Mã QR và dòng mã số cao hơn ô (%(height)s mm): giảm cỡ mã, số hàng hoặc lề.") % {
                "height": f"{height:.1f}".replace(".", ",")
            }
        return errors


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
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Write A4 pages of (serial, url) stamps to `out`, `layout.per_page` a page; `title` heads each page.
    Calls `on_page(stamps drawn so far)` after each page. Returns the number of stamps drawn."""
    with _binary_streams():
        return _render(out, stamps=stamps, total=total, layout=layout, title=title, on_page=on_page)


def _render(out, *, stamps, total, layout, title, on_page) -> int:
    pdf_fonts.register()
    font = FONT
    page_width, page_height = A4
    cell_width, cell_height = (float(v) * mm for v in layout.cell_mm)
    margin, qr_size = float(layout.margin_mm) * mm, float(layout.qr_size_mm) * mm
    pages = max(1, -(-total // layout.per_page))
    canvas = Canvas(out, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("OCOP")
    version = module = None
    drawn = 0

    def header(page: int) -> None:
        canvas.setFont(font, HEADER_POINTS)
        canvas.drawString(margin, page_height - margin / 2 - 2, title)
        canvas.drawRightString(
            page_width - margin, page_height - margin / 2 - 2, _("Trang %(n)s/%(total)s") % {"n": page, "total": pages}
        )
        canvas.setFont(font, CODE_POINTS)

    header(1)
    for serial, url in stamps:
        slot = drawn % layout.per_page
        if slot == 0 and drawn:
            canvas.showPage()
            header(drawn // layout.per_page + 1)
            if on_page:
                on_page(drawn)
        if version is None:
            version = qr_version(url)
        matrix = qr_matrix(url, version)
        module = qr_size / (len(matrix) + 2 * QUIET_ZONE)
        column, row = slot % layout.columns, slot // layout.columns
        left = margin + column * cell_width
        top = page_height - margin - row * cell_height
        qr_left = left + (cell_width - qr_size) / 2
        qr_bottom = top - qr_size
        canvas.addLiteral(
            _qr_operators(matrix, x=qr_left + QUIET_ZONE * module, y=qr_bottom + QUIET_ZONE * module, module=module)
        )
        canvas.drawCentredString(left + cell_width / 2, qr_bottom - CODE_POINTS, group(serial))
        drawn += 1
    canvas.showPage()
    canvas.save()
    if on_page:
        on_page(drawn)
    return drawn
