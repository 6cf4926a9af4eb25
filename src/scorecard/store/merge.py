"""Rebuilding the current tables from every copy kept in history.

The same record arrives again in later returns (everything open at 31 March is
sent again next year) and from other sources (a local extract adds the team and
worker to an assessment from the census). The current copy of a record is:
- within each source, the copy from the latest collection year (an extract,
  with no year, counts as newest), then the latest load;
- across sources, field by field, the value from the most recently loaded copy
  that has one.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from scorecard.store.database import HISTORY
from scorecard.store.schema import LINEAGE, Table

WITHIN_SOURCE = "collection_year DESC NULLS FIRST, load_id DESC, file_id DESC, source_row DESC"
# Across sources the most recently loaded copy wins: file ids only grow, load after load,
# so the copy with the highest file id is the most recent (and within a load, the later file).
ACROSS_SOURCES = "file_id"


def _latest(table: Table) -> str:
    """Each record's latest copy from each source."""
    partition = ", ".join([*table.partition, "source"])
    return f"""
        SELECT * FROM {HISTORY}.{table.name}
        WHERE la_code IN (SELECT unnest($la_codes))
        QUALIFY row_number() OVER (PARTITION BY {partition} ORDER BY {WITHIN_SOURCE}) = 1
    """


def rebuild_sql(table: Table, sources: int = 2) -> str:
    """The current copies of the records; from one source, its latest copies as they are."""
    if sources <= 1:
        return f"INSERT INTO main.{table.name} {_latest(table)}"
    keys = list(table.partition)
    columns = []
    for column in table.column_names:
        if column in keys:
            columns.append(column)
        elif column in LINEAGE:
            columns.append(f"arg_max_null({column}, {ACROSS_SOURCES}) AS {column}")
        else:
            columns.append(f"arg_max({column}, {ACROSS_SOURCES}) FILTER (WHERE {column} IS NOT NULL) AS {column}")
    return f"""
        INSERT INTO main.{table.name}
        WITH latest AS ({_latest(table)})
        SELECT {", ".join(columns)}
        FROM latest
        GROUP BY {", ".join(keys)}
    """


def rebuild(con: duckdb.DuckDBPyConnection, tables: Iterable[Table], la_codes: list[str]) -> None:
    """Replace the current rows of these LAs in these tables."""
    for table in tables:
        where = {"la_codes": la_codes}
        con.execute(f"DELETE FROM main.{table.name} WHERE la_code IN (SELECT unnest($la_codes))", where)
        sources = con.execute(
            f"SELECT count(DISTINCT source) FROM {HISTORY}.{table.name} WHERE la_code IN (SELECT unnest($la_codes))",
            where,
        ).fetchone()[0]
        con.execute(rebuild_sql(table, sources), where)
