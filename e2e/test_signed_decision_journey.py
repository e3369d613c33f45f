"""Issue 15's journey in a real browser: Hà Nội's OCOP officer opens the recognition decision of a certificate and
signs it with the official's token (the test CA's SoftHSM2 token, PIN asked); the producer downloads the signed
decision and the certificate; a shopper uploads the certificate to the public check page and reads the verdict.
Screenshots of each step go to $E2E_ARTIFACTS."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.urls import reverse

from certificates.models import SignedDecision
from certificates.tests.conftest import recognised as recognised  # the fixture
from e2e.conftest import login
from signing.checking import check_pdf
from signing.testca import TOKEN_PIN

ARTIFACTS = Path(os.getenv("E2E_ARTIFACTS", Path(__file__).parent / "artifacts"))


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"signed-decision-{name}.png"), full_page=True)


def _checked(data: bytes):
    """`check_pdf` in a thread of its own: pyHanko validates with asyncio.run, and Playwright's sync API keeps an
    event loop running on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(check_pdf, data).result()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_officer_signs_producer_downloads_shopper_checks(
    page, browser, base_url, recognised, erin, alice, signing_keys, media, tmp_path
):
    certificate, _evaluation = recognised
    decision_page = reverse("certificates:decision", args=[certificate.number, "cong-nhan"])

    # The province's officer opens the certificate, then its decision, and signs with the token's PIN.
    login(page, "erin")
    page.goto(certificate.get_absolute_url())
    page.get_by_role("link", name="Quyết định công nhận").click()
    page.wait_for_url(f"**{decision_page}")
    assert page.get_by_role("heading", name="Ký số quyết định").is_visible()
    page.get_by_label("Mã PIN của thiết bị ký số").fill(TOKEN_PIN)
    _shot(page, "1-officer-before")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Ký số").click()
    assert page.get_by_text("Đã ký số", exact=True).is_visible()
    _shot(page, "2-officer-signed")
    assert page.errors == []
    signed = SignedDecision.objects.get()

    # The producer downloads its signed decision (the stored file, as signed) and its certificate.
    context = browser.new_context(base_url=base_url, locale="vi-VN", accept_downloads=True)
    producer = context.new_page()
    login(producer, "alice")
    producer.goto(decision_page)
    with producer.expect_download() as download:
        producer.get_by_role("link", name="Tải quyết định đã ký số (PDF)").click()
    decision_file = tmp_path / "quyet-dinh.pdf"
    download.value.save_as(decision_file)
    assert decision_file.read_bytes() == signed.file.read()
    check = _checked(decision_file.read_bytes())
    assert check.valid, check.problems
    _shot(producer, "3-producer-decision")
    producer.goto(certificate.get_absolute_url())
    with producer.expect_download() as download:
        producer.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; a.download = ''; "
            "document.body.append(a); a.click(); }",
            reverse("certificates:pdf", args=[certificate.number]),
        )
    certificate_file = tmp_path / "giay-chung-nhan.pdf"
    download.value.save_as(certificate_file)
    assert certificate_file.read_bytes().startswith(b"%PDF")
    context.close()

    # A shopper, signed in as nobody, uploads the certificate to the public check page and reads the verdict.
    shopper = browser.new_context(base_url=base_url, locale="vi-VN").new_page()
    shopper.goto(reverse("public:signed_check"))
    shopper.locator("input[type='file'][name='tep']").set_input_files(str(certificate_file))
    with shopper.expect_navigation():
        shopper.get_by_role("button", name="Kiểm tra").click()
    verdict = shopper.locator("#verdict")
    assert verdict.get_attribute("data-verdict") == "genuine", verdict.inner_text()
    match = shopper.locator("#certificate-match").inner_text()
    assert certificate.number in match and certificate.product.name in match
    assert "Còn hiệu lực" in match
    _shot(shopper, "4-shopper-verdict")
