"""The public "check a signed file" page, end to end through HTTP: a certificate downloaded signed, brought back
by a shopper; withdrawn after signing; changed after signing; uploads that are not signed PDFs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates import pdf
from certificates.domain import withdraw
from certificates.models import WithdrawalGround

from .factories import make_certificate

URL = reverse("public:signed_check")
pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(product_a):
    return make_certificate(product_a, stars=4)


@pytest.fixture
def signed_certificate(signing_keys, certificate):
    return pdf.signed(certificate, today=timezone.localdate())


def upload(client, data: bytes, *, name="giay-chung-nhan.pdf", content_type="application/pdf", expected=""):
    url = f"{URL}?so={expected}" if expected else URL
    return client.post(url, {"tep": SimpleUploadedFile(name, data, content_type=content_type)})


def verdict_of(response) -> str:
    html = response.content.decode()
    start = html.index('<h1 id="verdict-title">') + len('<h1 id="verdict-title">')
    return html[start : html.index("</h1>", start)].strip()


def test_the_page_offers_the_upload_and_is_linked_from_the_footer(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="tep"' in html
    assert "không được lưu lại" in html
    assert URL in client.get(reverse("public:catalogue")).content.decode()


def test_the_public_certificate_page_offers_the_check(client, certificate):
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert f'action="{URL}?so={certificate.number.replace("/", "%2F")}"' in html


def test_a_genuine_certificate_is_valid_matches_and_is_in_force(client, signed_certificate, certificate):
    response = upload(client, signed_certificate, expected=certificate.number)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert verdict_of(response) == "Chữ ký hợp lệ, khớp với giấy chứng nhận trên nền tảng, đang có hiệu lực"
    html = response.content.decode()
    assert "Ủy ban nhân dân Thành phố Hà Nội" in html
    assert certificate.product.name in html
    assert 'data-verdict="genuine"' in html


def test_a_certificate_withdrawn_after_signing_is_valid_matches_and_currently_withdrawn(
    client, signed_certificate, certificate, erin
):
    today = timezone.localdate()
    withdraw(
        certificate=certificate,
        by=erin,
        ground=WithdrawalGround.CRITERIA_NOT_MET,
        conclusion="Biên bản kiểm tra số 12/BB-SNN: sản phẩm không còn đạt tiêu chí 6.1.",
        concluded_on=today - datetime.timedelta(days=2),
        decision_number="301/QĐ-UBND",
        decision_date=today,
        signer="Lê Thị Phó Chủ Tịch",
    )

    response = upload(client, signed_certificate)

    assert response.status_code == 200
    assert verdict_of(response) == "Chữ ký hợp lệ, khớp với giấy chứng nhận trên nền tảng, hiện đã thu hồi"
    assert 'data-verdict="withdrawn"' in response.content.decode()


def test_a_certificate_changed_after_signing_is_not_valid(client, signed_certificate):
    tampered = signed_certificate.replace(b"/OCOPStars (4)", b"/OCOPStars (5)")
    assert tampered != signed_certificate

    response = upload(client, tampered)

    assert verdict_of(response) == "Chữ ký số không hợp lệ"
    html = response.content.decode()
    assert "Nội dung tệp đã bị thay đổi sau khi ký" in html
    assert 'id="certificate-match"' not in html  # a changed file's claims are not compared


def test_another_certificates_file_on_a_certificates_page_says_so(client, signed_certificate, product_a):
    other = make_certificate(product_a, stars=3)
    response = upload(client, signed_certificate, expected=other.number)
    assert verdict_of(response) == f"Tệp này không phải giấy chứng nhận số {other.number}"


def test_a_record_changed_since_printing_does_not_match(client, signed_certificate, certificate):
    certificate.expires_on += datetime.timedelta(days=365)
    certificate.save()

    response = upload(client, signed_certificate)

    assert verdict_of(response) == "Chữ ký hợp lệ nhưng không khớp với giấy chứng nhận trên nền tảng"
    assert "Tệp ghi ngày hết hiệu lực khác với giấy chứng nhận trên nền tảng." in response.content.decode()


def test_an_unsigned_pdf_says_it_has_no_signature(client, signing_settings):
    from signing.tests.pdfs import a_document

    response = upload(client, a_document())
    assert response.status_code == 200
    assert verdict_of(response) == "Tệp không có chữ ký số hợp lệ"
    assert "Tệp không có chữ ký số." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"%PDF-1.7 but sent as an image", "image/png", "Chỉ nhận tệp PDF."),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "application/pdf", "Tệp không phải là tệp PDF."),
    ],
)
def test_what_is_not_a_pdf_is_refused_with_a_message(client, signing_settings, data, content_type, message):
    response = upload(client, data, content_type=content_type)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_missing_file_is_refused(client, signing_settings):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "verdict-title" not in response.content.decode()


def test_a_file_over_the_limit_is_refused_unread(client, signing_settings, settings):
    settings.SIGNED_FILE_MAX_BYTES = 1024 * 1024
    response = upload(client, b"%PDF-1.7\n" + b"0" * (settings.SIGNED_FILE_MAX_BYTES + 10))
    assert response.status_code == 400
    assert "Tệp quá lớn: tối đa 1 MB." in response.content.decode()

    huge = b"%PDF-1.7\n" + b"0" * (settings.SIGNED_FILE_MAX_BYTES + 200 * 1024)
    response = upload(client, huge)
    assert response.status_code == 400
    assert "Tệp quá lớn: tối đa 1 MB." in response.content.decode()


def test_checks_are_rate_limited_per_client(client, signing_settings, settings, one_rate_window):
    settings.SIGNED_FILE_CHECK_RATE_PER_HOUR = 2
    for _ in range(2):
        assert upload(client, b"%PDF-1.7 junk").status_code == 200
    response = upload(client, b"%PDF-1.7 junk")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
