"""Calendar spans: months and years counted back or forward from a date."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), held to the end of a shorter month:
    31 August + 6 months = 28 or 29 February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
