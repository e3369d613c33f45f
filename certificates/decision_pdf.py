"""A decision as the printed administrative document (Nghị định 30/2020 layout): the agency and its number on the
left, the national motto and the place and date on the right, "QUYẾT ĐỊNH" and what it is about, who decides,
the grounds (the legal version the products were evaluated under, read from the data, and the council's
result), the articles, the recognised or withdrawn products with their star and certificate number, and the
signer's block, left open for the visible digital signature. A4 portrait, ReportLab, DejaVu Sans."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import pdf_fonts
from core.formatting import points

from .decisions import Decision
from .models import VALIDITY_MONTHS, Recognition, SignedDecision

REGULAR, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
GRID = Color(0.55, 0.58, 0.62)
# The signer's block leaves this much room between the title and the name for the visible signature.
SIGNATURE_ROOM, SIGNATURE_WIDTH = 24 * mm, 88 * mm
MARGIN = 20 * mm


class _SignatureRoom(Flowable):
    """The room in the signer's block where the visible digital signature goes: it notes where on the page it
    was drawn, so the signature's box is placed there (`signing.documents.sign_pdf(box=...)`)."""

    def __init__(self, width: float, height: float, spot: dict):
        super().__init__()
        self.width, self.height, self.spot = width, height, spot

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.spot["box"] = (int(x), int(y), int(x + self.width), int(y + self.height))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=11.5, leading=15.5, alignment=TA_JUSTIFY)
    return {
        "body": base,
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "centre_bold": ParagraphStyle("centre_bold", parent=base, alignment=TA_CENTER, fontName=BOLD),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName=BOLD, fontSize=14, leading=18),
        "small": ParagraphStyle("small", parent=base, fontSize=9.5, leading=12, alignment=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, alignment=0),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontSize=9.5, leading=12, fontName=BOLD, alignment=1),
        "article": ParagraphStyle("article", parent=base, firstLineIndent=10 * mm, spaceAfter=4),
    }


def _e(text) -> str:
    return escape(str(text))


def _date_line(decision: Decision) -> str:
    day = decision.date
    place = decision.province.short_name if decision.province else _("Hà Nội")
    return _("%(place)s, ngày %(day)02d tháng %(month)02d năm %(year)d") % {
        "place": place,
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }


def _header(decision: Decision, styles) -> Table:
    if decision.authority == Recognition.Authority.MINISTRY:
        agency = [_("Bộ Nông nghiệp và Môi trường").upper()]
    else:
        agency = [_("Ủy ban nhân dân").upper(), decision.province.name.upper()]
    left = [Paragraph(f"<b>{_e(line)}</b>", styles["centre"]) for line in agency]
    number = _("Số: %(number)s") % {"number": decision.number}
    left += [Paragraph("———", styles["centre"]), Paragraph(_e(number), styles["centre"])]
    right = [
        Paragraph(f"<b>{_e(_('Cộng hòa xã hội chủ nghĩa Việt Nam').upper())}</b>", styles["centre"]),
        Paragraph(f"<b>{_e(_('Độc lập - Tự do - Hạnh phúc'))}</b>", styles["centre"]),
        Paragraph("———", styles["centre"]),
        Paragraph(f"<i>{_e(_date_line(decision))}</i>", styles["centre"]),
    ]
    width = A4[0] - 2 * MARGIN
    table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _grounds_recognition(decision: Decision) -> list[str]:
    grounds = []
    if decision.legal_version is not None:
        grounds.append(
            _("Căn cứ %(version)s ngày %(date)s về Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP;")
            % {"version": decision.legal_version.name, "date": f"{decision.legal_version.signed_on:%d/%m/%Y}"}
        )
    rounds = {}
    for recognition in decision.recognitions:
        round_ = recognition.evaluation.round
        rounds.setdefault(round_.pk, round_)
    for round_ in rounds.values():
        council = (
            _(" (hội đồng thành lập theo Quyết định số %(number)s)") % {"number": round_.council_decision}
            if round_.council_decision
            else ""
        )
        grounds.append(
            _(
                "Căn cứ kết quả đánh giá, phân hạng sản phẩm của Hội đồng đánh giá, phân hạng sản phẩm OCOP, "
                "%(round)s%(council)s;"
            )
            % {"round": round_.name, "council": council}
        )
    grounds.append(_("Theo đề nghị của cơ quan thường trực Chương trình OCOP."))
    return grounds


