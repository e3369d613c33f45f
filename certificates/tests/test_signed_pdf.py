"""The printable certificate is signed with its province's key (the ministry's for 5 stars), and both pyHanko
(check_pdf) and poppler's pdfsig accept it; a key that cannot sign stops the download with the reason."""

import datetime
import io

from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.urls import reverse
from pypdf import PdfReader

from certificates import pdf
from signing.checking import check_pdf
from signing.kinds import DocumentKind
from signing.models import SigningSetup
from signing.testca import CRL_FILE, ROOT_FILE, issue, pkcs12_of
from signing.tests.helpers import nss_database, pdfsig

from .conftest import days_ago, make_certificate


def test_the_producer_downloads_the_certificate_signed_by_the_province(
    client, alice, recognised, signing_keys, tmp_path
):
    certificate, _ = recognised
    client.force_login(alice)

    response = client.get(reverse("certificates:pdf", args=[certificate.number]))

    assert response.status_code == 200
    check = check_pdf(response.content)
    assert check.valid, check.problems
    assert (check.kind, check.number) == (DocumentKind.CERTIFICATE, certificate.number)
    assert check.agency == "Ủy ban nhân dân Thành phố Hà Nội"
    assert check.facts["Stars"] == "4" and check.facts["Product"] == certificate.product.code
    trust = signing_keys / "trust"
    said = pdfsig(
        response.content, nssdir=nss_database(tmp_path / "nss", trust / ROOT_FILE, trust / CRL_FILE), tmp_path=tmp_path
    )
    assert "Signature Validation: Signature is Valid." in said
    assert "Certificate Validation: Certificate is Trusted." in said
    # the printed text is unchanged by the signature block
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert certificate.number in text and "Mứt gừng Phú Nghĩa" in text


def test_a_five_star_certificate_is_signed_by_the_ministry(product_a, signing_keys):
    certificate = make_certificate(product_a, issued_on=days_ago(30), stars=5)
    check = check_pdf(pdf.signed(certificate, today=days_ago(0)))
    assert check.valid
    assert check.agency == "Bộ Nông nghiệp và Môi trường"


def test_an_expired_agency_certificate_stops_the_download_with_the_reason(client, alice, recognised, signing_keys):
    certificate, _ = recognised
    root_key = load_pem_private_key((signing_keys / "test-ca" / "root.key.pem").read_bytes(), None)
    root_cert = x509.load_pem_x509_certificate((signing_keys / "trust" / ROOT_FILE).read_bytes())
    now = datetime.datetime.now(datetime.UTC)
    key, cert = issue(
        root_key,
        root_cert,
        common_name="UBND cũ",
        organisation="UBND cũ",
        not_before=now - datetime.timedelta(days=900),
        not_after=now - datetime.timedelta(days=3),
    )
    (signing_keys / "expired.p12").write_bytes(pkcs12_of(key, cert, [root_cert], "mat-khau"))
    (signing_keys / "expired.password").write_text("mat-khau")
    SigningSetup.objects.filter(province=certificate.province, kind=DocumentKind.CERTIFICATE).update(
        key_file="expired.p12", password_file="expired.password"
    )
    client.force_login(alice)

    response = client.get(reverse("certificates:pdf", args=[certificate.number]), follow=True)

    assert response.redirect_chain[-1][0] == certificate.get_absolute_url()
    assert "Không ký số được bản in: Chứng thư số ký văn bản đã hết hạn ngày" in response.content.decode()


def test_a_province_without_a_key_prints_unsigned(client, alice, recognised, db):
    certificate, _ = recognised
    client.force_login(alice)
    response = client.get(reverse("certificates:pdf", args=[certificate.number]))
    assert response.status_code == 200
    assert check_pdf(response.content).problems == ["Tệp không có chữ ký số."]
