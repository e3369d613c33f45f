"""check_pdf and poppler's pdfsig, an independent validator, agree on each case: a sound signature, a byte changed
after signing, a signer the platform's roots do not vouch for, an expired signing certificate, and garbage."""

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from signing.checking import check_pdf
from signing.documents import sign_pdf
from signing.kinds import DocumentKind
from signing.testca import CRL_FILE, ROOT_FILE, TOKEN_PIN
from signing.tests.helpers import expired_key, nss_database, pdfsig, sign_directly, strangers_key
from signing.tests.pdfs import a_document


@pytest.fixture
def nssdir(signing_keys):
    trust = signing_keys / "trust"
    return nss_database(signing_keys / "nss", trust / ROOT_FILE, trust / CRL_FILE)


@pytest.fixture
def signed_report(signing_keys, hanoi):
    return sign_pdf(a_document(), kind=DocumentKind.REPORT, province=hanoi, number="BC-2026-01")


@pytest.mark.parametrize(
    ("kind", "pin"),
    [(DocumentKind.REPORT, None), (DocumentKind.CERTIFICATE, None), (DocumentKind.WITHDRAWAL, TOKEN_PIN)],
)
def test_a_signed_document_is_valid_for_both_validators(signing_keys, hanoi, nssdir, tmp_path, kind, pin):
    signed = sign_pdf(a_document(), kind=kind, province=hanoi, number="7/QĐ-UBND", pin=pin)

    assert check_pdf(signed).valid
    said = pdfsig(signed, nssdir=nssdir, tmp_path=tmp_path)
    assert "Signature Validation: Signature is Valid." in said
    assert "Certificate Validation: Certificate is Trusted." in said
    assert "Total document signed" in said
    assert "Signature Type: ETSI.CAdES.detached" in said


def test_the_long_term_validation_data_is_inside_the_signed_file(signed_report):
    reader = PdfFileReader(io.BytesIO(signed_report))
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 2  # the signer's and the root
    assert len(dss["/CRLs"]) == 1  # the test CA's list, produced locally


def test_a_byte_changed_after_signing_is_reported(signed_report, nssdir, tmp_path):
    tampered = signed_report.replace(b"/OCOPKind (report)", b"/OCOPKind (rep0rt)")
    assert tampered != signed_report

    check = check_pdf(tampered)
    assert check.signed and not check.intact and not check.valid
    assert check.trusted  # the signer is known; the content is not what they signed
    assert check.problems == ["Nội dung tệp đã bị thay đổi sau khi ký: chữ ký không còn khớp với tệp."]
    assert "Signature Validation: Digest Mismatch." in pdfsig(tampered, nssdir=nssdir, tmp_path=tmp_path)


def _appended(signed: bytes, change) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_drawn_on_the_page_after_signing_is_reported(signed_report):
    """An incremental update keeps the signed bytes, so the signature itself still holds: the check says the
    file was changed after signing."""

    def draw(writer):
        stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (5 sao) Tj ET")
        writer.add_stream_to_page(0, writer.add_object(stream))

    check = check_pdf(_appended(signed_report, draw))
    assert check.signed and not check.intact and not check.valid
    assert check.problems == ["Tệp đã được sửa hoặc thêm nội dung sau khi ký."]


def test_the_number_read_is_the_signed_one_whatever_is_appended(signed_report):
    def renumber(writer):
        info = writer.prev.trailer_view["/Info"].get_object()
        writer.set_info(generic.DictionaryObject({**info, generic.NameObject("/OCOPNumber"): generic.pdf_string("X")}))

    assert check_pdf(_appended(signed_report, renumber)).number == "BC-2026-01"


def test_a_signer_of_an_unknown_authority_is_reported(signing_keys, nssdir, tmp_path):
    signed = sign_directly(a_document(), *strangers_key())

    check = check_pdf(signed)
    assert check.signed and check.intact and not check.trusted and not check.valid
    assert check.signer_name == "Người ký lạ"
    assert check.problems == [
        "Chữ ký không do tổ chức chứng thực mà nền tảng tin cậy cấp: không xác định được người ký."
    ]
    assert "Certificate Validation: Certificate issuer isn't Trusted." in pdfsig(
        signed, nssdir=nssdir, tmp_path=tmp_path
    )


def test_an_expired_signing_certificate_is_reported(signing_keys, nssdir, tmp_path):
    signed = sign_directly(a_document(), *expired_key(signing_keys))

    check = check_pdf(signed)
    assert check.signed and check.intact and check.trusted
    assert check.signer_expired and not check.valid
    assert len(check.problems) == 1 and check.problems[0].startswith("Chứng thư số của người ký đã hết hạn ngày")
    assert "Certificate Validation: Certificate has Expired" in pdfsig(signed, nssdir=nssdir, tmp_path=tmp_path)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "Tệp không phải là tệp PDF."),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "Tệp không phải là tệp PDF."),
        (b"%PDF-1.7\n garbage without a trailer", "Không đọc được tệp PDF: tệp bị hỏng."),
        (a_document(), "Tệp không có chữ ký số."),
    ],
)
def test_what_is_not_a_signed_pdf_says_so_and_never_raises(data, problem, signing_settings):
    check = check_pdf(data)
    assert (check.signed, check.valid, check.problems) == (False, False, [problem])


def test_a_signature_truncated_to_half_is_not_valid(signed_report):
    check = check_pdf(signed_report[: len(signed_report) // 2])
    assert not check.valid
    assert check.problems
