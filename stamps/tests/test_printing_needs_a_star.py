"""Stamps are printed only while they would show a star: once the certificate in force for a batch's stamps
(its own, or the one that replaced it at renewal) is withdrawn or expired, no sheet, no download, no CSV for
printers, and the batch page says why."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from certificates.models import Certificate
from stamps.domain import csv_lines, render_sheet, request_sheet
from stamps.models import StampSheet

from .factories import make_certificate

REFUSED = "Không in hay xuất tem được"


def _today() -> datetime.date:
    return timezone.localdate()


def withdraw(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(withdrawn_on=_today())


def expire(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=_today() - datetime.timedelta(days=1))


def extend(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=_today() - datetime.timedelta(days=10), extended_until=_today() + datetime.timedelta(days=170)
    )


def renew(certificate):
    expire(certificate)
    newer = make_certificate(certificate.product, months_left=36, stars=5)
    Certificate.objects.filter(pk=certificate.pk).update(superseded_by=newer)


@pytest.mark.parametrize("change", [withdraw, expire], ids=["withdrawn", "expired"])
def test_sheet_and_csv_are_refused_once_the_certificate_shows_no_star(media, batch_a, alice, change):
    change(batch_a.certificate)
    with pytest.raises(ValidationError) as error:
        request_sheet(batch=batch_a, by=alice, run_in_background=False)
    assert error.value.code == "no_star"
    assert REFUSED in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        csv_lines(batch=batch_a, by=alice)
    assert error.value.code == "no_star"
    assert not StampSheet.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["print", "export_csv"]).exists()


def test_refusal_names_the_certificate_and_its_status(batch_a, alice):
    withdraw(batch_a.certificate)
    with pytest.raises(ValidationError) as error:
        csv_lines(batch=batch_a, by=alice)
    assert batch_a.certificate.number in error.value.messages[0]
    assert "Đã thu hồi" in error.value.messages[0]


@pytest.mark.parametrize("change", [extend, renew], ids=["extended", "renewed"])
def test_sheet_and_csv_are_allowed_while_the_certificate_in_force_shows_a_star(media, batch_a, alice, change):
    change(batch_a.certificate)
    sheet = request_sheet(batch=batch_a, by=alice, run_in_background=False)
    assert render_sheet(sheet_id=sheet.pk).status == StampSheet.Status.READY
    assert len(list(csv_lines(batch=batch_a, by=alice))) == 13


def test_sheet_queued_before_the_withdrawal_is_not_rendered(media, batch_a, alice):
    sheet = request_sheet(batch=batch_a, by=alice, run_in_background=False)
    withdraw(batch_a.certificate)
    sheet = render_sheet(sheet_id=sheet.pk)
    assert sheet.status == StampSheet.Status.FAILED
    assert REFUSED in sheet.error
    assert not sheet.file
    assert StampSheet.objects.get(pk=sheet.pk).status == StampSheet.Status.FAILED


def test_ready_sheet_is_not_served_after_the_withdrawal(client, media, batch_a, alice):
    sheet = render_sheet(sheet_id=request_sheet(batch=batch_a, by=alice, run_in_background=False).pk)
    url = reverse("stamps:sheet_download", args=[batch_a.code, sheet.code])
    client.force_login(alice)
    assert client.get(url).status_code == 200
    withdraw(batch_a.certificate)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == batch_a.get_absolute_url()
    assert REFUSED in client.get(response["Location"]).content.decode()


def test_batch_page_shows_the_certificates_status_and_star(client, batch_a, alice):
    client.force_login(alice)
    html = client.get(batch_a.get_absolute_url()).content.decode()
    assert "★★★★ OCOP" in html and "Còn hiệu lực" in html
    assert reverse("stamps:sheet_create", args=[batch_a.code]) in html
    assert REFUSED not in html


def test_batch_page_of_a_withdrawn_certificate_says_why_and_offers_no_printing(client, media, batch_a, alice):
    sheet = render_sheet(sheet_id=request_sheet(batch=batch_a, by=alice, run_in_background=False).pk)
    withdraw(batch_a.certificate)
    client.force_login(alice)
    html = client.get(batch_a.get_absolute_url()).content.decode()
    assert "(4★)" not in html and "★★★★" not in html
    assert "Đã thu hồi" in html
    assert REFUSED in html
    for name in ("sheet_create", "csv"):
        assert reverse(f"stamps:{name}", args=[batch_a.code]) not in html, name
    assert reverse("stamps:sheet_download", args=[batch_a.code, sheet.code]) not in html
    assert reverse("stamps:revoke_batch", args=[batch_a.code]) in html  # stamps can still be revoked


def test_print_and_csv_through_the_page_are_refused_with_the_reason(client, batch_a, alice):
    withdraw(batch_a.certificate)
    client.force_login(alice)
    grid = {"first": 1, "count": 12, "columns": 5, "rows": 8, "margin_mm": "10", "qr_size_mm": "24"}
    response = client.post(reverse("stamps:sheet_create", args=[batch_a.code]), grid, follow=True)
    assert REFUSED in response.content.decode()
    assert not StampSheet.objects.exists()
    response = client.get(reverse("stamps:csv", args=[batch_a.code]))
    assert response.status_code == 302
    assert REFUSED in client.get(response["Location"]).content.decode()


def test_export_stamps_csv_command_refuses_a_withdrawn_certificate(batch_a, root):
    withdraw(batch_a.certificate)
    with pytest.raises(CommandError, match=REFUSED):
        call_command("export_stamps_csv", "--batch", batch_a.code, stdout=io.StringIO(), stderr=io.StringIO())
