"""Where the indicator queries run: the store itself, or a copy of its tables on
PostgreSQL or Spark. Each target takes queries in DuckDB's SQL (translating them
for its own engine), a `period` table and the shared relations as views."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import duckdb

from scorecard.backends import BackendChoice, BackendError
from scorecard.backends.translate import Translator, Types, column_list

SCHEMA = "scorecard"  # the PostgreSQL schema holding the copy
STAMP = "scorecard_export"  # the table saying which load the copy was made from


class Runner(Protocol):
    def prepare(
        self, period: tuple[list[tuple[str, str]], list[tuple]], views: dict[str, str], types: Callable[[], Types]
    ) -> None:
        """The `period` table (columns with DuckDB types, rows) and the shared
        relations, for the queries that follow; `types` gives the column types of
        everything they read, for translating them."""

    def rows(self, sql: str) -> tuple[list[str], list[tuple]]:
        """The column names and rows of a query written in DuckDB's SQL."""

    def close(self) -> None: ...


class StoreRunner:
    """The store itself: its connection already holds the period and the relations."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def prepare(self, period: tuple, views: dict[str, str], types: Callable[[], Types]) -> None:
        pass

    def rows(self, sql: str) -> tuple[list[str], list[tuple]]:
        cursor = self.con.execute(sql)
        return [c[0] for c in cursor.description], cursor.fetchall()

    def close(self) -> None:
        pass


class PostgresRunner:
    def __init__(self, at: str) -> None:
        self.con = connect_postgres(at, autocommit=True)
        self.translator: Translator | None = None

    def prepare(self, period: tuple, views: dict[str, str], types: Callable[[], Types]) -> None:
        self.translator = Translator("postgres", types())
        columns, rows = period
        self._run("DROP TABLE IF EXISTS pg_temp.period CASCADE")
        self._run(f"CREATE TEMP TABLE period ({column_list(columns, 'postgres')})")
        with self.con.cursor() as cursor:
            cursor.executemany(f"INSERT INTO period VALUES ({', '.join('%s' for _ in columns)})", rows)
        for name, sql in views.items():
            self._run(f"CREATE TEMP VIEW {name} AS {self.translator.translate(sql)}")

    def rows(self, sql: str) -> tuple[list[str], list[tuple]]:
        assert self.translator is not None, "prepare() comes first"
        with self.con.cursor() as cursor:
            cursor.execute(self.translator.translate(sql))
            return [c.name for c in cursor.description], cursor.fetchall()

    def loaded(self) -> int | None:
        import psycopg

        try:
            with self.con.cursor() as cursor:
                return cursor.execute(f"SELECT load_id FROM {STAMP}").fetchone()[0]
        except psycopg.Error:
            return None

    def close(self) -> None:
        self.con.close()

    def _run(self, sql: str) -> None:
        with self.con.cursor() as cursor:
            cursor.execute(sql)


class SparkRunner:
    def __init__(self, at: str, master: str) -> None:
        self.spark = spark_session(master)
        self.at = at
        self.translator: Translator | None = None
        stamp = self._read(STAMP)
        made = stamp.collect()[0] if stamp is not None else None
        self.stamp = made["load_id"] if made is not None else None
        if made is not None:
            for name in made["tables"].split(","):
                self._read(name).createOrReplaceTempView(name)

    def prepare(self, period: tuple, views: dict[str, str], types: Callable[[], Types]) -> None:
        self.translator = Translator("spark", types())
        columns, rows = period
        self.spark.createDataFrame(rows, column_list(columns, "spark")).createOrReplaceTempView("period")
        for name, sql in views.items():
            self.spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {self.translator.translate(sql)}")

    def rows(self, sql: str) -> tuple[list[str], list[tuple]]:
        assert self.translator is not None, "prepare() comes first"
        frame = self.spark.sql(self.translator.translate(sql))
        return frame.columns, [tuple(row) for row in frame.collect()]

    def loaded(self) -> int | None:
        return self.stamp

    def close(self) -> None:
        pass  # the session is kept for the process: starting Spark takes seconds

    def _read(self, name: str):
        path = f"{self.at.rstrip('/')}/{name}.parquet"
        if "://" not in path and not Path(path).exists():
            return None
        return self.spark.read.parquet(path)


def connect_postgres(at: str, autocommit: bool):
    """A connection reading the copy's schema first; a failure to connect is a message."""
    import psycopg

    try:
        return psycopg.connect(at, autocommit=autocommit, options=f"-c search_path={SCHEMA}")
    except psycopg.Error as error:
        raise BackendError(f"cannot connect to PostgreSQL at {_safe(at)}: {_first_line(error)}") from None


def spark_session(master: str):
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(master)
        .appName("scorecard")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def open_runner(choice: BackendChoice, con: duckdb.DuckDBPyConnection) -> Runner:
    """The target for the engine chosen, checked to hold a copy of the store as it is now."""
    if choice.name == "duckdb":
        return StoreRunner(con)
    target = PostgresRunner(choice.at) if choice.name == "postgres" else SparkRunner(choice.at, choice.master)
    latest = con.execute("SELECT max(load_id) FROM load").fetchone()[0]
    copied = target.loaded()
    if copied != latest:
        target.close()
        made = f"was made from load {copied}" if copied is not None else "is not there"
        raise BackendError(
            f"the {choice.name} copy at {_shown(choice)} {made}, but the store is at load {latest}: "
            f"run scorecard export --engine {choice.name} --at ... first"
        )
    return target


def _shown(choice: BackendChoice) -> str:
    """Where the copy is, for messages: Spark's folder as given, PostgreSQL's
    connection string without its password."""
    return _safe(choice.at) if choice.name == "postgres" else str(choice.at)


def _safe(at: str | None) -> str:
    """A connection string without its password, for messages: read by libpq's own
    rules (key=value or a URI), and not shown at all when it cannot be read."""
    import psycopg
    from psycopg import conninfo

    try:
        parts = conninfo.conninfo_to_dict(at or "")
    except psycopg.Error:
        return "(a connection string libpq cannot read)"  # libpq's reason may quote the password
    return conninfo.make_conninfo(**{k: ("***" if k == "password" else v) for k, v in parts.items()})


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
