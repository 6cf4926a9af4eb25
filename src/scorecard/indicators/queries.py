"""The SQL a definition runs: its query with its parameters written in, the `period`
relation (one row per period asked for), and the shared relations (relations/*.sql)
that definitions read like tables."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from scorecard.config import Config
from scorecard.dates import Period
from scorecard.indicators.definition import Definition, DefinitionError, package_definitions
from scorecard.indicators.windows import COLUMNS, Window, as_rows, period_columns, window

PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
RULE_PARAMETER = re.compile(r"\$([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_]*)")


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


def quoted(text: str) -> str:
    """A text as an SQL literal."""
    return "'" + text.replace("'", "''") + "'"
