"""Plain builders for stamp tests. Certificates are written directly (the certificates app's own rules are
tested there): a stamp test only needs a row whose dates give the status it wants."""

import datetime
import itertools

from django.utils import timezone

from certificates.models import Certificate
from criteria.models import LegalVersion
from stamps.domain import issue_batch, order_batch

GTIN = "08938600123459"  # a GTIN-14 with a correct check digit (prefix 893: GS1 Vietnam)
_numbers = itertools.count(1)


def make_certificate(
    product,
    *,
    issued_on: datetime.date | None = None,
    months_left: int = 24,
    withdrawn_on: datetime.date | None = None,
    extended_until: datetime.date | None = None,
    stars: int = 4,
) -> Certificate:
    """A certificate for `product`, expiring about `months_left` months from today (negative: expired)."""
    today = timezone.localdate()
    expires_on = today + datetime.timedelta(days=30 * months_left)
    issued_on = issued_on or expires_on - datetime.timedelta(days=3 * 365)
    producer = product.producer
    return Certificate.objects.create(
        number=f"T-{next(_numbers):05d}/OCOP",
        product=product,
        stars=stars,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number=f"{next(_numbers)}/QĐ-UBND",
        decision_date=issued_on,
        issued_on=issued_on,
        expires_on=expires_on,
        withdrawn_on=withdrawn_on,
        extended_until=extended_until,
    )


def order(product, by, *, quantity: int = 5, lot: str = "L2611-01", **extra):
    today = timezone.localdate()
    fields = {
        "production_date": today - datetime.timedelta(days=3),
        "expiry_date": today + datetime.timedelta(days=365),
        "run_in_background": False,
        **extra,
    }
    return order_batch(product=product, quantity=quantity, lot=lot, by=by, **fields)


def issued_batch(product, by, *, quantity: int = 5, lot: str = "L2611-01"):
    """An ordered and issued batch (synchronously, as the `issue_stamps` command does)."""
    return issue_batch(batch_id=order(product, by, quantity=quantity, lot=lot).pk)
