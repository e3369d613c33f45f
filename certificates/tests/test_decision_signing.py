"""The official's signing step through HTTP: a province officer signs the recognition decision on its page (with
the token's PIN when the key is a token), the signed file is kept once and served as it was stored, the
producer downloads it, and whoever does not see the certificate gets 404. Signed with the test CA of
`signing.tests.fixtures`; every signed file is checked with `signing.checking.check_pdf` and with poppler's
`pdfsig`, an independent validator."""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from certificates.domain import withdraw
from certificates.models import SignedDecision
from notifications.models import Notification
from signing.checking import check_pdf
from signing.kinds import DocumentKind
from signing.models import SigningSetup
from signing.testca import TOKEN_PIN

from .conftest import days_ago

pytestmark = pytest.mark.usefixtures("signing_keys", "media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _page(certificate, kind="cong-nhan"):
    return reverse("certificates:decision", args=[certificate.number, kind])


def _file(certificate, kind="cong-nhan"):
    return reverse("certificates:decision_file", args=[certificate.number, kind])


def _agency_key_for_decisions(province):
    """The province signs its decisions with its agency's PKCS#12 file instead of an official's token."""
    agency = SigningSetup.objects.get(kind=DocumentKind.CERTIFICATE, province=province)
    SigningSetup.objects.filter(kind=DocumentKind.RECOGNITION, province=province).update(
        method=SigningSetup.Method.PKCS12,
        key_file=agency.key_file,
        password_file=agency.password_file,
        password_env=agency.password_env,
    )


def _errors(response) -> str:
    import re

    return " ".join(re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', response.content.decode(), re.S))


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _pdfsig(data: bytes, tmp_path, trust_dir) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    # pdfsig trusts what its NSS database holds: the test CA's root, imported into a throw-away one.
    nss = tmp_path / "nss"
    nss.mkdir(exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)  # noqa: S603, S607
    for index, root in enumerate(sorted(trust_dir.glob("*.pem")) + sorted(trust_dir.glob("*.crt"))):
        subprocess.run(  # noqa: S603
            ["certutil", "-A", "-d", f"sql:{nss}", "-n", f"root{index}", "-t", "C,C,C", "-i", str(root)],  # noqa: S607
            check=True,
        )
    result = subprocess.run(  # noqa: S603
        ["pdfsig", "-nssdir", f"sql:{nss}", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def test_officer_signs_with_the_agency_key_and_the_file_is_kept_once(client, recognised, erin, alice, hanoi):
    certificate, _ = recognised
    _agency_key_for_decisions(hanoi)
    client.force_login(erin)
    page = client.get(_page(certificate))
    assert page.status_code == 200
    assert "Ký số quyết định" in page.content.decode()
    assert 'name="pin"' not in page.content.decode()  # an agency's key asks for no PIN

    response = client.post(_page(certificate))
    assert response.status_code == 302, _errors(response)
    signed = SignedDecision.objects.get()
    assert signed.kind == SignedDecision.Kind.RECOGNITION
    assert signed.number == "125/QĐ-UBND" and signed.province == hanoi and signed.signed_by == erin
    stored = signed.file.read()
    assert hashlib.sha256(stored).hexdigest() == signed.sha256 and len(stored) == signed.size

    check = check_pdf(stored)
    assert check.valid, check.problems
    assert check.intact and check.trusted and not check.signer_expired
    assert check.kind == DocumentKind.RECOGNITION and check.number == "125/QĐ-UBND"

    # Audited on the record and on the certificate; the producer is told.
    assert AuditEntry.objects.filter(object_id=str(signed.pk), action=AuditEntry.Action.CREATE).exists()
    assert AuditEntry.objects.filter(object_id=str(certificate.pk), note__startswith="Ký số").exists()
    assert Notification.objects.filter(recipient=alice, message__contains="125/QĐ-UBND").exists()

    # Downloads serve the stored bytes, the producer's as the officer's: never signed again.
    first = _body(client.get(_file(certificate)))
    client.force_login(alice)
    second = client.get(_file(certificate))
    assert second.status_code == 200 and second["Content-Type"] == "application/pdf"
    assert first == _body(second) == stored
    assert SignedDecision.objects.count() == 1


def test_signed_decision_passes_pdfsig(client, recognised, erin, hanoi, signing_keys, settings, tmp_path):
    if shutil.which("pdfsig") is None or shutil.which("certutil") is None:
        pytest.fail("poppler-utils (pdfsig) and libnss3-tools (certutil) are needed: scripts/ensure-system-deps")
    certificate, _ = recognised
    _agency_key_for_decisions(hanoi)
    client.force_login(erin)
    client.post(_page(certificate))
    output = _pdfsig(SignedDecision.objects.get().file.read(), tmp_path, settings.SIGNING_TRUST_DIR)
    assert "Signature is Valid." in output, output
    assert "Certificate is Trusted." in output, output
    assert "Total document signed" in output and "Not total" not in output, output
    assert "Signature Type: ETSI.CAdES.detached" in output, output


def test_token_asks_for_the_pin_and_refuses_a_wrong_one(client, recognised, erin):
    certificate, _ = recognised
    client.force_login(erin)
    page = client.get(_page(certificate)).content.decode()
    assert 'name="pin"' in page

    missing = client.post(_page(certificate), {"pin": ""})
    assert missing.status_code == 200
    assert "Nhập mã PIN của thiết bị ký số." in missing.content.decode()

    wrong = client.post(_page(certificate), {"pin": "000000"})
    assert wrong.status_code == 200
    assert "Mã PIN của thẻ ký số không đúng." in wrong.content.decode()
    assert not SignedDecision.objects.exists()

    right = client.post(_page(certificate), {"pin": TOKEN_PIN})
    assert right.status_code == 302
    stored = SignedDecision.objects.get().file.read()
    check = check_pdf(stored)
    assert check.valid, check.problems
    out = os.environ.get("DECISION_PDF_OUT")  # to look at the visible signature: DECISION_PDF_OUT=/tmp/x.pdf
    if out:
        Path(out).write_bytes(stored)


def test_a_signed_decision_is_not_signed_again(client, recognised, erin, hanoi):
    certificate, _ = recognised
    _agency_key_for_decisions(hanoi)
    client.force_login(erin)
    client.post(_page(certificate))
    stored = SignedDecision.objects.get()
    page = client.get(_page(certificate)).content.decode()
    assert "Đã ký số" in page and "Ký số quyết định" not in page

    again = client.post(_page(certificate), follow=True)
    assert "đã được ký số" in again.content.decode()
    assert SignedDecision.objects.get().sha256 == stored.sha256


def test_signing_error_shows_its_message_and_stores_nothing(client, recognised, erin, hanoi, settings):
    certificate, _ = recognised
    SigningSetup.objects.filter(kind=DocumentKind.RECOGNITION, province=hanoi).delete()
    client.force_login(erin)
    response = client.post(_page(certificate), {"pin": TOKEN_PIN})
    assert response.status_code == 200
    assert "Chưa cấu hình khóa ký số" in response.content.decode()
    assert not SignedDecision.objects.exists()
    assert not AuditEntry.objects.filter(note__startswith="Ký số").exists()
    assert not list((settings.MEDIA_ROOT).rglob("*.pdf"))


@pytest.mark.parametrize("persona", ["bob", "dave", "frank"])
def test_out_of_scope_is_404(client, request, recognised, persona):
    certificate, _ = recognised
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_page(certificate)).status_code == 404
    assert client.post(_page(certificate), {"pin": TOKEN_PIN}).status_code == 404
    assert client.get(_file(certificate)).status_code == 404
    assert not SignedDecision.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "carol", "inspector", "minh"])
def test_who_sees_but_does_not_decide_cannot_sign(client, request, recognised, persona):
    certificate, _ = recognised
    client.force_login(request.getfixturevalue(persona))
    page = client.get(_page(certificate))
    assert page.status_code == 200 and "Ký số quyết định" not in page.content.decode()
    client.post(_page(certificate), {"pin": TOKEN_PIN})
    assert not SignedDecision.objects.exists()
    # Before signing, the download is the unsigned draft.
    draft = client.get(_file(certificate))
    assert draft.status_code == 200 and "chua-ky" in draft["Content-Disposition"]
    assert not check_pdf(draft.content).signed


def test_a_signed_number_takes_no_more_products(client, recognised, erin, hanoi, product_b):
    from certificates.models import Recognition
    from evaluation.domain import recognise

    from .conftest import closed_evaluation, make_application

    certificate, _ = recognised
    _agency_key_for_decisions(hanoi)
    client.force_login(erin)
    client.post(_page(certificate))
    application = make_application(product_b)
    with pytest.raises(Exception, match="đã được ký số"):
        recognise(
            application=application,
            evaluation=closed_evaluation(application, stars=3),
            authority=Recognition.Authority.PROVINCE,
            decision_number="125/QĐ-UBND",
            decision_date=days_ago(5),
            signer="Nguyễn Văn Chủ Tịch",
            stars=3,
            by=erin,
        )


def test_withdrawal_decision_is_signed_likewise(client, recognised, erin, alice, hanoi):
    certificate, _ = recognised
    withdraw(
        certificate=certificate,
        ground="b",
        conclusion="Kết luận kiểm tra số 12/KL-SNN",
        concluded_on=days_ago(5),
        decision_number="77/QĐ-UBND",
        decision_date=days_ago(2),
        signer="Trần Thị Phó Chủ Tịch",
        by=erin,
    )
    client.force_login(erin)
    assert 'name="pin"' in client.get(_page(certificate, "thu-hoi")).content.decode()
    assert client.post(_page(certificate, "thu-hoi"), {"pin": TOKEN_PIN}).status_code == 302
    signed = SignedDecision.objects.get()
    assert signed.kind == SignedDecision.Kind.WITHDRAWAL and signed.number == "77/QĐ-UBND"
    client.force_login(alice)
    data = _body(client.get(_file(certificate, "thu-hoi")))
    check = check_pdf(data)
    assert check.valid and check.kind == DocumentKind.WITHDRAWAL and check.number == "77/QĐ-UBND"


def test_a_certificate_without_platform_decision_has_no_decision_page(client, erin, product_a):
    from .conftest import make_certificate

    certificate = make_certificate(product_a, issued_on=days_ago(100))
    client.force_login(erin)
    assert client.get(_page(certificate)).status_code == 404
    assert client.get(_page(certificate, "thu-hoi")).status_code == 404
    assert client.get(reverse("certificates:decision", args=[certificate.number, "khac"])).status_code == 404


def test_the_ministry_signs_the_central_decision_and_a_province_cannot(client, product_a, minh, erin):
    from certificates.models import Recognition
    from evaluation.domain import recognise
    from evaluation.models import Level

    from .conftest import closed_evaluation, make_application

    application = make_application(product_a)
    certificate = recognise(
        application=application,
        evaluation=closed_evaluation(application, stars=5, level=Level.CENTRAL),
        authority=Recognition.Authority.MINISTRY,
        decision_number="318/QĐ-BNNMT",
        decision_date=days_ago(3),
        signer="Bộ trưởng Trần Văn Bộ",
        stars=5,
        by=minh,
    )
    client.force_login(erin)  # sees the certificate of its province, does not sign the Minister's decision
    assert "Ký số quyết định" not in client.get(_page(certificate)).content.decode()
    client.force_login(minh)
    assert client.post(_page(certificate), {"pin": TOKEN_PIN}).status_code == 302
    signed = SignedDecision.objects.get()
    assert signed.province is None and signed.authority == Recognition.Authority.MINISTRY
    stored = signed.file.read()
    check = check_pdf(stored)
    assert check.valid, check.problems
    assert "Bộ Nông nghiệp" in check.agency
    # Drawn as the Minister's decision.
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(stored)).pages[0].extract_text()
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text and "BỘ TRƯỞNG" in text
