import io

import pytest
from django.test import override_settings
from pypdf import PdfReader

from certificates import pdf
from certificates.domain import withdraw

from .conftest import days_ago


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_pdf_prints_vietnamese_with_its_diacritics(recognised, producer_a):
    certificate, _ = recognised
    data = pdf.render(certificate, today=days_ago(0))
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "Giấy chứng nhận sản phẩm Chương trình Mỗi xã một sản phẩm (OCOP)" in text
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Mứt gừng Phú Nghĩa" in text
    assert producer_a.name in text
    assert "★★★★" in text and "★★★★★" not in text
    assert "4 sao" in text
    assert certificate.number in text
    assert "125/QĐ-UBND" in text
    assert f"{certificate.expires_on:%d/%m/%Y}" in text
    assert "ỦY BAN NHÂN DÂN" in text and "THÀNH PHỐ HÀ NỘI" in text
    assert "Nguyễn Văn Chủ Tịch" in text


def test_pdf_of_a_withdrawn_certificate_shows_no_star(recognised, erin):
    certificate, _ = recognised
    withdraw(
        certificate=certificate,
        ground="dd",
        conclusion="Xã xác nhận chủ thể ngừng sản xuất.",
        concluded_on=days_ago(3),
        decision_number="400/QĐ-UBND",
        decision_date=days_ago(1),
        signer="Lê Văn C",
        by=erin,
    )
    text = _text(pdf.render(certificate, today=days_ago(0)))
    assert "★" not in text
    assert "4 sao" not in text
    assert "ĐÃ THU HỒI" in text


def test_pdf_of_an_expired_certificate_shows_no_star(recognised):
    certificate, _ = recognised
    text = _text(pdf.render(certificate, today=certificate.expires_on.replace(year=certificate.expires_on.year + 1)))
    assert "★" not in text
    assert "HẾT HIỆU LỰC" in text


@override_settings(SITE_URL="https://ocop.example.vn")
def test_pdf_qr_code_opens_the_public_page(recognised):
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    certificate, _ = recognised
    url = f"https://ocop.example.vn/chung-nhan/{certificate.number}/"
    assert pdf.public_url(certificate) == url
    document = pdfium.PdfDocument(pdf.render(certificate, today=days_ago(0)))
    image = document[0].render(scale=3).to_pil()
    found = [(b.format, b.text) for b in zxingcpp.read_barcodes(image)]
    assert found == [(zxingcpp.BarcodeFormat.QRCode, url)]
    assert url in _text(pdf.render(certificate, today=days_ago(0)))
