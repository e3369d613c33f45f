"""The printable certificate: A4 landscape, drawn with ReportLab in DejaVu Sans (vendored in static/fonts,
full Vietnamese coverage) and a vector QR code that opens the certificate's public page. A certificate that
no longer shows a star is printed without one, under a banner saying why."""

import datetime
import io

import segno
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from core import pdf_fonts
from core.site import site_url
from signing.documents import setup_for, sign_pdf
from signing.kinds import DocumentKind

from .models import SHOWS_STAR, Certificate

REGULAR, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
GREEN = Color(0.043, 0.365, 0.231)
GOLD = Color(0.78, 0.55, 0.0)
RED = Color(0.64, 0.09, 0.10)
MUTED = Color(0.30, 0.35, 0.42)


def public_url(certificate: Certificate) -> str:
    """The address the QR code carries: the certificate's public page on this site."""
    return site_url(certificate.get_absolute_url())


def signing_province(certificate: Certificate):
    """Whose key signs the certificate: the province's, or the central level's (None) for a 5-star one, which
    the Minister recognises."""
    return None if certificate.stars >= 5 else certificate.province


def is_signed_on_print(certificate: Certificate) -> bool:
    return setup_for(kind=DocumentKind.CERTIFICATE, province=signing_province(certificate)) is not None


def signed(certificate: Certificate, *, today: datetime.date) -> bytes:
    """The printable certificate signed with the key its province configured for certificates (the signature
    block sits between the signer's heading and name). Raises signing.errors.SigningError."""
    width, _height = landscape(A4)
    return sign_pdf(
        render(certificate, today=today),
        kind=DocumentKind.CERTIFICATE,
        province=signing_province(certificate),
        number=certificate.number,
        box=(int(width) - 330, 72, int(width) - 70, 106),
        facts=signed_facts(certificate, today=today),
    )


def signed_facts(certificate: Certificate, *, today: datetime.date) -> dict[str, str]:
    """What the signature vouches for besides the number, as printed on `today` (`signed_files` compares them
    with the record when the file comes back)."""
    return {
        "Product": certificate.product.code,
        "Stars": str(certificate.stars),
        "IssuedOn": certificate.issued_on.isoformat(),
        "ValidUntil": certificate.expires_on.isoformat(),
        "Status": certificate.status_on(today),
        "PrintedOn": today.isoformat(),
    }


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _authority(certificate: Certificate) -> tuple[str, str, str]:
    """(heading line 1, heading line 2, who decided) for the certificate's level."""
    if certificate.stars >= 5:
        return _("Bộ Nông nghiệp và Môi trường").upper(), "", certificate.authority_title
    return _("Ủy ban nhân dân").upper(), certificate.province.name.upper(), certificate.authority_title


