"""Whether a figure can be computed from what is loaded, and what it misses: the
returns a definition needs for the period's collection years, an extract that starts
after the period, a workforce census covering it, the columns it requires, a
population for a rate, and history it looks back into before the first return. Asked
of the store once for every LA and kept for the run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import duckdb

from scorecard.config import Config
from scorecard.dates.periods import financial_year_label
from scorecard.dates.spans import add_months
from scorecard.indicators.coverage import census_dates, collection_years, populations, spans, with_values
from scorecard.indicators.definition import Definition
from scorecard.indicators.windows import Window

CENSUS_DAY = (9, 30)  # the social work workforce census (CSWW) is taken on 30 September


class Availability:
    """What the store holds for a run's LAs, and the rules of availability over it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, config: Config) -> None:
        self.con = con
        self.config = config
        self._known: dict[tuple, object] = {}

    def _facts(self, work: Callable, *args: str):
        """What the store says for every LA at once (`work(con, *args)`), asked once a run:
        the checks before each figure ask it of one LA at a time."""
        key = (work, *args)
        if key not in self._known:
            self._known[key] = work(self.con, *args)
        return self._known[key]

    def population(self, la: str, year: int) -> int | None:
        if la == (self.config.la_code or la) and year in self.config.population:
            return self.config.population[year]
        return self._facts(populations).get((la, year))

    def missing(self, definition: Definition, w: Window, la: str) -> str:
        """Why the figure cannot be computed from what is loaded, or ''."""
        needed = w.cohort_year if definition.kind == "annual_cohort" else financial_year_label(w.period_end)
        years = {needed}
        if definition.kind == "flow":
            years.add(financial_year_label(w.period_start))
        for source in definition.sources:
            # "a|b": either table will do.
            coverage = [self._facts(collection_years, t).get(la) or set() for t in source.split("|")]
            found = set().union(*coverage)
            if not found:
                return f"not available: no {' or '.join(source.split('|'))} records loaded for this LA"
            returns = found - {None}
            # A local extract (no collection year) stands in for a year's return it covers.
            outside = self._outside_extract(source.split("|"), la, w) if None in found else "not loaded"
            if returns and not years <= returns and outside:
                gaps = ", ".join(sorted(years - returns))
                return f"not available: no {source.replace('|', ' or ')} records loaded for {gaps}"
            if not returns and outside:
                return outside
        if definition.coverage == "latest":
            as_at = max((self._extract_span(t, la)[1] for t in definition.tables), default=None)
            if as_at and not w.period_start <= as_at <= w.period_end:
                return (
                    f"not available: the records hold only each child's latest state (as at {as_at}), "
                    "so only a period that includes that date can be shown"
                )
        if definition.coverage == "census" and not self._census_covers(la, w):
            return "not available: no workforce census loaded covers this period (each covers the 12 months to it)"
        for table, column, why in definition.requires:
            if not self._has_values(table, column, la):
                return f"not available: no {table} records give {column} ({why})"
        return ""

    def history(self, definition: Definition, w: Window, la: str) -> str:
        """What the figure misses when it looks back before the first return loaded, or ''."""
        history = definition.history
        years = [y for t in definition.tables for y in self._facts(collection_years, t).get(la) or () if y]
        if history is None or not years:
            return ""
        first = date(int(min(years)[:4]), 4, 1)
        if definition.kind == "flow":
            looks_from = add_months(w.period_start, -history.months)
        else:  # the months up to and including the period end
            looks_from = add_months(w.period_end, -history.months) + timedelta(days=1)
        if looks_from >= first:
            return ""
        return (
            f"this figure looks {history.months} months back, before the first return loaded "
            f"(from {first.day} {first:%B %Y}): {history.missed}"
        )

    def _census_covers(self, la: str, w: Window) -> bool:
        """Whether the censuses loaded between them cover every day of the period, each
        covering the 12 months up to its date."""
        dates = [d for d in self._facts(census_dates).get(la, []) if d >= w.period_start]
        reached = w.period_start - timedelta(days=1)
        for census in dates:
            if add_months(census, -12) > reached:
                return False
            reached = census
            if reached >= w.period_end:
                return True
        return False

    def _outside_extract(self, tables: list[str], la: str, w: Window) -> str:
        """Why a period ends before the earliest record of an extract (tables loaded only
        from local extracts, which carry no collection year), or ''. Where an extract
        ends is not known: a period after its last record may rightly hold none."""
        first = min((s[0] for t in tables if (s := self._extract_span(t, la))[0]), default=None)
        if first is None or first <= w.period_end:
            return ""
        return f"not available: the {' or '.join(tables)} records loaded start on {first}"

    def _extract_span(self, table: str, la: str) -> tuple[date | None, date | None]:
        """The first event date and the last date of any kind in an LA's extract copies."""
        return self._facts(spans, table).get(la, (None, None))

    def _has_values(self, table: str, column: str, la: str) -> bool:
        return la in self._facts(with_values, table, column)


def figure_year(definition: Definition, w: Window, census: date | None) -> str:
    """Which census or cohort a yearly figure is, or "" (a census figure with no census
    for the period says why in its note instead)."""
    if definition.kind == "annual_cohort":
        return f"cohort year {w.cohort_year}"
    if definition.kind == "census" and census:
        return census_label(census)
    return ""


def census_label(census: date) -> str:
    """A workforce census by its year ("2025 census"), as the DfE names the return taken
    on 30 September; an HR extract in its shape taken on another day by its date."""
    if (census.month, census.day) == CENSUS_DAY:
        return f"{census.year} census"
    return f"census of {census.day} {census:%B %Y}"
