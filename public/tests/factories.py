"""Plain builders for the public pages' tests (stamp checks, catalogue, reports, EPCIS). Certificates, batches
and stamps are written directly with the ORM: these tests need rows whose dates and flags give the verdict
they check, not the issuing workflow (tested in the stamps app)."""

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from certificates.models import Certificate
from criteria.models import LegalVersion
from stamps.models import Stamp, StampBatch
from stamps.serials import new_serials

GTIN = "08938600123459"  # a GTIN-14 with a correct check digit (prefix 893: GS1 Vietnam)
LOT = "L2611-01"
_numbers = itertools.count(1)


def make_certificate(
    product,
    *,
    stars: int = 4,
    expires_on: datetime.date | None = None,
    withdrawn_on: datetime.date | None = None,
    issued_on: datetime.date | None = None,
) -> Certificate:
    """A certificate for `product`, by default issued a year ago and valid two more years."""
    today = timezone.localdate()
    expires_on = expires_on or today + datetime.timedelta(days=730)
    issued_on = issued_on or expires_on - datetime.timedelta(days=3 * 365)
    producer = product.producer
    return Certificate.objects.create(
        number=f"F-{next(_numbers):05d}/OCOP",
        product=product,
        stars=stars,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number=f"{next(_numbers)}/QĐ-UBND",
        decision_date=issued_on,
        issued_on=issued_on,
        expires_on=expires_on,
        withdrawn_on=withdrawn_on,
    )


def make_batch(product, certificate, by, *, quantity: int = 3, lot: str = LOT) -> StampBatch:
    """An issued batch of `quantity` stamps with random serials."""
    today = timezone.localdate()
    batch = StampBatch.objects.create(
        product=product,
        province_id=product.producer.current_province_id,
        certificate=certificate,
        quantity=quantity,
        lot=lot,
        production_date=today - datetime.timedelta(days=10),
        expiry_date=today + datetime.timedelta(days=355),
        status=StampBatch.Status.ISSUED,
        progress=quantity,
        ordered_by=by,
        issued_at=timezone.now(),
    )
    Stamp.objects.bulk_create(Stamp(serial=serial, batch=batch) for serial in new_serials(quantity))
    return batch


def first_stamp(batch: StampBatch) -> Stamp:
    return batch.stamps.order_by("id").first()


def png_upload(name: str = "anh.png", size: tuple[int, int] = (8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
