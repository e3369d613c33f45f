"""A certificate's signed decisions through the API: the record gives the signed PDF's address once its
official signed it, the address serves the stored file, and outside scope it is 404."""

import pytest

from certificates.decisions import recognition_decision, withdrawal_decision
from certificates.domain import withdraw
from certificates.domain.signing import sign_decision
from certificates.tests.conftest import days_ago
from certificates.tests.conftest import recognised as recognised  # the fixture
from signing.testca import TOKEN_PIN

URL = "/api/v1/certificates/"
pytestmark = pytest.mark.usefixtures("signing_keys")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_record_links_the_signed_decision_once_signed(api_as, recognised, erin):
    certificate, _ = recognised
    client = api_as("alice")
    assert client.get(f"{URL}{certificate.number}/").json()["decision_signed_pdf"] is None
    assert client.get(f"{URL}{certificate.number}/decisions/recognition/").status_code == 404

    signed = sign_decision(decision=recognition_decision(certificate), by=erin, pin=TOKEN_PIN)
    body = client.get(f"{URL}{certificate.number}/").json()
    assert body["decision_signed_pdf"].endswith(f"{URL}{certificate.number}/decisions/recognition/")
    listed = client.get(URL).json()["results"]
    assert listed[0]["decision_signed_pdf"] == body["decision_signed_pdf"]
    download = client.get(body["decision_signed_pdf"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert _body(download) == signed.file.read()


def test_the_withdrawal_links_its_signed_decision(api_as, recognised, erin):
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
    client = api_as("erin")
    assert client.get(f"{URL}{certificate.number}/").json()["withdrawal"]["signed_pdf"] is None
    certificate.refresh_from_db()
    sign_decision(decision=withdrawal_decision(certificate), by=erin, pin=TOKEN_PIN)
    body = client.get(f"{URL}{certificate.number}/").json()
    assert body["withdrawal"]["signed_pdf"].endswith("/decisions/withdrawal/")
    assert body["decision_signed_pdf"] is None
    assert client.get(body["withdrawal"]["signed_pdf"]).status_code == 200


@pytest.mark.parametrize("persona", ["bob", "frank"])
def test_outside_scope_the_signed_decision_is_404(api_as, recognised, erin, persona):
    certificate, _ = recognised
    sign_decision(decision=recognition_decision(certificate), by=erin, pin=TOKEN_PIN)
    assert api_as(persona).get(f"{URL}{certificate.number}/decisions/recognition/").status_code == 404


def test_an_unknown_kind_is_404(api_as, recognised):
    certificate, _ = recognised
    assert api_as("erin").get(f"{URL}{certificate.number}/decisions/other/").status_code == 404
