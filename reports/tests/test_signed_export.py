"""The report's PDF export comes signed with the REPORT key of the agency that issues it (the user's province,
the central level for the national roles) when one is configured, and the page says when it is not."""

import pytest
from django.urls import reverse

from signing.checking import check_pdf
from signing.kinds import DocumentKind
from signing.models import SigningSetup


def test_the_province_officers_export_is_signed_with_the_provinces_report_key(client, erin, signing_keys):
    client.force_login(erin)
    page = client.get(reverse("reports:report"), {"first": 2025}).content.decode()
    assert "PDF có chữ ký số" in page and 'id="report-unsigned"' not in page
    response = client.get(reverse("reports:pdf"), {"first": 2025})
    assert response["Content-Type"] == "application/pdf"
    check = check_pdf(response.content)
    assert check.valid, check.problems
    assert check.kind == DocumentKind.REPORT
    assert "Hà Nội" in check.agency


def test_the_ministrys_export_is_signed_with_the_central_key(client, minh, signing_keys):
    client.force_login(minh)
    check = check_pdf(client.get(reverse("reports:pdf"), {"first": 2025}).content)
    assert check.valid, check.problems
    assert "Bộ Nông nghiệp" in check.agency


@pytest.mark.usefixtures("signing_keys")
def test_without_a_report_key_the_page_says_the_export_is_unsigned(client, erin, hanoi):
    SigningSetup.objects.filter(kind=DocumentKind.REPORT, province=hanoi).delete()
    client.force_login(erin)
    page = client.get(reverse("reports:report"), {"first": 2025}).content.decode()
    assert 'id="report-unsigned"' in page
    assert "Chưa cấu hình khóa ký số báo cáo cho Thành phố Hà Nội" in page
    response = client.get(reverse("reports:pdf"), {"first": 2025})
    assert response.content.startswith(b"%PDF")
    assert not check_pdf(response.content).signed
