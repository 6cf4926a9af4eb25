"""Dates: working days in England and Wales, and the period labels of the catalogue."""

from scorecard.dates.periods import Period, PeriodError, financial_year_label, parse_period
from scorecard.dates.workdays import WorkingDays, working_days

__all__ = [
    "Period",
    "PeriodError",
    "WorkingDays",
    "financial_year_label",
    "parse_period",
    "working_days",
]
