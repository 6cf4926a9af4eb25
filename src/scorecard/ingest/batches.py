"""Gathering a file's records into Arrow tables per history table, and writing them:
hundreds of times faster than inserting records one by one."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pyarrow as pa

from scorecard.store.schema import Table

BATCH_ROWS = 50_000
ARROW_TYPES = {
    "text": pa.string(),
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int": pa.int64(),
    "decimal": pa.float64(),
    "timestamp": pa.timestamp("us"),
}


class Batches:
    """Records of one file, gathered per table. The lineage the file gives every
    record (LA, source, load, file, year) is added as each batch is made."""

    def __init__(self, lineage: dict[str, object]) -> None:
        self.lineage = lineage
        self.rows: dict[str, list[list[object]]] = defaultdict(list)
        self.tables: dict[str, Table] = {}
        self.made: dict[str, list[pa.Table]] = defaultdict(list)

    def add(self, table: Table, values: list[object], location: str) -> None:
        """`values` in the order of the table's domain columns."""
        self.tables[table.name] = table
        rows = self.rows[table.name]
        values.append(location)
        rows.append(values)
        if len(rows) >= BATCH_ROWS:
            self._make(table.name)

    def finish(self) -> dict[str, list[pa.Table]]:
        """Every record gathered, as Arrow tables per table name."""
        for name in list(self.rows):
            self._make(name)
        return dict(self.made)

    def _make(self, name: str) -> None:
        rows = self.rows.pop(name, [])
        if not rows:
            return
        table = self.tables[name]
        given = dict(zip([*(c.name for c in table.domain_columns), "source_row"], zip(*rows, strict=True), strict=True))
        arrays = [
            pa.array(given[c.name] if c.name in given else [self.lineage[c.name]] * len(rows), ARROW_TYPES[c.type])
            for c in table.columns
        ]
        self.made[name].append(pa.Table.from_arrays(arrays, names=table.column_names))


def insert(con: duckdb.DuckDBPyConnection, target: str, batch: pa.Table) -> None:
    con.register("incoming", batch)
    try:
        con.execute(f"INSERT INTO {target} SELECT * FROM incoming")
    finally:
        con.unregister("incoming")
