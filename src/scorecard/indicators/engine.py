"""Running indicator definitions: every query reads the `period` relation (one row
per period asked for) and returns one row per child (or worker) behind the figure:
period_id, la_code, subject_id, breakdown, numerator, denominator, then the dates
and durations it used. The engine sums those rows in the store, per LA, period and
breakdown, and turns the sums into the figure its unit calls for. The same rows
are the drill-down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from scorecard.config import Config
from scorecard.dates import Period
from scorecard.dates.periods import financial_year_label
from scorecard.dates.spans import add_months
from scorecard.engines.export import exported_tables
from scorecard.engines.targets import Target, open_target
from scorecard.engines.translate import Types, described
from scorecard.geo import grid
from scorecard.indicators.coverage import census_dates, collection_years, populations, spans, with_values
from scorecard.indicators.definition import Definition, DefinitionError, package_definitions
from scorecard.indicators.windows import COLUMNS, Window, as_rows, period_columns, window

PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
RULE_PARAMETER = re.compile(r"\$([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_]*)")
SUBJECTS = {"child": "children", "worker": "social workers", "measure": "figures"}
# A definition's column saying why a record it considered is left out of the figure (empty
# for the records that count); such rows add nothing to the numerator or denominator.
EXCLUDED = "excluded"
CENSUS_DAY = (9, 30)  # the social work workforce census (CSWW) is taken on 30 September


@dataclass(frozen=True)
class Withheld:
    """A figure kept from the public, and what is shown instead (judge/suppress.py
    decides which and says it)."""

    words: str  # "fewer than 5", or "withheld"
    small: bool  # fewer than the threshold behind it; False: withheld so that a small one cannot be worked out


@dataclass(frozen=True)
class Result:
    """One row of the results table (plus the LA it is for)."""

    indicator_id: str
    la_code: str
    period: str
    period_start: date
    period_end: date
    breakdown: str | None
    numerator: float | None
    denominator: float | None
    value: float | None
    unit: str
    note: str
    subject: str = "child"  # whom the figure counts: the definition's subject (SUBJECTS)
    withheld: Withheld | None = None  # set for the public when the figure is suppressed
    # Which census or cohort a yearly figure is ("2025 census", "cohort year 2024-25"), as
    # its note also says; empty for figures of the period itself.
    year: str = ""
    # What the figure misses by looking back before the first return loaded, as its note
    # also says; empty when it has all the history it needs (Definition.history).
    history: str = ""

    @property
    def figure(self) -> float | Withheld | None:
        """The figure as outputs show it: the number, what is shown instead, or None
        when it cannot be computed (the note says why)."""
        return self.withheld or self.value

    @property
    def shown(self) -> str:
        """What public outputs show instead of the value, or ""."""
        return self.withheld.words if self.withheld else ""

    @property
    def of(self) -> str:
        """What the figure is of, in words: its census or cohort where it is a yearly one,
        else its period."""
        return self.year or self.period


@dataclass(frozen=True)
class Tally:
    """What one figure rests on: the records counted in its base (the denominator, or the
    numerator of a count or rate), every record its definition considered, counted or
    left out, and why the others were left out."""

    indicator_id: str
    la_code: str
    period: str
    counted: float
    considered: int
    left_out: tuple[tuple[str, int], ...]  # (why, how many), most first
    available: bool  # whether the figure can be computed from what is loaded


def sql_for(definition: Definition, config: Config) -> str:
    """The definition's query with its parameters written in: the definition's
    defaults, overridden by the LA's config."""
    values = definition.defaults() | config.parameters_for(definition.id)
    return with_parameters(definition.query, values, definition.folder / "query.sql")


def with_parameters(query: str, values: dict[str, object], path: Path) -> str:
    """`query` with each $name written in as a literal (numbers, yes/no and words
    only, checked when the config was read); `path` names the file in errors."""

    def literal(match: re.Match) -> str:
        name = match[1]
        if name not in values:
            raise DefinitionError(f"{path} uses ${name}, which is not one of its parameters")
        value = values[name]
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int | float):
            return repr(value)
        return "'" + str(value).replace("'", "''") + "'"

    return PARAMETER.sub(literal, query)


