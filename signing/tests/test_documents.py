"""Signing through sign_pdf with the test CA's keys: an agency's PKCS#12 key and an official's SoftHSM2 token."""

import pytest

from areas.models import Area
from audit.models import AuditEntry
from signing.checking import check_pdf
from signing.documents import needs_pin, sign_pdf
from signing.errors import SigningError
from signing.kinds import DocumentKind
from signing.models import SigningSetup
from signing.testca import TOKEN_PIN
from signing.tests.pdfs import a_document


def test_a_report_signed_with_the_agency_key_checks_valid_and_says_what_it_is(signing_keys, hanoi):
    signed = sign_pdf(a_document(), kind=DocumentKind.REPORT, province=hanoi, number="BC-2026-01")

    check = check_pdf(signed)
    assert (check.signed, check.intact, check.trusted, check.signer_expired, check.valid) == (
        True,
        True,
        True,
        False,
        True,
    )
    assert check.problems == []
    assert check.agency == "Ủy ban nhân dân Thành phố Hà Nội"
    assert (check.kind, check.number) == ("report", "BC-2026-01")
    assert check.signed_at is not None


def test_a_decision_signed_on_the_officials_token_with_the_pin(signing_keys, hanoi):
    assert needs_pin(kind=DocumentKind.RECOGNITION, province=hanoi)
    assert not needs_pin(kind=DocumentKind.CERTIFICATE, province=hanoi)

    signed = sign_pdf(a_document(), kind=DocumentKind.RECOGNITION, province=hanoi, number="123/QĐ-UBND", pin=TOKEN_PIN)

    check = check_pdf(signed)
    assert check.valid, check.problems
    assert check.signer_name == "Chủ tịch UBND Thành phố Hà Nội"
    assert (check.kind, check.number) == ("recognition_decision", "123/QĐ-UBND")


def test_a_wrong_pin_is_refused(signing_keys, hanoi):
    with pytest.raises(SigningError, match="PIN"):
        sign_pdf(a_document(), kind=DocumentKind.WITHDRAWAL, province=hanoi, number="9/QĐ-UBND", pin="000000")
    with pytest.raises(SigningError, match="PIN"):
        sign_pdf(a_document(), kind=DocumentKind.WITHDRAWAL, province=hanoi, number="9/QĐ-UBND")


def test_the_central_level_signs_with_its_own_key(signing_keys):
    signed = sign_pdf(a_document(), kind=DocumentKind.CERTIFICATE, province=None, number="OCOP-5-0001")

    check = check_pdf(signed)
    assert check.valid
    assert check.agency == "Bộ Nông nghiệp và Môi trường"


def test_no_configuration_says_so(signing_keys):
    province = Area.objects.current().get(level=Area.Level.PROVINCE, code="79")
    with pytest.raises(SigningError, match="Chưa cấu hình khóa ký số"):
        sign_pdf(a_document(), kind=DocumentKind.REPORT, province=province, number="BC-1")


def test_a_missing_key_file_or_unset_password_is_a_clear_message(signing_keys, hanoi):
    setup = SigningSetup.objects.get(province=hanoi, kind=DocumentKind.REPORT)
    setup.key_file = "test-ca/no-such-file.p12"
    setup.save()
    with pytest.raises(SigningError, match="Không tìm thấy tệp chứng thư số"):
        sign_pdf(a_document(), kind=DocumentKind.REPORT, province=hanoi, number="BC-1")

    setup.key_file, setup.password_file, setup.password_env = "test-ca/agency-01.p12", "", "SIGNING_TEST_WRONG"
    setup.save()
    with pytest.raises(SigningError, match="SIGNING_TEST_WRONG"):
        sign_pdf(a_document(), kind=DocumentKind.REPORT, province=hanoi, number="BC-1")


def test_a_wrong_pkcs12_password_is_refused(signing_keys, hanoi, monkeypatch):
    setup = SigningSetup.objects.get(province=hanoi, kind=DocumentKind.REPORT)
    setup.password_file, setup.password_env = "", "SIGNING_TEST_PASSWORD"
    setup.save()
    monkeypatch.setenv("SIGNING_TEST_PASSWORD", "not-the-password")
    with pytest.raises(SigningError, match="mật khẩu không đúng"):
        sign_pdf(a_document(), kind=DocumentKind.REPORT, province=hanoi, number="BC-1")


def test_the_test_keys_are_audited_and_never_replace_a_setup(signing_keys, hanoi):
    from signing.provisioning import use_test_keys

    assert AuditEntry.objects.filter(note="signing_test_ca").count() == 12
    assert use_test_keys(provinces=[None, hanoi], modules=["/usr/lib/softhsm/libsofthsm2.so"]) == []
