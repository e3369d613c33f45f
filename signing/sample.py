"""The one-page document an officer signs to try a key configuration ("ký thử")."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core import pdf_fonts


def trial_document(*, where: str, kind_label: str) -> bytes:
    pdf_fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Văn bản ký thử"))
    canvas.setFont(pdf_fonts.BOLD, 16)
    canvas.drawString(72, 760, _("Văn bản ký thử — không có giá trị pháp lý"))
    canvas.setFont(pdf_fonts.REGULAR, 12)
    canvas.drawString(72, 735, f"{kind_label} — {where}")
    canvas.drawString(72, 715, timezone.localtime().strftime("%H:%M %d/%m/%Y"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
