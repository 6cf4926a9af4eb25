"""Running indicator definitions: every query reads the `period` relation (one row
per period asked for) and returns one row per child (or worker) behind the figure:
period_id, la_code, subject_id, breakdown, numerator, denominator, then the dates
and durations it used. The calculator sums those rows where the queries run (the
store, or a back-end holding its copy), per LA, period and breakdown, and turns the
sums into the figure its unit calls for; whether a figure can be computed at all is
availability.py's. The same rows are the drill-down.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import duckdb

from scorecard.backends.export import exported_tables
from scorecard.backends.runner import Runner, open_runner
from scorecard.backends.translate import Types, described
from scorecard.config import Config
from scorecard.dates import Period
from scorecard.geo import grid
from scorecard.indicators.availability import Availability, figure_year
from scorecard.indicators.definition import Definition
from scorecard.indicators.queries import quoted, relation_queries, relations, set_periods, sql_for
from scorecard.indicators.results import EXCLUDED, SUBJECTS, Result, Tally
from scorecard.indicators.windows import Window, as_rows, period_columns


class Calculator:
    """Computes definitions over one store for a set of periods and LAs."""

    def __init__(self, con: duckdb.DuckDBPyConnection, config: Config, la_codes: list[str]) -> None:
        self.con = con
        self.config = config
        self.la_codes = la_codes
        self.available = Availability(con, config)

    def compute(self, definitions: list[Definition], periods: list[Period]) -> list[Result]:
        with self._runner(definitions, periods) as (runner, windows):
            censuses = self._censuses(runner) if any(d.kind == "census" for d in definitions) else {}
            results: list[Result] = []
            for definition in definitions:
                sums = self._sums(runner, definition)
                for w in windows:
                    for la in self.la_codes:
                        year = figure_year(definition, w, censuses.get((w.period_id, la)))
                        results.extend(self._results(definition, w, la, sums, year))
            return results

    def drill(self, definition: Definition, period: Period, la_code: str) -> tuple[list[str], list[tuple]]:
        """The rows behind one figure: each child (or worker), the dates used, and
        whether they are in the numerator and the denominator; then the records the
        definition considered and left out, each with why (its `excluded` column). Rows
        without a subject only hold a category open at zero."""
        with self._runner([definition], [period]) as (runner, _):
            columns, rows = runner.rows(
                f"SELECT *, numerator > 0 AS in_numerator, denominator > 0 AS in_denominator "
                f"FROM ({sql_for(definition, self.config)}) AS drill "
                f"WHERE la_code = {quoted(la_code)} AND subject_id IS NOT NULL"
            )
        # Sorted here rather than in SQL, so every back-end gives the same order.
        keep = [i for i, name in enumerate(columns) if name != "period_id"]
        names = [columns[i] for i in keep]
        left_out = names.index(EXCLUDED) if EXCLUDED in names else None
        ordered = sorted(
            (tuple(row[i] for i in keep) for row in rows),
            key=lambda row: (left_out is not None and row[left_out] is not None, _nulls_last(row)),
        )
        return names, ordered

    def tallies(self, definitions: list[Definition], periods: list[Period]) -> list[Tally]:
        """For each figure, what it rests on (see Tally), from the same rows as the drill-down."""
        with self._runner(definitions, periods) as (runner, windows):
            found = []
            for definition in definitions:
                sql = sql_for(definition, self.config)
                columns, _ = runner.rows(f"SELECT * FROM ({sql}) AS drill LIMIT 0")
                why = EXCLUDED if EXCLUDED in columns else "CAST(NULL AS VARCHAR)"
                base = "numerator" if definition.unit in ("count", "rate_per_10k") else "denominator"
                _, rows = runner.rows(
                    f"""
                    SELECT period_id, la_code, {why} AS why,
                        sum(CAST({base} AS DECIMAL(38, 10))) AS counted, count(subject_id) AS considered
                    FROM ({sql}) AS drill
                    WHERE la_code IN ({", ".join(quoted(la) for la in self.la_codes)})
                    GROUP BY period_id, la_code, {why}
                    """
                )
                by_figure: dict[tuple, list[tuple]] = {}
                for period_id, la, reason, counted, considered in rows:
                    by_figure.setdefault((period_id, la), []).append((reason, float(counted or 0), int(considered)))
                for w in windows:
                    for la in self.la_codes:
                        parts = by_figure.get((w.period_id, la), [])
                        reasons = sorted(((r, n) for r, _, n in parts if r is not None), key=lambda item: -item[1])
                        found.append(
                            Tally(
                                definition.id, la, w.label, sum(c for _, c, _ in parts), sum(n for *_, n in parts),
                                tuple(reasons), not self.available.missing(definition, w, la),
                            )
                        )  # fmt: skip
            return found

    @contextmanager
    def _runner(self, definitions: list[Definition], periods: list[Period]) -> Iterator[tuple[Runner, list[Window]]]:
        """Where the queries run, holding the periods and the shared relations."""
        windows = set_periods(self.con, periods, self.config)
        if any(d.uses_postcodes for d in definitions):
            districts = {self.config.la_code: list(self.config.districts)} if self.config.districts else {}
            grid.prepare(self.con, districts)
        runner = open_runner(self.config.engine, self.con)
        try:
            runner.prepare((period_columns(), as_rows(windows)), relations(self.config), self._types)
            yield runner, windows
        finally:
            runner.close()

    def _types(self) -> Types:
        """The column types of everything a query can read, for translating it."""
        return described(self.con, [*exported_tables(), "period", *relation_queries()])

    def _sums(self, runner: Runner, definition: Definition) -> dict[tuple, tuple[float, float]]:
        # Summed as decimals, which add up the same in any order: every back-end gives the same figure.
        _, rows = runner.rows(
            f"""
            SELECT period_id, la_code, breakdown,
                sum(CAST(numerator AS DECIMAL(38, 10))) AS numerator,
                sum(CAST(denominator AS DECIMAL(38, 10))) AS denominator
            FROM ({sql_for(definition, self.config)}) AS drill
            WHERE la_code IN ({", ".join(quoted(la) for la in self.la_codes)})
            GROUP BY period_id, la_code, breakdown
            """
        )
        return {(p, la, b): (float(n or 0), float(d or 0)) for p, la, b, n, d in rows}

    def _censuses(self, runner: Runner) -> dict[tuple[int, str], date]:
        """The workforce census each period's census figures are of, per LA: the shared
        relation's choice (relations/workforce_census.sql), so the words cannot disagree
        with the figure."""
        _, rows = runner.rows(
            f"SELECT period_id, la_code, census_date FROM workforce_census "
            f"WHERE la_code IN ({', '.join(quoted(la) for la in self.la_codes)})"
        )
        return {(p, la): census for p, la, census in rows}

    def _results(self, definition: Definition, w: Window, la: str, sums: dict, year: str) -> list[Result]:
        missing = self.available.missing(definition, w, la)
        # A figure that cannot be computed is one row saying why, not a row per category.
        categories = [None] if missing else self._categories(definition, w, la, sums)
        results = []
        total = sum(sums.get((w.period_id, la, c), (0, 0))[0] for c in categories)
        for category in categories:
            numerator, denominator = sums.get((w.period_id, la, category), (0.0, 0.0))
            if definition.breakdown and definition.breakdown.share_of_total:
                denominator = total
            if missing:
                value, shown_n, shown_d, note = None, None, None, missing
            else:
                value, shown_n, shown_d, note = self._figure(definition, w, la, numerator, denominator)
            history = "" if missing else self.available.history(definition, w, la)
            note = "; ".join(n for n in (note, year, history) if n)
            results.append(
                Result(
                    definition.id, la, w.label, w.period_start, w.period_end, category, shown_n, shown_d, value,
                    definition.unit, note, definition.subject, year=year, history=history,
                )
            )  # fmt: skip
        return results

    def _categories(self, definition: Definition, w: Window, la: str, sums: dict) -> list[str | None]:
        if definition.breakdown is None:
            return [None]
        found = {b for (p, code, b) in sums if p == w.period_id and code == la and b is not None}
        listed = list(definition.breakdown.categories)
        # With nothing in any category, one row says so.
        return (listed + sorted(found - set(listed))) or [None]

    def _figure(self, definition: Definition, w: Window, la: str, numerator: float, denominator: float) -> tuple:
        unit = definition.unit
        subjects = SUBJECTS.get(definition.subject, definition.subject)
        if unit == "count":
            return _whole(numerator), _whole(numerator), None, ""
        if unit == "rate_per_10k":
            population = self.available.population(la, w.population_year)
            if population is None:
                note = (
                    f"not available: no population of children for mid-{w.population_year} "
                    "(import the ONS estimates or set population in the config)"
                )
                return None, _whole(numerator), None, note
            return numerator / population * 10_000, _whole(numerator), population, ""
        if denominator == 0:
            return None, None, None, f"not available: no {subjects} to count in this period"
        if unit == "percent":
            return 100 * numerator / denominator, _whole(numerator), _whole(denominator), ""
        if unit == "days":
            return numerator / denominator, None, _whole(denominator), ""
        return numerator / denominator, _whole(numerator), _whole(denominator), ""


def _nulls_last(row: tuple) -> tuple:
    return tuple((value is None, value) for value in row)


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 6)
