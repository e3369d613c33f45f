"""Every PDF of the platform draws in the same DejaVu faces, whichever PDF a server process renders first."""

import io

import pytest
from django.utils import timezone
from reportlab.pdfbase import pdfmetrics

from certificates import pdf as certificate_pdf
from stamps.pdf import Layout, render_sheets

from .factories import make_certificate


@pytest.fixture
def fresh_process():
    # A new server process: ReportLab knows only its built-in fonts until a PDF builder registers ours.
    pdfmetrics._reset()
    yield
    pdfmetrics._reset()


def _stamp_sheet() -> bytes:
    out = io.BytesIO()
    render_sheets(
        out,
        stamps=[("ABCDEFGHJKMNPQRS7", "https://ocop.example.vn/s/ABCDEFGHJKMNPQRS7")],
        total=1,
        layout=Layout(),
        title="Mứt gừng Phú Nghĩa · lô L1",
        product_name="Mứt gừng Phú Nghĩa",
        stars=4,
    )
    return out.getvalue()


def test_certificate_pdf_renders_after_a_stamp_sheet_in_the_same_process(fresh_process, product_a):
    certificate = make_certificate(product_a)

    sheet = _stamp_sheet()
    document = certificate_pdf.render(certificate, today=timezone.localdate())

    assert sheet.startswith(b"%PDF") and document.startswith(b"%PDF")


def test_stamp_sheet_renders_after_a_certificate_pdf_in_the_same_process(fresh_process, product_a):
    certificate = make_certificate(product_a)

    document = certificate_pdf.render(certificate, today=timezone.localdate())
    sheet = _stamp_sheet()

    assert sheet.startswith(b"%PDF") and document.startswith(b"%PDF")
