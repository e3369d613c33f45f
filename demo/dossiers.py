"""The demo's dossiers, each taken through the dossier rules (`dossiers.domain`) as far as its row in
`lifecycle_data.DOSSIERS` says: opened and filled in by the producer's account (Mẫu 01, Mẫu 02 with the
self-score, evidence uploaded to the producer's library as PDF files), submitted, checked by the commune
(forwarded with its Mẫu 03 report, or returned with the reason) and received by the province.

One step is not the platform's own: the overdue dossier's submission is moved 30 days back after it was
submitted (the rules always submit "now"), with its own audit entry saying so."""

import datetime
import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from accounts.models import User
from audit import domain as audit
from core import pdf_fonts
from criteria.sheets import sheet_for
from dossiers import domain as dossiers
from dossiers.deadlines import commune_deadline
from dossiers.domain.requirements import required_document_kinds
from dossiers.models import Application, ApplicationKind, CommuneReview, Document, DocumentKind
from producers.models import Producer
from products.models import Product
from scoring import band

from .lifecycle_data import (
    BUSINESS_PLAN,
    BUSINESS_RESULTS,
    CHANGES,
    COMMUNE_REVIEW,
    COMMUNE_REVIEWED,
    DRAFT,
    HISTORY,
    OVERDUE,
    OVERDUE_DAYS,
    RETURNED,
    SELF_TOTAL_DEFAULT,
    SELF_TOTALS,
    SUBMITTED,
    DossierSpec,
)
from .scoresheets import choices_near, partial

FONT = pdf_fonts.REGULAR
STOPS_AT_COMMUNE = (SUBMITTED, OVERDUE, RETURNED)
DRAFT_SHARE = 0.6  # a draft has this share of its self-score filled in, and only some documents
DOCUMENT_TITLES = {
    DocumentKind.BUSINESS_REGISTRATION: "Giấy chứng nhận đăng ký kinh doanh",
    DocumentKind.PRODUCTION_CONDITIONS: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
}