def set_periods(con: duckdb.DuckDBPyConnection, periods: list[Period], config: Config) -> list[Window]:
    """The `period` relation, and the shared relations built on it (relations/*.sql),
    which definitions read like tables."""
    windows = [window(i, p) for i, p in enumerate(periods)]
    con.execute(f"CREATE OR REPLACE TEMP TABLE period ({', '.join(f'{n} {t}' for n, t in period_columns())})")
    con.executemany(f"INSERT INTO period VALUES ({', '.join('?' for _ in COLUMNS)})", as_rows(windows))
    for name, sql in relations(config).items():
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
    return windows


def relations(config: Config) -> dict[str, str]:
    """The shared relations, each after the relations it reads (a view is checked when
    it is made), with the parameters of the rules they hold written in: a relation
    holding an indicator's rule names its settings by that indicator's id
    ($cpp_visits_timely.days), so the indicator and a tracker following it read one
    setting, the definition's default or the LA's."""
    catalogue = package_definitions()

    def written(name: str, sql: str) -> str:
        path = Path("relations") / f"{name}.sql"

        def literal(match: re.Match) -> str:
            indicator_id, parameter = match[1], match[2]
            if indicator_id not in catalogue:
                raise DefinitionError(f"{path} uses {match[0]}, but {indicator_id} is not a catalogue indicator")
            values = catalogue[indicator_id].defaults() | config.parameters_for(indicator_id)
            return with_parameters(f"${parameter}", values, path)

        return RULE_PARAMETER.sub(literal, sql)

    return {name: written(name, sql) for name, sql in relation_queries().items()}