def _centred(canvas: Canvas, text: str, y: float, *, font: str = REGULAR, size: float = 12, width: float) -> float:
    """Draw `text` centred, wrapped to `width`; returns the y below it."""
    for line in simpleSplit(text, font, size, width):
        canvas.setFont(font, size)
        canvas.drawCentredString(A4[1] / 2, y, line)
        y -= size * 1.35
    return y


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code as vector squares (one rectangle per run of dark modules), bottom-left corner at (x, y)."""
    rows = list(segno.make(data, error="m", micro=False).matrix_iter(scale=1, border=4))
    module = size / len(rows)
    canvas.setFillColor(Color(1, 1, 1))
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                canvas.rect(x + start * module, top, (c - start) * module, module, stroke=0, fill=1)
            else:
                c += 1


def render(certificate: Certificate, *, today: datetime.date) -> bytes:
    """The certificate as a one-page PDF, with its status on `today`."""
    pdf_fonts.register()
    product, producer = certificate.product, certificate.product.producer
    recognition = certificate.recognition
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(_("Giấy chứng nhận sản phẩm OCOP %(number)s") % {"number": certificate.number})
    canvas.setAuthor("OCOP")
    canvas.setSubject(product.name)

    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(4)
    canvas.rect(18, 18, width - 36, height - 36)
    canvas.setLineWidth(1)
    canvas.rect(26, 26, width - 52, height - 52)

    heading_1, heading_2, decided_by = _authority(certificate)
    canvas.setFillColor(black)
    canvas.setFont(BOLD, 10)
    canvas.drawCentredString(190, height - 62, heading_1)
    if heading_2:
        canvas.drawCentredString(190, height - 76, heading_2)
    canvas.drawCentredString(width - 200, height - 62, _("Cộng hòa xã hội chủ nghĩa Việt Nam").upper())
    canvas.setFont(REGULAR, 10)
    canvas.drawCentredString(width - 200, height - 76, _("Độc lập - Tự do - Hạnh phúc"))

    text_width = width - 160
    canvas.setFillColor(GREEN)
    y = _centred(canvas, _("Giấy chứng nhận").upper(), height - 128, font=BOLD, size=30, width=text_width)
    canvas.setFillColor(black)
    y = _centred(
        canvas, _("Giấy chứng nhận sản phẩm Chương trình Mỗi xã một sản phẩm (OCOP)"), y - 2, size=13, width=text_width
    )
    y = _centred(canvas, _("Chứng nhận sản phẩm"), y - 10, size=12, width=text_width)
    y = _centred(canvas, product.name, y - 14, font=BOLD, size=22, width=text_width)
    y = _centred(canvas, _("của chủ thể: %(producer)s") % {"producer": producer.name}, y - 2, width=text_width)
    canvas.setFillColor(MUTED)
    y = _centred(canvas, _("Địa chỉ: %(address)s") % {"address": producer.full_address}, y, size=10, width=text_width)

    status = certificate.status_on(today)
    if status in SHOWS_STAR:
        canvas.setFillColor(black)
        y = _centred(canvas, _("Đạt hạng"), y - 8, width=text_width)
        canvas.setFillColor(GOLD)
        y = _centred(canvas, "★" * certificate.stars, y - 14, font=BOLD, size=34, width=text_width)
        canvas.setFillColor(black)
        y = _centred(canvas, _("%(stars)s sao") % {"stars": certificate.stars}, y + 12, font=BOLD, width=text_width)
    else:
        canvas.setFillColor(RED)
        y = _centred(canvas, status.label.upper(), y - 20, font=BOLD, size=24, width=text_width)
        if certificate.withdrawn_on:
            y = _centred(
                canvas, _("Thu hồi từ ngày %(date)s") % {"date": _d(certificate.withdrawn_on)}, y, width=text_width
            )

    canvas.setFillColor(black)
    decision = _("Theo Quyết định số %(number)s ngày %(date)s của %(authority)s") % {
        "number": certificate.decision_number,
        "date": _d(certificate.decision_date),
        "authority": decided_by,
    }
    y = _centred(canvas, decision, y - 8, size=11, width=text_width)
    validity = _("Ngày cấp: %(issued)s — có giá trị đến ngày %(expires)s") % {
        "issued": _d(certificate.issued_on),
        "expires": _d(certificate.expires_on),
    }
    if certificate.extended_until and status in SHOWS_STAR:
        validity += " " + _("(gia hạn chờ đánh giá lại, chậm nhất đến %(date)s)") % {
            "date": _d(certificate.extended_until)
        }
    y = _centred(canvas, validity, y, size=11, width=text_width)
    _centred(
        canvas,
        _("Văn bản áp dụng: %(version)s") % {"version": certificate.legal_version},
        y,
        size=10,
        width=text_width,
    )

    canvas.setFont(BOLD, 12)
    canvas.drawString(60, 150, _("Số giấy chứng nhận: %(number)s") % {"number": certificate.number})
    url = public_url(certificate)
    _qr(canvas, url, 60, 46, 96)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(162, 60, _("Quét mã để kiểm tra giấy chứng nhận:"))
    canvas.drawString(162, 49, url)
    if recognition:
        canvas.setFillColor(black)
        canvas.setFont(BOLD, 11)
        canvas.drawCentredString(width - 200, 110, heading_1)
        canvas.setFont(REGULAR, 11)
        canvas.drawCentredString(width - 200, 60, recognition.signer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
