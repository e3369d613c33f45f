"""Test helpers for dossiers: evidence files made on the spot, certificates on chosen dates, and a dossier filled
up to the point where it can be submitted (the reference data holds the real QĐ 26/2026 sheet of set 7)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from certificates.models import Certificate
from criteria.sheets import sheet_layout
from dossiers import domain
from dossiers.domain.requirements import required_document_kinds
from dossiers.models import ApplicationKind, DocumentKind


def pdf_bytes(content: bytes = b"hello") -> bytes:
    """A valid one-page PDF carrying `content` in a stream: the same content gives the same bytes."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]/Contents 4 0 R>>",
        b"<</Length %d>>stream\n%s\nendstream" % (len(content) + 1, content),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_upload(content: bytes = b"hello", name: str = "giay-to.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(content), content_type="application/pdf")


def image_bytes(image_format: str = "PNG", colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(out, format=image_format)
    return out.getvalue()


def make_certificate(product, *, expires_on: datetime.date, stars: int = 3, number: str = "") -> Certificate:
    issued = expires_on - datetime.timedelta(days=1095)
    producer = product.producer
    return Certificate.objects.create(
        number=number or f"OCOP-01-{issued.year}-{Certificate.objects.count() + 1:06d}",
        product=product,
        stars=stars,
        legal_version=product.criteria_set.legal_version,
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number="12/QĐ-UBND",
        decision_date=issued,
        issued_on=issued,
        expires_on=expires_on,
    )


def best_choices(application) -> dict[str, int]:
    """The highest-scoring option on every line: a 5-star self-score."""
    choices = {}
    for leaf in sheet_layout(application.criteria_set_id).leaves:
        best = max(leaf.choices, key=lambda option: (option.points, option.position))
        choices[leaf.code] = best.position
    return choices


def lowest_choices(application) -> dict[str, int]:
    choices = {}
    for leaf in sheet_layout(application.criteria_set_id).leaves:
        choices[leaf.code] = min(leaf.choices, key=lambda option: (option.points, option.position)).position
    return choices


def fill(application, user, *, choices=None):
    """Fill Mẫu 01 and 02, score every line and attach the mandatory documents."""
    domain.update_application(
        application=application,
        by=user,
        sample_count=5,
        commitment=True,
        history="Thành lập năm 2015.",
        business_results="Doanh thu 2025: 2 tỷ đồng.",
        business_plan="Mở rộng vùng nguyên liệu.",
        **(
            {"changes_since_recognition": "Bao bì mới, thêm mã truy xuất."}
            if application.kind != ApplicationKind.FIRST
            else {}
        ),
    )
    domain.save_self_assessment(
        application=application, by=user, choices=choices or best_choices(application), notes={}
    )
    for kind in required_document_kinds(application):
        domain.upload_evidence(
            application=application,
            by=user,
            upload=pdf_upload(kind.encode()),
            kind=kind,
            title=DocumentKind(kind).label,
        )
    application.refresh_from_db()
    return application


def forward_review() -> dict:
    return {
        "decision": "forward",
        "complete": True,
        "local_raw_materials": "Gừng trồng tại xã.",
        "local_labour": "12 lao động địa phương.",
        "idea_origin": "Công thức gia truyền.",
        "local_identity": "Nghề làm mứt truyền thống.",
        "report": "Đề nghị tỉnh đánh giá.",
    }


def today() -> datetime.date:
    return timezone.localdate()
