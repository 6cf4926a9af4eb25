"""The access file: where it is, opening it, write transactions and the times it stores.

Users, sessions and the audit log live in SQLite beside the store (`X.duckdb` ->
`X.access.sqlite`), not in the DuckDB store itself, because the command line
(`scorecard users add`) and the web server must write at the same time from different
processes: SQLite's locking lets them take turns (WAL mode, each waiting up to
BUSY_TIMEOUT for the other), while DuckDB's file lock admits a single writing process.
The file holds password hashes and the audit trail, so it is created readable and
writable by its owner only."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

BUSY_TIMEOUT = 5.0  # seconds to wait for another process's write
SCHEMA_VERSION = 1  # kept in the file's user_version
FILE_MODE = 0o600


class AccessError(ValueError):
    """A user, password, role or access file that cannot be used; the message names it."""


def access_path(db: Path) -> Path:
    """The access file beside a store: X.duckdb -> X.access.sqlite."""
    return Path(db).with_suffix(".access.sqlite")


@contextmanager
def open_access(db: Path, create: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to the store's access file, closed on leaving. Only with `create`
    is a missing file made: reading users or the log of a store that has none is an error."""
    path = access_path(db)
    if not path.exists():
        if not create:
            raise AccessError(f"{db} has no users yet ({path} does not exist): add one with scorecard users add")
        _create_private(path)
    con = connect(path)
    try:
        yield con
    finally:
        con.close()


def connect(path: Path) -> sqlite3.Connection:
    """Open an access file, creating its tables the first time. Transactions are
    explicit (see `writing`), so the connection is in autocommit mode."""
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA foreign_keys = ON")
        if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            _create_tables(con)
    except sqlite3.DatabaseError as error:
        con.close()
        raise AccessError(f"cannot open the access file {path}: {error}") from None
    return con


_WRITERS = threading.Lock()


@contextmanager
def writing(con: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, its lock taken at the start (BEGIN IMMEDIATE) so that no
    other process writes between a read and the write that depends on it (the audit
    chain's last hash, a failure count). Inside another transaction it joins that one,
    so an action and its audit entry are committed together or not at all."""
    if con.in_transaction:
        yield
        return
    # Threads of one process (the web server's) queue here rather than in SQLite, whose
    # busy handler polls with sleeps of up to 100 ms: seconds of wait under load.
    with _WRITERS:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def stamp(moment: datetime) -> str:
    """A time as stored: UTC ISO 8601 to the second, so stored times sort as text."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone: access times must be given in UTC")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _create_tables(con: sqlite3.Connection) -> None:
    """The schema, once: later opens leave the file as it is, so that a trigger dropped
    from the audit log stays missing for `audit.verify` to report, not quietly restored."""
    schema = resources.files("scorecard.access").joinpath("schema.sql").read_text(encoding="utf-8")
    con.executescript(f"BEGIN IMMEDIATE;\n{schema}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")


def _create_private(path: Path) -> None:
    """Create the empty file with mode 0600 before SQLite opens it, so it is never
    readable by others, even for a moment; SQLite gives its WAL files the same mode."""
    with suppress(FileExistsError):  # another process created it first, with the same mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
