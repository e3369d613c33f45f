import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from audit.domain import history
from certificates.domain import end_extension, extend_for_late_filing, send_due_reminders, withdraw
from certificates.models import CertificateStatus, RenewalReminder
from certificates.tasks import send_renewal_reminders
from certificates.validity import add_months
from dossiers.models import ApplicationKind, ApplicationStatus
from notifications.models import Notification

from .conftest import days_ago, make_application, make_certificate

D = datetime.date
Kind = RenewalReminder.Kind


def _expiring_in(product, days: int, **fields):
    """A certificate that expires `days` days from today (negative: expired that long ago)."""
    expires = timezone.localdate() + datetime.timedelta(days=days)
    return make_certificate(product, issued_on=add_months(expires, -36), **fields)


def _file_reevaluation(certificate, *, days_before_expiry: int, status=ApplicationStatus.SUBMITTED):
    filed = certificate.expires_on - datetime.timedelta(days=days_before_expiry)
    return make_application(
        certificate.product,
        kind=ApplicationKind.REEVALUATION,
        status=status,
        previous_certificate=certificate,
        submitted_at=timezone.make_aware(datetime.datetime.combine(filed, datetime.time(9))),
    )


def test_late_filer_is_extended_to_180_days_after_expiry(product_a, alice, erin):
    certificate = _expiring_in(product_a, 100)
    _file_reevaluation(certificate, days_before_expiry=119)
    extend_for_late_filing(certificate=certificate, by=erin)
    certificate.refresh_from_db()
    assert certificate.extended_until == certificate.expires_on + datetime.timedelta(days=180)
    assert certificate.status_on(certificate.expires_on + datetime.timedelta(days=1)) == CertificateStatus.EXTENDED
    assert certificate.status_on(certificate.extended_until) == CertificateStatus.EXTENDED
    assert certificate.status_on(certificate.extended_until + datetime.timedelta(days=1)) == CertificateStatus.EXPIRED
    assert history(certificate)[0].changes == {"extended_until": [None, certificate.extended_until.isoformat()]}
    assert "được giữ hiệu lực" in Notification.objects.get(recipient=alice).message


def test_a_dossier_filed_after_expiry_still_extends_within_180_days(product_a, alice):
    certificate = _expiring_in(product_a, -170)
    _file_reevaluation(certificate, days_before_expiry=-170)
    extend_for_late_filing(certificate=certificate, by=alice)
    assert certificate.status == CertificateStatus.EXTENDED


def test_extension_is_refused_more_than_180_days_after_expiry(product_a, erin):
    certificate = _expiring_in(product_a, -181)
    _file_reevaluation(certificate, days_before_expiry=-181)
    with pytest.raises(ValidationError, match="quá 180 ngày"):
        extend_for_late_filing(certificate=certificate, by=erin)
    certificate.refresh_from_db()
    assert certificate.extended_until is None


def test_extension_at_exactly_180_days_after_expiry_is_allowed(product_a, erin):
    certificate = _expiring_in(product_a, -180)
    _file_reevaluation(certificate, days_before_expiry=-10)
    extend_for_late_filing(certificate=certificate, by=erin)
    assert certificate.extended_until == timezone.localdate()


def test_extension_needs_a_late_and_pending_reevaluation(product_a, erin):
    certificate = _expiring_in(product_a, 100)
    with pytest.raises(ValidationError, match="sau thời hạn"):
        extend_for_late_filing(certificate=certificate, by=erin)
    on_time = _file_reevaluation(certificate, days_before_expiry=120)
    with pytest.raises(ValidationError, match="sau thời hạn"):
        extend_for_late_filing(certificate=certificate, by=erin)
    on_time.status = ApplicationStatus.NOT_RECOGNISED
    on_time.submitted_at = on_time.submitted_at + datetime.timedelta(days=5)  # late, but already decided
    on_time.save()
    with pytest.raises(ValidationError, match="sau thời hạn"):
        extend_for_late_filing(certificate=certificate, by=erin)


def test_extension_is_refused_for_withdrawn_or_superseded_certificates(product_a, erin):
    withdrawn = _expiring_in(product_a, 100, withdrawn_on=days_ago(3), number="W")
    with pytest.raises(ValidationError, match="thu hồi"):
        extend_for_late_filing(certificate=withdrawn, by=erin)
    newer = _expiring_in(product_a, 900, number="N")
    superseded = _expiring_in(product_a, 100, superseded_by=newer, number="S")
    with pytest.raises(ValidationError, match="thay thế"):
        extend_for_late_filing(certificate=superseded, by=erin)


def test_extending_twice_changes_nothing(product_a, erin):
    certificate = _expiring_in(product_a, 100)
    _file_reevaluation(certificate, days_before_expiry=110)
    extend_for_late_filing(certificate=certificate, by=erin)
    extend_for_late_filing(certificate=certificate, by=erin)
    assert len(history(certificate)) == 1


def test_extension_ends_with_a_negative_decision(product_a, erin):
    certificate = _expiring_in(product_a, -20)
    _file_reevaluation(certificate, days_before_expiry=-5)
    extend_for_late_filing(certificate=certificate, by=erin)
    end_extension(certificate=certificate, decided_on=days_ago(1), by=erin)
    certificate.refresh_from_db()
    assert certificate.extended_until == days_ago(1)
    assert certificate.status == CertificateStatus.EXPIRED


