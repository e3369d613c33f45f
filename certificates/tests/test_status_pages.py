"""What a certificate's pages offer depending on its status: a superseded certificate leads to the one that
replaced it, a withdrawn or superseded one advertises no re-evaluation, and the late filer's extension is
offered only when it can be recorded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import domain
from certificates.models import Certificate
from certificates.validity import add_months
from dossiers.models import ApplicationKind, ApplicationStatus

from .conftest import days_ago, make_application, make_certificate

EXTEND = "Gia hạn cho hồ sơ nộp muộn"
FILING = "Nộp hồ sơ đánh giá lại"


def expiring_in(product, days: int, **fields) -> Certificate:
    expires = timezone.localdate() + datetime.timedelta(days=days)
    return make_certificate(product, issued_on=add_months(expires, -36), **fields)


def file_reevaluation(certificate, *, filed_on: datetime.date, status=ApplicationStatus.SUBMITTED):
    return make_application(
        certificate.product,
        kind=ApplicationKind.REEVALUATION,
        status=status,
        previous_certificate=certificate,
        submitted_at=timezone.make_aware(datetime.datetime.combine(filed_on, datetime.time(9))),
    )


def superseded_pair(product) -> tuple[Certificate, Certificate]:
    old = make_certificate(product, issued_on=days_ago(1000), number="OCOP-01-2024-OLDOLD")
    new = make_certificate(product, issued_on=days_ago(5), number="OCOP-01-2026-NEWNEW", stars=5)
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
    old.refresh_from_db()
    return old, new


def test_public_page_of_a_superseded_certificate_links_the_one_that_replaced_it(client, product_a):
    old, new = superseded_pair(product_a)
    html = client.get(old.get_absolute_url()).content.decode()
    assert "Đã thay thế bằng giấy mới" in html
    assert f'<a href="{new.get_absolute_url()}">{new.number}</a>' in html
    assert "★" not in html.replace('brand-mark" aria-hidden="true">★', "")


def test_public_page_of_an_active_certificate_links_no_replacement(client, product_a):
    active = make_certificate(product_a, issued_on=days_ago(5))
    assert "Thay thế bằng" not in client.get(active.get_absolute_url()).content.decode()


def test_full_page_of_an_active_certificate_shows_the_filing_window(client, erin, product_a):
    active = make_certificate(product_a, issued_on=days_ago(5))
    client.force_login(erin)
    assert FILING in client.get(active.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", ["withdrawn", "superseded"])
def test_full_page_of_a_withdrawn_or_superseded_certificate_advertises_no_reevaluation(client, erin, product_a, state):
    if state == "withdrawn":
        certificate = make_certificate(product_a, issued_on=days_ago(900), withdrawn_on=days_ago(2))
    else:
        certificate, _ = superseded_pair(product_a)
    client.force_login(erin)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert FILING not in html
    assert "Nộp muộn" not in html
    assert EXTEND not in html


def test_certificate_list_shows_no_filing_window_for_a_withdrawn_certificate(client, erin, product_a):
    certificate = make_certificate(product_a, issued_on=days_ago(900), withdrawn_on=days_ago(2))
    opens = certificate.expires_on - datetime.timedelta(days=180)
    client.force_login(erin)
    html = client.get(reverse("certificates:list")).content.decode()
    assert certificate.number in html
    assert f"{opens:%d/%m/%Y}" not in html


def test_extension_action_is_not_offered_on_an_active_certificate(client, erin, product_a):
    certificate = make_certificate(product_a, issued_on=days_ago(5))
    client.force_login(erin)
    assert EXTEND not in client.get(certificate.get_absolute_url()).content.decode()


def test_extension_action_is_offered_once_a_late_reevaluation_is_in(client, erin, product_a):
    certificate = expiring_in(product_a, -10)
    file_reevaluation(certificate, filed_on=days_ago(3))
    client.force_login(erin)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert EXTEND in html
    client.post(reverse("certificates:extend", args=[certificate.number]))
    assert EXTEND not in client.get(certificate.get_absolute_url()).content.decode()


def test_extension_action_is_not_offered_to_the_producer(client, alice, product_a):
    certificate = expiring_in(product_a, -10)
    file_reevaluation(certificate, filed_on=days_ago(3))
    client.force_login(alice)
    assert EXTEND not in client.get(certificate.get_absolute_url()).content.decode()


def test_extension_applies_only_when_extend_for_late_filing_would_accept(product_a):
    today = timezone.localdate()
    certificate = expiring_in(product_a, 100)
    assert domain.extension_applies(certificate=certificate, today=today) is False  # no dossier
    on_time = file_reevaluation(certificate, filed_on=certificate.expires_on - datetime.timedelta(days=130))
    assert domain.extension_applies(certificate=certificate, today=today) is False  # filed within the window
    on_time.submitted_at += datetime.timedelta(days=20)  # now 110 days before expiry: late
    on_time.save(update_fields=["submitted_at"])
    assert domain.extension_applies(certificate=certificate, today=today) is True
    assert domain.extension_applies(
        certificate=certificate, today=certificate.expires_on + datetime.timedelta(days=181)
    ) is (False)
    on_time.status = ApplicationStatus.NOT_RECOGNISED
    on_time.save(update_fields=["status"])
    assert domain.extension_applies(certificate=certificate, today=today) is False  # decided already