def _grounds_withdrawal(decision: Decision) -> list[str]:
    grounds = []
    if decision.legal_version is not None:
        grounds.append(
            _("Căn cứ %(version)s ngày %(date)s về Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP;")
            % {"version": decision.legal_version.name, "date": f"{decision.legal_version.signed_on:%d/%m/%Y}"}
        )
    for withdrawal in decision.withdrawals:
        grounds.append(
            _("Căn cứ %(conclusion)s (ngày %(date)s);")
            % {"conclusion": withdrawal.conclusion.rstrip(" .;"), "date": f"{withdrawal.concluded_on:%d/%m/%Y}"}
        )
    grounds.append(_("Theo đề nghị của cơ quan thường trực Chương trình OCOP."))
    return grounds


def _products_table(decision: Decision, styles) -> Table:
    heads = [_("STT"), _("Sản phẩm"), _("Chủ thể, địa chỉ"), _("Hạng sao"), _("Số giấy chứng nhận")]
    withdrawing = decision.kind == SignedDecision.Kind.WITHDRAWAL
    if withdrawing:
        heads.append(_("Căn cứ thu hồi"))
    rows = [[Paragraph(_e(head), styles["cell_head"]) for head in heads]]
    grounds = {w.certificate_id: w.get_ground_display() for w in decision.withdrawals}
    for index, certificate in enumerate(decision.certificates, start=1):
        product, producer = certificate.product, certificate.product.producer
        row = [
            Paragraph(str(index), styles["cell"]),
            Paragraph(_e(product.name), styles["cell"]),
            Paragraph(f"{_e(producer.name)}<br/>{_e(producer.full_address)}", styles["cell"]),
            Paragraph(_e(_("%(stars)s sao") % {"stars": certificate.stars}), styles["cell"]),
            certificate.number,  # on one line: a number is not cut
        ]
        if withdrawing:
            row.append(Paragraph(_e(grounds[certificate.pk]), styles["cell"]))
        rows.append(row)
    width = A4[0] - 2 * MARGIN
    shares = [0.07, 0.24, 0.31, 0.11, 0.27] if not withdrawing else [0.06, 0.18, 0.24, 0.09, 0.26, 0.17]
    table = Table(rows, colWidths=[width * s for s in shares], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (4, 1), (4, -1), 9),
            ]
        )
    )
    return table


