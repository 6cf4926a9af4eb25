"""Writing rows to the store in Arrow batches, hundreds of times faster than
inserting them one by one."""

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
    """Rows gathered per table and appended to `schema_name.table` a batch at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, schema_name: str) -> None:
        self.con = con
        self.schema_name = schema_name
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.tables: dict[str, Table] = {}

    def add(self, table: Table, row: dict[str, object]) -> None:
        self.tables[table.name] = table
        rows = self.rows[table.name]
        rows.append(row)
        if len(rows) >= BATCH_ROWS:
            self.flush(table.name)

    def flush_all(self) -> None:
        for name in list(self.rows):
            self.flush(name)

    def flush(self, name: str) -> None:
        rows = self.rows.pop(name, [])
        if not rows:
            return
        table = self.tables[name]
        arrow_schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns])
        batch = pa.Table.from_pylist(rows, schema=arrow_schema)
        self.con.register("incoming", batch)
        try:
            self.con.execute(f"INSERT INTO {self.schema_name}.{name} SELECT * FROM incoming")
        finally:
            self.con.unregister("incoming")
