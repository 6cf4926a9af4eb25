"""Exception lists for managers (internal reports only): the children behind a
missed timescale this period, from the same drill-down as `scorecard drill`. They
are child-level data and never reach a public report."""

from __future__ import annotations

from dataclasses import dataclass

from scorecard import indicators
from scorecard.config import Config
from scorecard.dates import Period
from scorecard.store.database import Store

# (indicator, the list's title): the rows in the denominator but not the numerator.
LISTS = (
    ("icpc_15wd", "Initial child protection conferences outside 15 working days"),
    ("cpp_visits_timely", "Children on child protection plans whose visits are overdue"),
    ("cla_visits_timely", "Children looked after whose visits are overdue"),
    ("assessments_45wd", "Assessments authorised after 45 working days"),
)
HIDDEN = ("la_code", "breakdown", "numerator", "denominator", "in_numerator", "in_denominator")


@dataclass(frozen=True)
class ExceptionList:
    indicator_id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


def exception_lists(store: Store, period: Period, config: Config, la_code: str) -> tuple[ExceptionList, ...]:
    catalogue = indicators.definitions(config)
    found = []
    for indicator_id, title in LISTS:
        if indicator_id not in catalogue:
            continue
        columns, rows = indicators.drill(store, indicator_id, period, la_code, config)
        shown = [i for i, c in enumerate(columns) if c not in HIDDEN]
        numerator, denominator = columns.index("in_numerator"), columns.index("in_denominator")
        missed = [tuple(row[i] for i in shown) for row in rows if row[denominator] and not row[numerator]]
        found.append(ExceptionList(indicator_id, title, tuple(columns[i] for i in shown), tuple(missed)))
    return tuple(found)
