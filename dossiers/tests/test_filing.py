"""The filing rules on plain dates (QĐ 26/2026 Điều 6.1, 7.6.a, 12.3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dossiers.domain.filing import check_filing
from dossiers.models import ApplicationKind

from .factories import make_certificate

D = datetime.date
EXPIRES = D(2027, 6, 30)
# 180 days before: 01/01/2027; 120 days before: 02/03/2027; 180 days after: 27/12/2027.
OPENS, CLOSES, GRACE = D(2027, 1, 1), D(2027, 3, 2), D(2027, 12, 27)


def refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        check_filing(**kwargs)
    return " ".join(caught.value.message_dict["kind"])


def test_first_time_filing_without_certificate_is_allowed(product_a):
    filing = check_filing(kind=ApplicationKind.FIRST, product=product_a, on=D(2027, 1, 1))
    assert filing.certificate is None
    assert filing.late is False


def test_first_time_filing_is_refused_while_a_certificate_is_current(product_a):
    make_certificate(product_a, expires_on=EXPIRES, number="OCOP-01-2024-AAAAAA")
    message = refusal(kind=ApplicationKind.FIRST, product=product_a, on=D(2026, 12, 1))
    assert "OCOP-01-2024-AAAAAA" in message
    assert "nâng hạng hoặc đánh giá lại" in message
    # Still current while extended for a late filer.
    certificate = product_a.certificates.get()
    certificate.extended_until = GRACE
    certificate.save()
    refusal(kind=ApplicationKind.FIRST, product=product_a, on=D(2027, 8, 1))


def test_first_time_filing_is_allowed_once_the_certificate_has_expired(product_a):
    make_certificate(product_a, expires_on=EXPIRES)
    filing = check_filing(kind=ApplicationKind.FIRST, product=product_a, on=D(2027, 7, 1))
    assert filing.certificate is None


@pytest.mark.parametrize("on", [D(2026, 12, 1), OPENS, EXPIRES])
def test_upgrade_needs_an_active_or_due_certificate(product_a, on):
    certificate = make_certificate(product_a, expires_on=EXPIRES)
    assert check_filing(kind=ApplicationKind.UPGRADE, product=product_a, on=on).certificate == certificate


def test_upgrade_is_refused_without_certificate_or_after_expiry(product_a):
    assert "còn hiệu lực" in refusal(kind=ApplicationKind.UPGRADE, product=product_a, on=D(2027, 1, 1))
    make_certificate(product_a, expires_on=EXPIRES)
    refusal(kind=ApplicationKind.UPGRADE, product=product_a, on=D(2027, 7, 1))


def test_upgrade_of_a_five_star_product_is_refused(product_a):
    make_certificate(product_a, expires_on=EXPIRES, stars=5)
    assert "5 sao" in refusal(kind=ApplicationKind.UPGRADE, product=product_a, on=D(2026, 12, 1))


def test_upgrade_is_refused_after_withdrawal(product_a):
    certificate = make_certificate(product_a, expires_on=EXPIRES)
    certificate.withdrawn_on = D(2026, 10, 1)
    certificate.save()
    refusal(kind=ApplicationKind.UPGRADE, product=product_a, on=D(2026, 12, 1))


@pytest.mark.parametrize(
    ("on", "late"),
    [
        (OPENS, False),  # the 180th day before expiry: the window opens
        (D(2027, 2, 1), False),
        (CLOSES, False),  # the 120th day before expiry: the last day in time
        (CLOSES + datetime.timedelta(days=1), True),  # inside 120 days: late
        (EXPIRES, True),
        (EXPIRES + datetime.timedelta(days=1), True),  # expired, less than 180 days ago
        (GRACE - datetime.timedelta(days=1), True),
    ],
)
def test_reevaluation_window_and_late_filing(product_a, on, late):
    certificate = make_certificate(product_a, expires_on=EXPIRES)
    filing = check_filing(kind=ApplicationKind.REEVALUATION, product=product_a, on=on)
    assert filing.certificate == certificate
    assert filing.late is late


def test_reevaluation_before_the_window_is_refused_with_its_dates(product_a):
    make_certificate(product_a, expires_on=EXPIRES)
    message = refusal(kind=ApplicationKind.REEVALUATION, product=product_a, on=OPENS - datetime.timedelta(days=1))
    assert "01/01/2027" in message
    assert "02/03/2027" in message


def test_reevaluation_180_days_after_expiry_is_refused(product_a):
    make_certificate(product_a, expires_on=EXPIRES)
    assert "lần đầu" in refusal(kind=ApplicationKind.REEVALUATION, product=product_a, on=GRACE)


def test_reevaluation_without_certificate_is_refused(product_a):
    assert "lần đầu" in refusal(kind=ApplicationKind.REEVALUATION, product=product_a, on=D(2027, 1, 1))
