"""`scorecard export`: a copy of the store's tables, as the indicator queries read
them, on another engine. The copy is written whole and then swapped in, so a failed
export leaves the last one as it was, and it is stamped with the store's latest load
so that a stale copy is refused rather than silently used."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from scorecard.backends import BackendChoice, BackendError
from scorecard.backends.runner import SCHEMA, STAMP, connect_postgres
from scorecard.backends.translate import column_list, described
from scorecard.config import Config
from scorecard.geo import grid
from scorecard.store.schema import schema

# Built for the run by geo.grid.prepare, with the config's districts.
POSTCODE_TABLES = ("postcode_grid", "la_district")
BATCH = 200_000

Progress = Callable[[str, int], None]


def exported_tables() -> list[str]:
    """What the definitions can read: every record table, the calendar and the grid."""
    return [t.name for t in schema().tables.values() if not t.system] + ["calendar", *POSTCODE_TABLES]


def export(con: duckdb.DuckDBPyConnection, choice: BackendChoice, config: Config, progress: Progress) -> dict[str, int]:
    """Copy the tables to the engine chosen; the rows copied per table."""
    if choice.name == "duckdb":
        raise BackendError("the store is DuckDB already: export to postgres or spark")
    districts = {config.la_code: list(config.districts)} if config.la_code and config.districts else {}
    grid.prepare(con, districts)
    names = exported_tables()
    stamp = pa.table(
        {
            "load_id": pa.array([con.execute("SELECT max(load_id) FROM load").fetchone()[0]], pa.int64()),
            "exported_at": pa.array([datetime.now(UTC).replace(tzinfo=None)], pa.timestamp("us")),
            "tables": [",".join(names)],
        }
    )
    writer = _to_postgres if choice.name == "postgres" else _to_folder
    return writer(con, choice.at, names, stamp, progress)


def _to_postgres(con, at: str, names: list[str], stamp: pa.Table, progress: Progress) -> dict[str, int]:
    copied: dict[str, int] = {}
    staging = f"{SCHEMA}_new"
    with connect_postgres(at, autocommit=False) as pg, pg.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {staging} CASCADE")
        cursor.execute(f"CREATE SCHEMA {staging}")
        for name in names:
            columns = described(con, [name])[name]
            batches = con.sql(f"SELECT * FROM {name}").to_arrow_reader(BATCH)
            copied[name] = _copy(cursor, f"{staging}.{name}", columns, batches)
            progress(name, copied[name])
        columns = {"load_id": "BIGINT", "exported_at": "TIMESTAMP", "tables": "VARCHAR"}
        _copy(cursor, f"{staging}.{STAMP}", columns, stamp.to_reader())
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"ALTER SCHEMA {staging} RENAME TO {SCHEMA}")
        pg.commit()
        for name in names:
            cursor.execute(f"ANALYZE {SCHEMA}.{name}")
        pg.commit()
    return copied


def _copy(cursor, table: str, columns: dict[str, str], batches: pa.RecordBatchReader) -> int:
    """CREATE the table and COPY the batches in as CSV, written in memory (child-level
    data goes to no temporary file)."""
    cursor.execute(f"CREATE TABLE {table} ({column_list(columns.items(), 'postgres')})")
    rows = 0
    options = pacsv.WriteOptions(include_header=False)
    with cursor.copy(f"COPY {table} FROM STDIN (FORMAT csv)") as copy:
        for batch in batches:
            buffer = io.BytesIO()
            pacsv.write_csv(batch, buffer, options)
            copy.write(buffer.getvalue())
            rows += batch.num_rows
    return rows


def _to_folder(con, at: str, names: list[str], stamp: pa.Table, progress: Progress) -> dict[str, int]:
    """Parquet files, one per table, in a new folder that then takes the old one's place."""
    folder = Path(at)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(f".{folder.name}.new-{os.getpid()}")
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(mode=0o700)
    copied: dict[str, int] = {}
    try:
        for name in names:
            copied[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            con.execute(f"COPY {name} TO '{fresh / name}.parquet' (FORMAT parquet, COMPRESSION zstd)")
            progress(name, copied[name])
        con.register("export_stamp", stamp)
        con.execute(f"COPY export_stamp TO '{fresh / STAMP}.parquet' (FORMAT parquet)")
        con.unregister("export_stamp")
        if folder.exists():
            folder.rename(old)
        fresh.rename(folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return copied
