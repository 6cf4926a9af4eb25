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
ACROSS_SOURCES = "load_id DESC, file_id DESC"


def rebuild_sql(table: Table) -> str:
    keys = list(table.partition)
    partition = ", ".join([*keys, "source"])
    columns = []
    for column in table.column_names:
        if column in keys:
            columns.append(column)
        elif column in LINEAGE:
            columns.append(f"first({column} ORDER BY {ACROSS_SOURCES}) AS {column}")
        else:
            columns.append(f"first({column} ORDER BY {ACROSS_SOURCES}) FILTER (WHERE {column} IS NOT NULL) AS {column}")
    return f"""
        INSERT INTO main.{table.name}
        WITH latest AS (
            SELECT * FROM {HISTORY}.{table.name}
            WHERE la_code IN (SELECT unnest($la_codes))
            QUALIFY row_number() OVER (PARTITION BY {partition} ORDER BY {WITHIN_SOURCE}) = 1
        )
        SELECT {", ".join(columns)}
        FROM latest
        GROUP BY {", ".join(keys)}
    """


def rebuild(con: duckdb.DuckDBPyConnection, tables: Iterable[Table], la_codes: list[str]) -> None:
    """Replace the current rows of these LAs in these tables."""
    for table in tables:
        con.execute(
            f"DELETE FROM main.{table.name} WHERE la_code IN (SELECT unnest($la_codes))",
            {"la_codes": la_codes},
        )
        con.execute(rebuild_sql(table), {"la_codes": la_codes})
