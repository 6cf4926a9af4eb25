"""What the store holds for each LA, asked of all LAs at once: the checks made before
each figure (is the source loaded for these years, is there a population, does a
census cover the period) ask it of one LA at a time, which at national scale would be
thousands of queries."""

from __future__ import annotations

from datetime import date

import duckdb

from scorecard.store.schema import schema


def populations(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], int]:
    rows = con.execute("SELECT la_code, mid_year, population FROM population").fetchall()
    return {(la, year): population for la, year, population in rows}


def census_dates(con: duckdb.DuckDBPyConnection) -> dict[str, list[date]]:
    """Each LA's workforce census dates, earliest first."""
    rows = con.execute(
        "SELECT la_code, census_date FROM workforce_worker UNION SELECT la_code, census_date FROM workforce_la "
        "ORDER BY la_code, census_date"
    ).fetchall()
    found: dict[str, list[date]] = {}
    for la, census in rows:
        found.setdefault(la, []).append(census)
    return found


def spans(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[date | None, date | None]]:
    columns = [c.name for c in schema().tables[table].columns if c.type == "date"]
    if not columns:
        return {}
    spans = schema().tables[table].spans
    first = spans[0][0] if spans else columns[0]
    rows = con.execute(
        f"SELECT la_code, min({first}), max(greatest({', '.join(columns)})) FROM {table} GROUP BY la_code"
    ).fetchall()
    return {la: (start, end) for la, start, end in rows}


def with_values(con: duckdb.DuckDBPyConnection, table: str, column: str) -> set[str]:
    """The LAs with any value in a column."""
    rows = con.execute(f"SELECT DISTINCT la_code FROM {table} WHERE {column} IS NOT NULL").fetchall()
    return {row[0] for row in rows}


def collection_years(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, set[str | None]]:
    """The collection years each LA's copies of a table came from (None: an extract)."""
    rows = con.execute(f"SELECT DISTINCT la_code, collection_year FROM history.{table}").fetchall()
    covered: dict[str, set[str | None]] = {}
    for la, year in rows:
        covered.setdefault(la, set()).add(year)
    return covered
