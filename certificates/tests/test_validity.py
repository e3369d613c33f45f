import datetime

import pytest

from certificates.models import Certificate, CertificateStatus
from certificates.queries import current_certificate, showing_star_q, status_q, with_current_certificate
from certificates.validity import add_months, expiry_for, filing_window, grace_limit, is_late_filing
from products.models import Product

from .conftest import make_certificate

D = datetime.date


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (D(2026, 6, 15), D(2029, 6, 15)),
        (D(2024, 2, 29), D(2027, 2, 28)),  # no 29/02 in 2027
        (D(2025, 2, 28), D(2028, 2, 28)),
        (D(2026, 12, 31), D(2029, 12, 31)),
        (D(2023, 1, 1), D(2026, 1, 1)),
    ],
)
def test_certificate_is_valid_36_calendar_months(issued, expires):
    assert expiry_for(issued) == expires


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 5, 22), 0) == D(2026, 5, 22)


def test_filing_window_is_180_to_120_days_before_expiry():
    assert filing_window(D(2029, 6, 15)) == (D(2028, 12, 17), D(2029, 2, 15))
    assert not is_late_filing(expires_on=D(2029, 6, 15), filed_on=D(2029, 2, 15))  # 120 days before: on time
    assert is_late_filing(expires_on=D(2029, 6, 15), filed_on=D(2029, 2, 16))  # 119 days before: late
    assert grace_limit(D(2029, 6, 15)) == D(2029, 12, 12)


def _certificate(expires_on: D, **fields) -> Certificate:
    return Certificate(stars=4, issued_on=add_months(expires_on, -36), expires_on=expires_on, **fields)


@pytest.mark.parametrize(
    ("days_before_expiry", "status"),
    [
        (181, CertificateStatus.ACTIVE),
        (180, CertificateStatus.DUE_FOR_RENEWAL),
        (179, CertificateStatus.DUE_FOR_RENEWAL),
        (120, CertificateStatus.DUE_FOR_RENEWAL),
        (0, CertificateStatus.DUE_FOR_RENEWAL),
        (-1, CertificateStatus.EXPIRED),
    ],
)
def test_status_turns_due_for_renewal_180_days_before_expiry(days_before_expiry, status):
    expires = D(2029, 6, 15)
    assert _certificate(expires).status_on(expires - datetime.timedelta(days=days_before_expiry)) == status


def test_extension_holds_until_its_last_day_then_expires():
    expires = D(2029, 6, 15)
    certificate = _certificate(expires, extended_until=grace_limit(expires))
    assert certificate.status_on(D(2029, 12, 12)) == CertificateStatus.EXTENDED
    assert certificate.status_on(D(2029, 12, 13)) == CertificateStatus.EXPIRED


def test_withdrawal_counts_from_the_decision_date():
    certificate = _certificate(D(2029, 6, 15), withdrawn_on=D(2027, 3, 1))
    assert certificate.status_on(D(2027, 2, 28)) == CertificateStatus.ACTIVE
    assert certificate.status_on(D(2027, 3, 1)) == CertificateStatus.WITHDRAWN


def test_status_filter_agrees_with_status_on(product_a):
    today = D(2029, 1, 1)
    make_certificate(product_a, issued_on=add_months(today, -12), number="A")  # active
    make_certificate(product_a, issued_on=add_months(today, -36) + datetime.timedelta(days=180), number="B")
    make_certificate(product_a, issued_on=add_months(today, -36) + datetime.timedelta(days=181), number="C")
    make_certificate(product_a, issued_on=add_months(today, -37), number="D")  # superseded below
    make_certificate(
        product_a, issued_on=add_months(today, -37), number="E", extended_until=today + datetime.timedelta(days=5)
    )
    (make_certificate(product_a, issued_on=add_months(today, -20), number="F", withdrawn_on=today),)
    make_certificate(
        product_a, issued_on=add_months(today, -20), number="G", withdrawn_on=today + datetime.timedelta(days=1)
    )
    (make_certificate(product_a, issued_on=add_months(today, -37), number="H", extended_until=today),)
    make_certificate(product_a, issued_on=add_months(today, -2), number="I")
    make_certificate(product_a, issued_on=add_months(today, -36) - datetime.timedelta(days=1), number="J")  # expired
    Certificate.objects.filter(number="D").update(superseded_by=Certificate.objects.get(number="I"))
    rows = list(Certificate.objects.all())
    for status in CertificateStatus:
        expected = {c.number for c in rows if c.status_on(today) == status}
        assert set(Certificate.objects.filter(status_q(status, today)).values_list("number", flat=True)) == expected
    starred = {c.number for c in rows if c.status_on(today) in {"active", "due_for_renewal", "extended"}}
    assert set(Certificate.objects.filter(showing_star_q(today)).values_list("number", flat=True)) == starred
    assert len({c.status_on(today) for c in rows}) == 6


def test_current_certificate_is_the_newest_not_superseded(product_a, product_b, django_assert_num_queries):
    old = make_certificate(product_a, issued_on=D(2020, 1, 1), number="OLD")
    new = make_certificate(product_a, issued_on=D(2022, 1, 1), number="NEW", withdrawn_on=D(2023, 1, 1))
    assert current_certificate(product_a) == new
    old.superseded_by = new
    old.save()
    assert current_certificate(product_b) is None
    products = list(with_current_certificate(Product.objects.filter(pk__in=[product_a.pk, product_b.pk])))
    with django_assert_num_queries(0):
        assert {p.pk: current_certificate(p) for p in products} == {product_a.pk: new, product_b.pk: None}