@cache
def relation_queries() -> dict[str, str]:
    """relations/*.sql by name, in an order in which each comes after those it reads."""
    folder = resources.files(__package__).joinpath("relations")
    queries = {
        file.name.removesuffix(".sql"): file.read_text(encoding="utf-8")
        for file in sorted(folder.iterdir(), key=lambda f: f.name)
        if file.name.endswith(".sql")
    }
    ordered: dict[str, str] = {}

    def place(name: str, reading: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in reading:
            raise DefinitionError(f"the relations {' -> '.join((*reading, name))} read each other in a circle")
        code = re.sub(r"--[^\n]*", "", queries[name])  # a name in a comment is not a read
        for other in queries:
            if other != name and re.search(rf"\b{other}\b", code):
                place(other, (*reading, name))
        ordered[name] = queries[name]

    for name in queries:
        place(name, ())
    return ordered


class Engine:
    """Computes definitions over one store for a set of periods and LAs."""

    def __init__(self, con: duckdb.DuckDBPyConnection, config: Config, la_codes: list[str]) -> None:
        self.con = con
        self.config = config
        self.la_codes = la_codes
        self._known: dict[tuple, object] = {}

    def compute(self, definitions: list[Definition], periods: list[Period]) -> list[Result]:
        with self._target(definitions, periods) as (target, windows):
            censuses = self._censuses(target) if any(d.kind == "census" for d in definitions) else {}
            results: list[Result] = []
            for definition in definitions:
                sums = self._sums(target, definition)
                for w in windows:
                    for la in self.la_codes:
                        year = _year(definition, w, censuses.get((w.period_id, la)))
                        results.extend(self._results(definition, w, la, sums, year))
            return results

    def drill(self, definition: Definition, period: Period, la_code: str) -> tuple[list[str], list[tuple]]:
        """The rows behind one figure: each child (or worker), the dates used, and
        whether they are in the numerator and the denominator; then the records the
        definition considered and left out, each with why (its `excluded` column). Rows
        without a subject only hold a category open at zero."""
        with self._target([definition], [period]) as (target, _):
            columns, rows = target.rows(
                f"SELECT *, numerator > 0 AS in_numerator, denominator > 0 AS in_denominator "
                f"FROM ({sql_for(definition, self.config)}) AS drill "
                f"WHERE la_code = {_literal(la_code)} AND subject_id IS NOT NULL"
            )
        # Sorted here rather than in SQL, so every engine gives the same order.
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
        with self._target(definitions, periods) as (target, windows):
            found = []
            for definition in definitions:
                sql = sql_for(definition, self.config)
                columns, _ = target.rows(f"SELECT * FROM ({sql}) AS drill LIMIT 0")
                why = EXCLUDED if EXCLUDED in columns else "CAST(NULL AS VARCHAR)"
                base = "numerator" if definition.unit in ("count", "rate_per_10k") else "denominator"
                _, rows = target.rows(
                    f"""
                    SELECT period_id, la_code, {why} AS why,
                        sum(CAST({base} AS DECIMAL(38, 10))) AS counted, count(subject_id) AS considered
                    FROM ({sql}) AS drill
                    WHERE la_code IN ({", ".join(_literal(la) for la in self.la_codes)})
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
                                tuple(reasons), not self._missing_source(definition, w, la),
                            )
                        )  # fmt: skip
            return found

    @contextmanager
    def _target(self, definitions: list[Definition], periods: list[Period]) -> Iterator[tuple[Target, list[Window]]]:
        """The engine the queries run on, holding the periods and the shared relations."""
        windows = set_periods(self.con, periods, self.config)
        if any(d.uses_postcodes for d in definitions):
            districts = {self.config.la_code: list(self.config.districts)} if self.config.districts else {}
            grid.prepare(self.con, districts)
        target = open_target(self.config.engine, self.con)
        try:
            target.prepare((period_columns(), as_rows(windows)), relations(self.config), self._types)
            yield target, windows
        finally:
            target.close()

    def _facts(self, work: Callable, *args: str):
        """What the store says for every LA at once (`work(con, *args)`), asked once a run:
        the checks before each figure ask it of one LA at a time."""
        key = (work, *args)
        if key not in self._known:
            self._known[key] = work(self.con, *args)
        return self._known[key]

    def _types(self) -> Types:
        """The column types of everything a query can read, for translating it."""
        return described(self.con, [*exported_tables(), "period", *relation_queries()])

    def _sums(self, target: Target, definition: Definition) -> dict[tuple, tuple[float, float]]:
        # Summed as decimals, which add up the same in any order: every engine gives the same figure.
        _, rows = target.rows(
            f"""
            SELECT period_id, la_code, breakdown,
                sum(CAST(numerator AS DECIMAL(38, 10))) AS numerator,
                sum(CAST(denominator AS DECIMAL(38, 10))) AS denominator
            FROM ({sql_for(definition, self.config)}) AS drill
            WHERE la_code IN ({", ".join(_literal(la) for la in self.la_codes)})
            GROUP BY period_id, la_code, breakdown
            """
        )
        return {(p, la, b): (float(n or 0), float(d or 0)) for p, la, b, n, d in rows}

    def _censuses(self, target: Target) -> dict[tuple[int, str], date]:
        """The workforce census each period's census figures are of, per LA: the shared
        relation's choice (relations/workforce_census.sql), so the words cannot disagree
        with the figure."""
        _, rows = target.rows(
            f"SELECT period_id, la_code, census_date FROM workforce_census "
            f"WHERE la_code IN ({', '.join(_literal(la) for la in self.la_codes)})"
        )
        return {(p, la): census for p, la, census in rows}

    def _results(self, definition: Definition, w: Window, la: str, sums: dict, year: str) -> list[Result]:
        missing = self._missing_source(definition, w, la)
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
            history = "" if missing else self._history_note(definition, w, la)
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
            population = self._population(la, w.population_year)
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

    def _population(self, la: str, year: int) -> int | None:
        if la == (self.config.la_code or la) and year in self.config.population:
            return self.config.population[year]
        return self._facts(populations).get((la, year))

    def _missing_source(self, definition: Definition, w: Window, la: str) -> str:
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

    def _history_note(self, definition: Definition, w: Window, la: str) -> str:
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


def _year(definition: Definition, w: Window, census: date | None) -> str:
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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _nulls_last(row: tuple) -> tuple:
    return tuple((value is None, value) for value in row)


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 6)
