"""The embedded DuckDB store: opening it, creating its tables and the calendar."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

import duckdb

from scorecard.dates.workdays import working_days
from scorecard.store.schema import create_table_sql, schema

DEFAULT_DB = Path("scorecard.duckdb")

# Every copy of every record is kept in the `history` schema; the tables of the
# main schema hold the current copy, rebuilt after each load.
HISTORY = "history"


# DuckDB keeps up to 80% of the machine's memory as cache before it spills to disk; a
# national load (and the two processes reading its files) must stay well inside 8 GB.
MEMORY_LIMIT = "4GB"


def memory_limit() -> str:
    """DuckDB's memory limit: 4 GB, or SCORECARD_MEMORY_LIMIT (e.g. 12GB on a big server)."""
    return os.environ.get("SCORECARD_MEMORY_LIMIT", MEMORY_LIMIT)


class StoreError(Exception):
    """The store cannot be opened or used; the message says why."""


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path

    @classmethod
    def open(cls, path: Path | str = DEFAULT_DB, read_only: bool = False) -> Store:
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(f"there is no store at {path}: load some data first (scorecard load)")
        try:
            con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit()})
        except duckdb.Error as error:
            raise StoreError(f"cannot open the store {path}: {error}") from None
        store = cls(con, path)
        if not read_only:
            store.create()
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def create(self) -> None:
        """Create any missing table; a no-op on a store that has them all."""
        self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {HISTORY}")
        for table in schema().tables.values():
            self.con.execute(create_table_sql(table))
            if not table.system:
                self.con.execute(create_table_sql(table, HISTORY))
        if self.con.execute("SELECT count(*) FROM calendar").fetchone()[0] == 0:
            fill_calendar(self.con)


def fill_calendar(con: duckdb.DuckDBPyConnection) -> None:
    calendar = working_days()
    con.execute("CREATE TEMP TABLE bank_holiday (date DATE, name VARCHAR)")
    con.executemany("INSERT INTO bank_holiday VALUES (?, ?)", list(calendar.bank_holidays.items()))
    con.execute(
        """
        INSERT INTO calendar
        SELECT
            day,
            working,
            sum(CASE WHEN working THEN 1 ELSE 0 END) OVER (ORDER BY day),
            name,
            fy || '-' || lpad(CAST((fy + 1) % 100 AS VARCHAR), 2, '0'),
            (CAST(month(day) AS INTEGER) + 8) % 12 // 3 + 1,
            strftime(day, '%Y-%m')
        FROM (
            SELECT
                CAST(d AS DATE) AS day,
                isodow(d) <= 5 AND h.name IS NULL AS working,
                h.name,
                CASE WHEN month(d) >= 4 THEN year(d) ELSE year(d) - 1 END AS fy
            FROM range(?::DATE, ?::DATE + INTERVAL 1 DAY, INTERVAL 1 DAY) AS r(d)
            LEFT JOIN bank_holiday AS h ON h.date = CAST(r.d AS DATE)
        )
        ORDER BY day
        """,
        [calendar.first, calendar.last],
    )
    con.execute("DROP TABLE bank_holiday")
