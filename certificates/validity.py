"""Date arithmetic of a certificate's life (QĐ 26/2026 Điều 4.3, 7.6.a, 12.3), kept free of the database so
every edge (29/02, the 180th and 120th day before expiry) is tested on plain dates."""

import calendar
import datetime

from .models import (
    LATE_FILER_GRACE_DAYS,
    RENEWAL_WINDOW_CLOSES_DAYS,
    RENEWAL_WINDOW_OPENS_DAYS,
    VALIDITY_MONTHS,
)

# The "window closing" reminder goes out this many days before the last filing day.
CLOSING_REMINDER_DAYS = RENEWAL_WINDOW_CLOSES_DAYS + 10


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later; a day the target month lacks becomes its last day
    (29/02/2024 + 36 months = 28/02/2027, 31/01 + 1 month = 28/02 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(issued_on: datetime.date) -> datetime.date:
    """A certificate is valid for 36 months from its issue date (Điều 4.3)."""
    return add_months(issued_on, VALIDITY_MONTHS)


def filing_window(expires_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day to file the re-evaluation dossier: no earlier than 180 and no later than 120 days
    before expiry (Điều 7.6.a)."""
    return (
        expires_on - datetime.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS),
        expires_on - datetime.timedelta(days=RENEWAL_WINDOW_CLOSES_DAYS),
    )


def is_late_filing(*, expires_on: datetime.date, filed_on: datetime.date) -> bool:
    """Filed after the window's last day (later than 120 days before expiry)."""
    return filed_on > filing_window(expires_on)[1]


def grace_limit(expires_on: datetime.date) -> datetime.date:
    """The last day a late filer's certificate may be extended to: 180 days after expiry (Điều 12.3)."""
    return expires_on + datetime.timedelta(days=LATE_FILER_GRACE_DAYS)


def days_to_expiry(expires_on: datetime.date, today: datetime.date) -> int:
    return (expires_on - today).days
