"""The results table, computed independently: one Figure per indicator, period and
breakdown, in the contract's shape (../shared/spec/indicators.md, "Results table").

Each indicator is a function of the LA's records and a period, registered with its
unit, that says which subjects (children, plans, conferences, workers) it counts and
whether each is in the numerator; the unit's arithmetic turns that into the figure.
The sections' modules (front_door, protection, looked_after, care_leavers, workforce,
local) hold the definitions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.independent.dates import add_months, year_end
from tests.independent.returns import LA


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @property
    def window_start(self) -> date:
        """First day of the 12 months to the period end: the day after the same date a
        year earlier, so a financial year's window is that year."""
        return add_months(self.end, -12) + timedelta(days=1)

    @property
    def cohort_year(self) -> str:
        """The latest financial year ended on or before the period end (annual cohorts)."""
        ended = self.end.year if self.end >= date(self.end.year, 3, 31) else self.end.year - 1
        return f"{ended - 1}-{ended % 100:02d}"


def period(label: str) -> Period:
    """A financial year (2024-25) or a quarter (2024-25 Q3)."""
    year = int(label[:4])
    if " Q" not in label:
        return Period(label, date(year, 4, 1), year_end(label))
    quarter = int(label[-1])
    start = add_months(date(year, 4, 1), 3 * (quarter - 1))
    return Period(label, start, add_months(start, 3) - timedelta(days=1))


@dataclass
class Figure:
    breakdown: str
    numerator: float | None
    denominator: float | None
    value: float | None
    note: str = ""


@dataclass
class Outcome:
    figures: list[Figure]
    # Who was counted: subject -> (times in the numerator, times in the denominator).
    members: Counter = field(default_factory=Counter)
    numerator_members: Counter = field(default_factory=Counter)


class NotAvailable(Exception):
    """The source a figure needs is not loaded for the period: no value, a note."""


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: str
    compute: Callable[[LA, Period], Outcome]


INDICATORS: dict[str, Indicator] = {}


def indicator(id: str, unit: str) -> Callable:
    def register(compute: Callable[[LA, Period], Outcome]) -> Callable:
        INDICATORS[id] = Indicator(id, unit, compute)
        return compute

    return register


# -- the units' arithmetic ------------------------------------------------------------


def percent(counted: list[tuple[str, bool]], breakdown: str = "") -> Outcome:
    """(subject, in numerator) for every subject in the denominator."""
    numerator = sum(1 for _, hit in counted if hit)
    value = 100 * numerator / len(counted) if counted else None
    note = "" if counted else "no denominator"
    outcome = Outcome([Figure(breakdown, numerator, len(counted), value, note)])
    _members(outcome, counted)
    return outcome


def count(subjects: list[str]) -> Outcome:
    outcome = Outcome([Figure("", len(subjects), None, float(len(subjects)))])
    _members(outcome, [(s, True) for s in subjects])
    return outcome


def rate(la: LA, p: Period, subjects: list[str]) -> Outcome:
    """Per 10,000 children aged 0-17: the mid-year estimate for the financial year
    holding the period end (mid-2024 for 2024-25)."""
    fy = p.end.year if p.end.month >= 4 else p.end.year - 1
    population = la.population.get(fy)
    if not population:
        raise NotAvailable(f"no population for mid-{fy}")
    outcome = Outcome([Figure("", len(subjects), population, 10000 * len(subjects) / population)])
    _members(outcome, [(s, True) for s in subjects])
    return outcome


def mean(durations: list[tuple[str, float]]) -> Outcome:
    value = sum(d for _, d in durations) / len(durations) if durations else None
    outcome = Outcome([Figure("", None, len(durations), value, "" if durations else "no denominator")])
    _members(outcome, [(s, True) for s, _ in durations])
    return outcome


def shares(categories: list[str], counted: list[tuple[str, str | None]]) -> Outcome:
    """Each category's share of all subjects (share of total)."""
    total = len(counted)
    by_category = Counter(c for _, c in counted)
    figures = [
        Figure(
            c, by_category[c], total, 100 * by_category[c] / total if total else None, "" if total else "no denominator"
        )
        for c in categories
    ]
    outcome = Outcome(figures)
    _members(outcome, [(s, True) for s, _ in counted])
    return outcome


def _members(outcome: Outcome, counted: list[tuple[str, bool]]) -> None:
    for subject, hit in counted:
        outcome.members[subject] += 1
        if hit:
            outcome.numerator_members[subject] += 1


# -- running every indicator --------------------------------------------------------------


@dataclass
class Result:
    indicator_id: str
    period: str
    breakdown: str
    numerator: float | None
    denominator: float | None
    value: float | None
    note: str


def results(la: LA, periods: list[Period], ids: list[str] | None = None) -> list[Result]:
    _load_sections()
    rows = []
    for ind in INDICATORS.values():
        if ids and ind.id not in ids:
            continue
        for p in periods:
            for f in outcome(la, ind.id, p).figures:
                rows.append(Result(ind.id, p.label, f.breakdown, f.numerator, f.denominator, f.value, f.note))
    from tests.independent.local import local_results

    rows.extend(r for r in local_results(la, periods) if not ids or r.indicator_id in ids)
    return rows


def outcome(la: LA, indicator_id: str, p: Period) -> Outcome:
    _load_sections()
    try:
        return INDICATORS[indicator_id].compute(la, p)
    except NotAvailable as why:
        return Outcome([Figure("", None, None, None, f"not available: {why}")])


def _load_sections() -> None:
    # Importing a section registers its indicators.
    from tests.independent import care_leavers, front_door, looked_after, protection, workforce  # noqa: F401
