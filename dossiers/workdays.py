"""Working-day arithmetic for legal deadlines ("15 ngày làm việc", QĐ 26/2026 Điều 7.2).

A working day is any day that is not a Saturday, a Sunday, one of Vietnam's statutory public holidays (from the
`holidays` package, which follows the Labour Code and the government's yearly announcements, observed days
included) or an extra day off configured as a `PublicHoliday` row (a swapped day the government announces late,
a local closure). A `PublicHoliday` row of kind WORKING_DAY (the make-up Saturday worked in exchange for a
bridge day off) is a working day whatever the calendar says."""

import datetime

import holidays

from .models import PublicHoliday

WEEKEND = {5, 6}  # Saturday, Sunday (date.weekday())


class DaysOff:
    """The non-working days of the years a computation touches, fetched once per year (one query each)."""

    def __init__(self) -> None:
        # year → (days off, configured make-up working days)
        self._years: dict[int, tuple[set[datetime.date], set[datetime.date]]] = {}

    def _year(self, year: int) -> tuple[set[datetime.date], set[datetime.date]]:
        if year not in self._years:
            off = set(holidays.country_holidays("VN", years=year))
            worked = set()
            for day, kind in PublicHoliday.objects.filter(date__year=year).values_list("date", "kind"):
                (worked if kind == PublicHoliday.Kind.WORKING_DAY else off).add(day)
            self._years[year] = off, worked
        return self._years[year]

    def __contains__(self, day: datetime.date) -> bool:
        off, worked = self._year(day.year)
        return day not in worked and (day.weekday() in WEEKEND or day in off)


def is_working_day(day: datetime.date, days_off: DaysOff | None = None) -> bool:
    return day not in (days_off or DaysOff())


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which `days` working days after `start` have passed: `start` itself is not counted, so a
    dossier received on a Friday with 1 working day to go is due on the next working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    days_off = DaysOff()
    day, remaining = start, days
    while remaining:
        day += datetime.timedelta(days=1)
        if day not in days_off:
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start)
    days_off = DaysOff()
    return sum(
        1 for offset in range(1, (end - start).days + 1) if start + datetime.timedelta(days=offset) not in days_off
    )