@dataclass
class People:
    """The accounts that act on dossiers: each producer's own, and the officers by the area they serve."""

    producers: dict[int, User]
    communes: dict[int, User]
    provinces: dict[int, User]


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF in DejaVu Sans (Vietnamese text), the same bytes for the same text."""
    pdf_fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setFont(FONT, 15)
    canvas.drawString(60, 780, title)
    canvas.setFont(FONT, 11)
    for index, line in enumerate(lines):
        canvas.drawString(60, 750 - 18 * index, line)
    canvas.drawString(60, 120, "(Bản sao minh hoạ của dữ liệu mẫu)")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class DossierMaker:
    def __init__(self, *, rng: random.Random, people: People):
        self.rng = rng
        self.people = people
        self.libraries: dict[int, dict[str, Document]] = {}

    def make(self, spec: DossierSpec, product: Product) -> Application:
        """Open `product`'s dossier and take it to where `spec` stops (a round outcome: RECEIVED)."""
        producer = product.producer
        user = self.people.producers[producer.pk]
        application = dossiers.create_application(product=product, kind=spec.kind, by=user)
        self._fill(application, user, producer)
        sheet = sheet_for(application.criteria_set_id)
        total = SELF_TOTALS.get(spec.stop, SELF_TOTAL_DEFAULT)
        choices = choices_near(sheet, total=total, keep_star=max(3, band(total)), rng=self.rng)
        library = self._library(producer, user, product)
        if spec.stop == DRAFT:
            dossiers.save_self_assessment(
                application=application, by=user, choices=partial(choices, share=DRAFT_SHARE), notes={}
            )
            dossiers.attach_evidence(
                application=application, document=library[DocumentKind.BUSINESS_REGISTRATION], by=user
            )
            return application
        dossiers.save_self_assessment(application=application, by=user, choices=choices, notes={})
        for kind in [*required_document_kinds(application), DocumentKind.STORY]:
            dossiers.attach_evidence(application=application, document=library[kind], by=user)
        dossiers.submit_application(application=application, by=user)
        if spec.stop == OVERDUE:
            self._backdate(application)
        commune_officer = self.people.communes[application.commune_id]
        if spec.stop == RETURNED:
            dossiers.review_by_commune(
                application=application,
                by=commune_officer,
                decision=CommuneReview.Decision.RETURN,
                complete=False,
                reason=spec.reason,
            )
        if spec.stop in STOPS_AT_COMMUNE:
            return application
        workers = self.rng.randrange(8, 60)
        texts = {
            key: text.format(workers=workers, commune=application.commune.name) for key, text in COMMUNE_REVIEW.items()
        }
        dossiers.review_by_commune(
            application=application, by=commune_officer, decision=CommuneReview.Decision.FORWARD, complete=True, **texts
        )
        if spec.stop == COMMUNE_REVIEWED:
            return application
        dossiers.receive_application(application=application, by=self.people.provinces[application.province_id])
        return application

    def _fill(self, application: Application, user: User, producer: Producer) -> None:
        year = timezone.localdate().year
        values = {
            "producer": producer.name,
            "product": application.product.name,
            "commune": application.commune.name,
            "year": producer.founded_on.year if producer.founded_on else year - 5,
            "last_year": year - 1,
            "next_year": year + 1,
            "plan_year": year + 3,
            "volume": f"{self.rng.randrange(2, 60) * 500:,}".replace(",", "."),
            "revenue": f"{self.rng.randrange(6, 90) * 50:,}".replace(",", "."),
            "workers": self.rng.randrange(8, 60),
        }
        fields = {
            "sample_count": 0 if application.criteria_set.number == 26 else 5,
            "commitment": True,
            "history": HISTORY.format(**values),
            "business_results": BUSINESS_RESULTS.format(**values),
            "business_plan": BUSINESS_PLAN.format(**values),
        }
        if application.kind != ApplicationKind.FIRST:
            fields["changes_since_recognition"] = CHANGES
        dossiers.update_application(application=application, by=user, **fields)

    def _library(self, producer: Producer, user: User, product: Product) -> dict[str, Document]:
        """The producer's documents (uploaded once, reused by each dossier) and the product's story."""
        library = self.libraries.get(producer.pk)
        if library is None:
            library = self.libraries[producer.pk] = {}
            today = timezone.localdate()
            for kind, title in DOCUMENT_TITLES.items():
                valid_until = (
                    today + datetime.timedelta(days=730) if kind == DocumentKind.PRODUCTION_CONDITIONS else None
                )
                lines = [
                    producer.name,
                    f"Mã số: {producer.tax_code}",
                    f"Địa chỉ: {producer.street_address}, {producer.area}",
                    f"Người đại diện: {producer.representative_name}",
                ]
                library[kind], _result = dossiers.upload_document(
                    producer=producer,
                    by=user,
                    upload=ContentFile(_pdf(title, lines), name=f"{kind}.pdf"),
                    kind=kind,
                    title=title,
                    valid_until=valid_until,
                )
        title = f"Câu chuyện sản phẩm {product.name}"
        story = product.story or product.description
        words, lines = story.split(), [""]
        for word in words:
            if len(lines[-1]) + len(word) > 80:
                lines.append("")
            lines[-1] = f"{lines[-1]} {word}".strip()
        library[DocumentKind.STORY], _result = dossiers.upload_document(
            producer=producer,
            by=user,
            upload=ContentFile(_pdf(title, lines), name="story.pdf"),
            kind=DocumentKind.STORY,
            title=title,
        )
        return library

    def _backdate(self, application: Application) -> None:
        """Move the submission `OVERDUE_DAYS` back, so the commune's 15 working days have run out."""
        fields = ["submitted_at", "commune_deadline"]
        before = audit.snapshot(application, fields)
        application.submitted_at = timezone.now() - datetime.timedelta(days=OVERDUE_DAYS)
        application.commune_deadline = commune_deadline(timezone.localdate(application.submitted_at))
        application.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=None,
            action="update",
            obj=application,
            before=before,
            after=audit.snapshot(application, fields),
            note=f"Dữ liệu mẫu: ngày nộp lùi {OVERDUE_DAYS} ngày để minh hoạ hồ sơ quá hạn xã đánh giá",
        )
