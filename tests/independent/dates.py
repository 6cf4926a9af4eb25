"""Calendar arithmetic from the catalogue's conventions (section 1)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list; the package's 'ENG' subdivision is it.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@cache  # the same spans recur across periods and indicators
def working_days(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 on the same day);
    negative when `end` is before `start`."""
    if end < start:
        return -working_days(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def add_working_days(start: date, days: int) -> date:
    """The day that is `days` working days after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def add_months(day: date, months: int) -> date:
    """Calendar months later (or earlier, negative); the day is clamped to the month's
    length, so 30 November + 3 months is 29 February in a leap year."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: date, years: int) -> date:
    """The same calendar date `years` earlier (29 February -> 28 February)."""
    return add_months(day, -12 * years)


def financial_year(day: date) -> str:
    """The financial year label holding a date: 2024-25 for 2025-03-31."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def year_end(label: str) -> date:
    """31 March ending a financial year label."""
    return date(int(label[:4]) + 1, 3, 31)


def parse(text: str | None) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None when empty. A date that is not real raises ValueError."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text[:10])