# Reminders ------------------------------------------------------------------------------------------------


@pytest.fixture
def people(alice, carol, dave, erin):
    return alice, carol, dave, erin


def _reminded(certificate) -> list[str]:
    return list(certificate.reminders.order_by("id").values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("days", "kind"),
    [
        (181, None),
        (180, Kind.WINDOW_OPEN),
        (179, Kind.WINDOW_OPEN),
        (131, Kind.WINDOW_OPEN),
        (130, Kind.WINDOW_CLOSING),
        (120, Kind.WINDOW_CLOSING),
        (119, None),
        (0, None),
        (-1, Kind.EXPIRED),
        (-180, Kind.EXPIRED),
        (-181, None),
    ],
)
def test_reminder_due_depends_on_days_to_expiry(product_a, people, days, kind):
    certificate = make_certificate(product_a, issued_on=D(2026, 6, 15))
    today = certificate.expires_on - datetime.timedelta(days=days)
    assert send_due_reminders(today=today) == (1 if kind else 0)
    assert _reminded(certificate) == ([kind] if kind else [])


def test_reminders_are_sent_once_per_kind_to_producer_and_commune(product_a, people):
    alice, carol, dave, erin = people
    certificate = make_certificate(product_a, issued_on=D(2026, 6, 15))
    expires = certificate.expires_on
    assert send_due_reminders(today=expires - datetime.timedelta(days=180)) == 1
    assert send_due_reminders(today=expires - datetime.timedelta(days=180)) == 0
    assert send_due_reminders(today=expires - datetime.timedelta(days=150)) == 0
    assert send_due_reminders(today=expires - datetime.timedelta(days=130)) == 1
    assert send_due_reminders(today=expires - datetime.timedelta(days=125)) == 0
    assert send_due_reminders(today=expires + datetime.timedelta(days=1)) == 1
    assert send_due_reminders(today=expires + datetime.timedelta(days=2)) == 0
    assert _reminded(certificate) == [Kind.WINDOW_OPEN, Kind.WINDOW_CLOSING, Kind.EXPIRED]
    assert Notification.objects.filter(recipient=alice).count() == 3
    assert Notification.objects.filter(recipient=carol).count() == 3
    assert not Notification.objects.filter(recipient__in=[dave, erin]).exists()
    opening = Notification.objects.filter(recipient=alice).order_by("id").first()
    assert f"{expires - datetime.timedelta(days=180):%d/%m/%Y}" in opening.message
    assert opening.url == certificate.get_absolute_url()


def test_no_window_reminder_once_a_reevaluation_is_filed(product_a, people):
    certificate = make_certificate(product_a, issued_on=D(2026, 6, 15))
    _file_reevaluation(certificate, days_before_expiry=170)
    assert send_due_reminders(today=certificate.expires_on - datetime.timedelta(days=160)) == 0
    assert send_due_reminders(today=certificate.expires_on - datetime.timedelta(days=125)) == 0


def test_no_reminder_for_withdrawn_superseded_or_extended_certificates(product_a, erin, people):
    newer = make_certificate(product_a, issued_on=D(2028, 1, 1), number="NEW")
    make_certificate(product_a, issued_on=D(2026, 6, 15), superseded_by=newer, number="SUP")
    make_certificate(product_a, issued_on=D(2026, 6, 15), withdrawn_on=D(2027, 1, 1), number="WD")
    make_certificate(product_a, issued_on=D(2026, 6, 15), extended_until=D(2029, 12, 1), number="EXT")
    assert send_due_reminders(today=D(2029, 7, 1)) == 0  # all expired 15/06/2029
    assert send_due_reminders(today=D(2029, 1, 1)) == 1  # only EXT was in its window then
    assert list(RenewalReminder.objects.values_list("certificate__number", flat=True)) == ["EXT"]


def test_a_late_filing_reminder_tells_the_grace_limit(product_a, people):
    alice = people[0]
    certificate = make_certificate(product_a, issued_on=D(2026, 6, 15))
    send_due_reminders(today=certificate.expires_on + datetime.timedelta(days=3))
    assert "12/12/2029" in Notification.objects.get(recipient=alice).message


def test_reminder_task_and_command_use_today(product_a, people):
    _expiring_in(product_a, 150, number="T1")
    result = send_renewal_reminders.enqueue()
    assert result.return_value == 1
    _expiring_in(product_a, 125, number="T2")
    out = StringIO()
    call_command("send_renewal_reminders", stdout=out)
    assert out.getvalue().startswith("1 reminder(s) sent")
    call_command("send_renewal_reminders", "--date", "01/01/2000", stdout=out)
    assert "0 reminder(s) sent for 01/01/2000" in out.getvalue()


def test_withdrawn_certificate_gets_no_more_reminders(product_a, erin, people):
    certificate = _expiring_in(product_a, 150, stars=4)
    withdraw(
        certificate=certificate,
        ground="b",
        conclusion="Kiểm tra ngày 01: không đạt tiêu chí 6.1",
        concluded_on=days_ago(5),
        decision_number="88/QĐ-UBND",
        decision_date=days_ago(1),
        signer="Trần Văn B",
        by=erin,
    )
    assert send_due_reminders(today=timezone.localdate()) == 0
