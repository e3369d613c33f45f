"""The decision documents as printed: the administrative layout, the grounds read from the data, every product
the decision lists."""

import io

from pypdf import PdfReader

from certificates import decision_pdf
from certificates.decisions import recognition_decision, withdrawal_decision
from certificates.domain import withdraw
from certificates.models import Recognition
from evaluation.domain import recognise

from .conftest import closed_evaluation, days_ago, make_application


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_recognition_decision_lists_every_product_of_its_number(recognised, product_b, erin):
    certificate, evaluation = recognised
    other_application = make_application(product_b)
    other = recognise(
        application=other_application,
        evaluation=closed_evaluation(other_application, stars=3),
        authority=Recognition.Authority.PROVINCE,
        decision_number="125/QĐ-UBND",
        decision_date=days_ago(10),
        signer="Nguyễn Văn Chủ Tịch",
        stars=3,
        by=erin,
    )
    decision = recognition_decision(certificate)
    assert [c.number for c in decision.certificates] == sorted([certificate.number, other.number])
    text = _text(decision_pdf.render(decision))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN" in text and "THÀNH PHỐ HÀ NỘI" in text
    assert "Số: 125/QĐ-UBND" in text
    assert "QUYẾT ĐỊNH" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    # The grounds name the legal version the products were evaluated under, as the database holds it.
    assert f"Căn cứ {certificate.legal_version.name}" in text
    assert evaluation.round.name in text
    assert "Điều 1." in text and "Công nhận 2 sản phẩm" in text
    assert certificate.product.name in text and product_b.name in text
    assert certificate.number in text and other.number in text
    assert "4 sao" in text and "3 sao" in text
    assert "Nguyễn Văn Chủ Tịch" in text
    assert f"ngày {certificate.decision_date:%d} tháng {certificate.decision_date:%m}" in text


def test_recognition_decision_of_another_number_is_its_own(recognised, product_b, erin):
    certificate, _ = recognised
    other_application = make_application(product_b)
    recognise(
        application=other_application,
        evaluation=closed_evaluation(other_application, stars=3),
        authority=Recognition.Authority.PROVINCE,
        decision_number="126/QĐ-UBND",
        decision_date=days_ago(10),
        signer="Nguyễn Văn Chủ Tịch",
        stars=3,
        by=erin,
    )
    assert [c.number for c in recognition_decision(certificate).certificates] == [certificate.number]


def test_withdrawal_decision_names_its_ground_and_conclusion(recognised, erin):
    certificate, _ = recognised
    withdraw(
        certificate=certificate,
        ground="b",
        conclusion="Kết luận kiểm tra số 12/KL-SNN: mẫu không đạt chỉ tiêu vi sinh",
        concluded_on=days_ago(5),
        decision_number="77/QĐ-UBND",
        decision_date=days_ago(2),
        signer="Trần Thị Phó Chủ Tịch",
        by=erin,
    )
    decision = withdrawal_decision(certificate)
    text = _text(decision_pdf.render(decision))
    assert "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP" in text
    assert "Số: 77/QĐ-UBND" in text
    assert "Kết luận kiểm tra số 12/KL-SNN" in text
    assert "Thu hồi 1 Giấy chứng nhận" in text
    assert certificate.number in text
    assert "Trần Thị Phó Chủ Tịch" in text
    # Grounded on the version in force on the decision's day.
    assert decision.legal_version is not None and f"Căn cứ {decision.legal_version.name}" in text


def test_an_imported_certificate_has_no_platform_decision(product_a):
    from .conftest import make_certificate

    assert recognition_decision(make_certificate(product_a, issued_on=days_ago(100))) is None
