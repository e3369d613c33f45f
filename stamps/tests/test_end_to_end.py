"""The issue's end-to-end check: certified product → a batch of 100 stamps → PDF → a QR decoded from the
rendered page by a real decoder → its URL, requested over HTTP, says "genuine"; once the certificate has
expired the same URL says "certificate expired" and shows no star."""

import datetime
from urllib.parse import urlsplit

import pypdfium2
import zxingcpp
from django.urls import reverse

from stamps.models import StampBatch, StampSheet, Verdict


def test_stamp_from_printed_pdf_verifies_genuine_then_expired(
    client, media, certified_a, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("stamps:order"),
            {
                "product": certified_a.pk,
                "quantity": 100,
                "lot": "L2611-07",
                "production_date": "01/11/2026",
                "expiry_date": "01/11/2027",
            },
        )
    batch = StampBatch.objects.get()
    assert batch.stamps.count() == 100
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("stamps:sheet_create", args=[batch.code]),
            {
                "first": 1,
                "count": 100,
                "stamp_size": "30x40",
                "margin_mm": "10",
            },
        )
    sheet = StampSheet.objects.get()
    pdf = client.get(reverse("stamps:sheet_download", args=[batch.code, sheet.code]))
    document = pypdfium2.PdfDocument(b"".join(pdf.streaming_content))
    decoded = sorted(r.text for r in zxingcpp.read_barcodes(document[0].render(scale=3).to_pil()))
    assert len(decoded) == 36  # 30 × 40 mm stamps, 6 × 6 a page
    url = decoded[0]
    client.logout()

    page = client.get(urlsplit(url).path).content.decode()
    assert str(Verdict.GENUINE.label) in page
    assert "★" in page

    certificate = certified_a.certificates.get()
    certificate.issued_on = datetime.date.today() - datetime.timedelta(days=1200)
    certificate.expires_on = datetime.date.today() - datetime.timedelta(days=1)
    certificate.save()
    page = client.get(urlsplit(url).path).content.decode()
    assert str(Verdict.EXPIRED.label) in page
    assert "★" not in page
