"""Period labels, as defined in the indicator catalogue.

- financial year `2023-24` = 2023-04-01..2024-03-31
- quarter `2023-24 Q2` = 2023-07-01..2023-09-30 (Q1 starts 1 April)
- month `2023-09` = 2023-09-01..2023-09-30
- explicit range `2023-04-01..2023-12-31`
- year to date (`ytd=True`) with any of these: from 1 April of the financial year
  that holds the period end, to the period end.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from scorecard.dates.spans import add_months

PeriodKind = Literal["year", "quarter", "month", "range"]

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-(\d{2})\s+[Qq]([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

EXAMPLES = "2023-24 (financial year), 2023-24 Q2 (quarter), 2023-09 (month), 2023-04-01..2023-12-31"


class PeriodError(ValueError):
    """A period label that cannot be read; the message says how to write it."""


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date
    kind: PeriodKind
    ytd: bool = False

    @property
    def display_label(self) -> str:
        return f"{self.label} YTD" if self.ytd else self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def financial_year_start(day: date) -> date:
    """1 April of the financial year that holds `day`."""
    year = day.year if day.month >= 4 else day.year - 1
    return date(year, 4, 1)


def financial_year_label(day: date) -> str:
    """The label of the financial year that holds `day`, e.g. 2023-24."""
    start = financial_year_start(day).year
    return f"{start}-{(start + 1) % 100:02d}"


def parse_period(label: str, ytd: bool = False) -> Period:
    """Read a period label; raise PeriodError with a plain message if it is not one."""
    text = label.strip()
    period = _parse(text)
    if ytd:
        return Period(text, financial_year_start(period.end), period.end, period.kind, ytd=True)
    return period


def _parse(text: str) -> Period:
    if match := _QUARTER.match(text):
        first, second, quarter = int(match[1]), int(match[2]), int(match[3])
        _check_consecutive(text, first, second)
        start_month = 4 + 3 * (quarter - 1)
        year = first + (start_month - 1) // 12
        month = (start_month - 1) % 12 + 1
        return Period(text, date(year, month, 1), _month_end(year, month + 2), "quarter")
    if match := _YEAR.match(text):
        first, second = int(match[1]), int(match[2])
        is_year = second == (first + 1) % 100
        is_month = 1 <= second <= 12
        if is_year and is_month:
            raise PeriodError(
                f"'{text}' could be the financial year or the month; write the financial year as "
                f"{first}-04-01..{first + 1}-03-31 or the month as "
                f"{first}-{second:02d}-01..{_month_end(first, second).isoformat()}"
            )
        if is_year:
            return Period(text, date(first, 4, 1), date(first + 1, 3, 31), "year")
        if is_month:
            return Period(text, date(first, second, 1), _month_end(first, second), "month")
        raise PeriodError(
            f"'{text}' is neither a financial year (two consecutive years, e.g. {first}-"
            f"{(first + 1) % 100:02d}) nor a month (01 to 12). Period labels look like: {EXAMPLES}"
        )
    if match := _RANGE.match(text):
        start, end = _iso(text, match[1]), _iso(text, match[2])
        if end < start:
            raise PeriodError(f"'{text}' ends before it starts")
        return Period(text, start, end, "range")
    raise PeriodError(f"'{text}' is not a period label. Period labels look like: {EXAMPLES}")


def _check_consecutive(text: str, first: int, second: int) -> None:
    if second != (first + 1) % 100:
        raise PeriodError(f"'{text}': a financial year is two consecutive years, e.g. {first}-{(first + 1) % 100:02d}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _iso(text: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PeriodError(f"'{text}': {value} is not a real date (YYYY-MM-DD)") from None


STEPS = ("monthly", "quarterly", "yearly")


def series(step: str, first: Period, last: Period) -> list[Period]:
    """The months, quarters or financial years from the one holding the start of
    `first` to the one holding the end of `last`, each with its own label."""
    if step not in STEPS:
        raise PeriodError(f"'{step}' is not a series: choose monthly, quarterly or yearly")
    if last.end < first.start:
        raise PeriodError(f"the series ends ({last.label}) before it starts ({first.label})")
    periods = []
    day = first.start
    while day <= last.end:
        period = parse_period(_label(step, day))
        periods.append(period)
        day = period.end + timedelta(days=1)
    return periods


def _label(step: str, day: date) -> str:
    if step == "monthly":
        if day.month == (day.year + 1) % 100:  # 2008-09 reads as a financial year too
            return f"{day.isoformat()}..{_month_end(day.year, day.month).isoformat()}"
        return f"{day.year}-{day.month:02d}"
    year = financial_year_label(day)
    if step == "yearly":
        return year
    return f"{year} Q{(day.month - 4) % 12 // 3 + 1}"


def previous_period(period: Period) -> Period | None:
    """The period of the same length just before: the previous quarter, month or
    financial year, or the same number of days before a range. None for a year to
    date, which has no earlier period of its length in the same year (compare it with
    the same period last year instead)."""
    if period.ytd:
        return None
    day_before = period.start - timedelta(days=1)
    if period.kind == "range":
        start = period.start - timedelta(days=period.days)
        return Period(f"{start.isoformat()}..{day_before.isoformat()}", start, day_before, "range")
    return parse_period(_label(_STEP[period.kind], day_before))


def same_period_last_year(period: Period) -> Period:
    """The same dates twelve months earlier, with the label they have then."""
    base = parse_period(period.label) if period.ytd else period
    start, end = add_months(base.start, -12), add_months(base.end, -12)
    if base.kind == "range":
        if base.end == _month_end(base.end.year, base.end.month):
            end = _month_end(end.year, end.month)  # a range to 28 February ends on 29 February in a leap year
        label = f"{start.isoformat()}..{end.isoformat()}"
    else:
        label = _label(_STEP[base.kind], start)
    return parse_period(label, ytd=period.ytd)


def each_year(period: Period, count: int) -> list[Period]:
    """The period and the same period in each of the `count - 1` years before it, earliest
    first: one a year, for figures that change once a year (a census's, a cohort's)."""
    periods = [period]
    for _ in range(count - 1):
        periods.append(same_period_last_year(periods[-1]))
    return periods[::-1]


_STEP = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
