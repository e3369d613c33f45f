"""`POST /api/v1/signed-files/check/`: the signed-file check for apps, the same answer as the public page."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates import pdf
from certificates.domain import withdraw
from certificates.models import WithdrawalGround
from public.tests.factories import make_certificate

URL = reverse("api:v1:signed-file-check")


def post(client, data: bytes, content_type="application/pdf"):
    return client.post(URL, {"file": SimpleUploadedFile("gcn.pdf", data, content_type=content_type)})


def test_a_certificate_withdrawn_after_signing_is_valid_matches_and_withdrawn(client, signing_keys, product_a, erin):
    certificate = make_certificate(product_a, stars=4)
    signed = pdf.signed(certificate, today=timezone.localdate())
    withdraw(
        certificate=certificate,
        by=erin,
        ground=WithdrawalGround.CRITERIA_NOT_MET,
        conclusion="Biên bản kiểm tra số 12/BB-SNN: sản phẩm không còn đạt tiêu chí 6.1.",
        concluded_on=timezone.localdate() - datetime.timedelta(days=1),
        decision_number="302/QĐ-UBND",
        decision_date=timezone.localdate(),
        signer="Lê Thị Phó Chủ Tịch",
    )

    answer = post(client, signed)

    assert answer.status_code == 200
    body = answer.json()
    assert (body["valid"], body["intact"], body["trusted"], body["kind"], body["number"]) == (
        True,
        True,
        True,
        "certificate",
        certificate.number,
    )
    assert body["certificate"]["matches"] is True
    assert body["certificate"]["status"] == "withdrawn"
    assert body["certificate"]["product_code"] == product_a.code
    assert body["verdict"] == "Chữ ký hợp lệ, khớp với giấy chứng nhận trên nền tảng, hiện đã thu hồi"


def test_an_unsigned_or_non_pdf_upload(client, signing_settings, db):
    from signing.tests.pdfs import a_document

    body = post(client, a_document()).json()
    assert (body["signed"], body["valid"], body["certificate"], body["problems"]) == (
        False,
        False,
        None,
        ["Tệp không có chữ ký số."],
    )
    refused = post(client, b"GIF89a not a pdf")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    assert client.post(URL, {}).status_code == 400