def _articles_recognition(decision: Decision) -> list[str]:
    count = len(decision.certificates)
    return [
        _(
            "<b>Điều 1.</b> Công nhận %(count)d sản phẩm đạt sản phẩm OCOP theo danh sách dưới đây và cấp Giấy chứng "
            "nhận sản phẩm OCOP cho các chủ thể có sản phẩm."
        )
        % {"count": count},
        _(
            "<b>Điều 2.</b> Giấy chứng nhận sản phẩm OCOP có giá trị %(months)d tháng kể từ ngày cấp. Chủ thể có trách "
            "nhiệm duy trì và nâng cao chất lượng sản phẩm, sử dụng nhãn hiệu OCOP đúng quy định; sản phẩm không còn "
            "đáp ứng tiêu chí bị thu hồi Giấy chứng nhận."
        )
        % {"months": VALIDITY_MONTHS},
        _(
            "<b>Điều 3.</b> Quyết định này có hiệu lực kể từ ngày ký. Cơ quan thường trực Chương trình OCOP, Ủy ban "
            "nhân dân cấp xã nơi có chủ thể và các chủ thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    ]


def _articles_withdrawal(decision: Decision) -> list[str]:
    return [
        _(
            "<b>Điều 1.</b> Thu hồi %(count)d Giấy chứng nhận sản phẩm OCOP theo danh sách dưới đây, kể từ ngày "
            "%(date)s."
        )
        % {"count": len(decision.certificates), "date": f"{decision.date:%d/%m/%Y}"},
        _(
            "<b>Điều 2.</b> Chủ thể có sản phẩm bị thu hồi Giấy chứng nhận dừng ngay việc sử dụng nhãn hiệu, tem OCOP "
            "và hạng sao trên sản phẩm, bao bì và tài liệu quảng bá."
        ),
        _(
            "<b>Điều 3.</b> Quyết định này có hiệu lực kể từ ngày ký. Cơ quan thường trực Chương trình OCOP, Ủy ban "
            "nhân dân cấp xã nơi có chủ thể và các chủ thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    ]


def _signer_block(decision: Decision, styles, spot: dict) -> Table:
    title = _("Bộ trưởng").upper() if decision.authority == Recognition.Authority.MINISTRY else _("Chủ tịch").upper()
    receivers = [
        Paragraph(f"<b><i>{_e(_('Nơi nhận:'))}</i></b>", styles["small"]),
        Paragraph(_e(_("- Như Điều 3;")), styles["small"]),
        Paragraph(_e(_("- Lưu: VT.")), styles["small"]),
    ]
    sign = [
        Paragraph(f"<b>{_e(title)}</b>", styles["centre"]),
        _SignatureRoom(SIGNATURE_WIDTH, SIGNATURE_ROOM, spot),
        Paragraph(f"<b>{_e(decision.signer)}</b>", styles["centre"]),
    ]
    width = A4[0] - 2 * MARGIN
    table = Table([[receivers, sign]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def render(decision: Decision) -> bytes:
    """The decision as a PDF, unsigned."""
    return render_for_signing(decision)[0]


def render_for_signing(decision: Decision) -> tuple[bytes, tuple[int, int, int, int]]:
    """The unsigned PDF and the box (x1, y1, x2, y2, on its last page) of the signer's block where the visible
    signature goes: `certificates.domain.signing` signs these bytes there."""
    spot: dict = {}
    pdf_fonts.register()
    styles = _styles()
    recognising = decision.kind == SignedDecision.Kind.RECOGNITION
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=decision.title,
        author=decision.agency,
        subject=decision.title,
        creator="OCOP",
    )
    about = (
        _("Về việc công nhận sản phẩm đạt sản phẩm OCOP")
        if recognising
        else _("Về việc thu hồi Giấy chứng nhận sản phẩm OCOP")
    )
    story = [
        _header(decision, styles),
        Spacer(1, 8 * mm),
        Paragraph(_e(_("Quyết định").upper()), styles["title"]),
        Paragraph(f"<b>{_e(about)}</b>", styles["centre"]),
        Paragraph("———", styles["centre"]),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>{_e(decision.head.upper())}</b>", styles["centre"]),
        Spacer(1, 3 * mm),
    ]
    grounds = _grounds_recognition(decision) if recognising else _grounds_withdrawal(decision)
    story += [Paragraph(f"<i>{_e(ground)}</i>", styles["article"]) for ground in grounds]
    story += [Spacer(1, 2 * mm), Paragraph(_e(_("Quyết định:").upper()), styles["centre_bold"]), Spacer(1, 2 * mm)]
    articles = _articles_recognition(decision) if recognising else _articles_withdrawal(decision)
    story.append(Paragraph(articles[0], styles["article"]))
    story += [_products_table(decision, styles), Spacer(1, 3 * mm)]
    if recognising:
        means = [
            _("%(product)s: %(mean)s điểm")
            % {"product": c.product.name, "mean": points(c.recognition.evaluation.mean_total)}
            for c in decision.certificates
            if c.recognition.evaluation.mean_total is not None
        ]
        if means:
            means_line = _("Điểm đánh giá của hội đồng: %(means)s.") % {"means": "; ".join(means)}
            story.append(Paragraph(_e(means_line), styles["small"]))
            story.append(Spacer(1, 2 * mm))
    story += [Paragraph(article, styles["article"]) for article in articles[1:]]
    story += [Spacer(1, 6 * mm), KeepTogether([_signer_block(decision, styles, spot)])]
    document.build(story)
    return buffer.getvalue(), spot["box"]
