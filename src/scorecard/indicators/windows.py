"""The `period` relation every indicator query reads: one row per period asked
for, with the dates the catalogue's definitions turn on, worked out once here so
the SQL stays plain."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from datetime import date, timedelta

from scorecard.dates import Period
from scorecard.dates.periods import financial_year_label, financial_year_start
from scorecard.dates.spans import add_months


@dataclass(frozen=True)
class Window:
    period_id: int
    label: str
    period_start: date
    period_end: date
    # 1 April of the financial year holding the period end.
    year_start: date
    # "Within 12 months before the end": on or after this date (29 Feb -> 28 Feb).
    twelve_months_before: date
    # The 12 months to the period end: this date to the end, both included.
    window_start: date
    # The annual cohort: the latest financial year ended on or before the period end.
    cohort_year: str
    cohort_start: date
    cohort_end: date
    # Mid-year of the ONS population estimate used for rates (mid-2024 for 2024-25).
    population_year: int


def window(period_id: int, period: Period) -> Window:
    end = period.end
    year_before = add_months(end, -12)
    cohort_end = date(end.year, 3, 31) if end >= date(end.year, 3, 31) else date(end.year - 1, 3, 31)
    return Window(
        period_id=period_id,
        label=period.display_label,
        period_start=period.start,
        period_end=end,
        year_start=financial_year_start(end),
        twelve_months_before=year_before,
        window_start=year_before + timedelta(days=1),
        cohort_year=financial_year_label(cohort_end),
        cohort_start=date(cohort_end.year - 1, 4, 1),
        cohort_end=cohort_end,
        population_year=financial_year_start(end).year,
    )


COLUMNS = tuple(f.name for f in fields(Window))
SQL_TYPES = {"date": "DATE", "int": "INTEGER", "str": "VARCHAR"}


def period_columns() -> list[tuple[str, str]]:
    """The `period` relation's columns and their DuckDB types."""
    return [(f.name, SQL_TYPES[str(f.type)]) for f in fields(Window)]


def as_rows(windows: list[Window]) -> list[tuple]:
    return [astuple(w) for w in windows]
