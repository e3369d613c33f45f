"""Small PDFs to sign in the tests, drawn with ReportLab in DejaVu (Vietnamese text)."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core import pdf_fonts


def a_document(text: str = "Quyết định công nhận sản phẩm OCOP số 123/QĐ-UBND") -> bytes:
    pdf_fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(pdf_fonts.REGULAR, 14)
    canvas.drawString(72, 760, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
