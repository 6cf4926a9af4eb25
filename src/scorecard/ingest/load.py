"""Loading files into the store: one transaction, every row accounted for.

Each file is recognised by its content, read, and its records converted and
checked. Valid records go into the history tables; invalid ones into the
quarantine table with their raw content and the reasons. Rows read = rows loaded
+ rows quarantined, for every file. Checks across records and files run on what
was loaded, and every finding is kept in the `finding` table. A file already
loaded is recognised by its checksum and left alone; a new file of the same kind,
LA and year replaces the earlier one. The current tables are rebuilt at the end,
and if anything fails the whole load is rolled back, leaving the store as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

import duckdb

from scorecard import workers
from scorecard.geo import grid
from scorecard.ingest import rules
from scorecard.ingest.intake import Intake
from scorecard.ingest.plan import PlanError, plan
from scorecard.ingest.read import FileRead, read_file
from scorecard.ingest.report import FileReport, LoadReport
from scorecard.ingest.safexml import XmlProblem
from scorecard.ingest.staging import staging_folder
from scorecard.store.database import Store
from scorecard.store.merge import rebuild
from scorecard.store.schema import schema

Progress = Callable[[str, int], None]
PARALLEL_FROM_BYTES = 20_000_000  # less than this is read here sooner than workers start


class LoadError(Exception):
    """The load could not be completed; the store is unchanged."""


def load(
    store: Store,
    paths: Iterable[Path],
    la_code: str | None = None,
    year: str | None = None,
    xsd: Path | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load files and folders. Raises LoadError, with the store unchanged, if any
    file cannot be loaded at all; files in folders that are not returns are skipped."""
    try:
        reports = plan(store, paths, la_code, year, xsd)
    except PlanError as error:
        raise LoadError(str(error)) from None
    failed = [r for r in reports if r.status == "failed"]
    if failed:
        problems = "\n".join(str(f) for r in failed for f in r.findings)
        raise LoadError(f"nothing was loaded, because:\n{problems}")
    to_load = [r for r in reports if r.status == "loaded"]
    if not to_load:
        return LoadReport(None, reports)
    con = store.con
    con.execute("SET preserve_insertion_order = false")  # queries order what they need; loads go faster
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = _start_load(store, len(to_load))
        first = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM source_file").fetchone()[0]
        for file_id, report in enumerate(to_load, start=first):
            report.file_id = file_id
        intake = Intake(con, load_id)
        with staging_folder(store.path) as staging:
            try:
                for report, read in zip(to_load, _reads(to_load, load_id, staging), strict=True):
                    intake.take(report, read)
                    if progress:
                        progress(str(report.path), report.rows_read)
            except XmlProblem as error:
                raise LoadError(f"{error}. Nothing was loaded: the store is as it was.") from None
            intake.write_history()
        _check_sets(con, intake, to_load)
        intake.write_accounts()
        _rebuild(con, intake.touched)
        if any("cla_episode" in tables for tables in intake.touched.values()):
            grid.locate(con)
        con.execute("UPDATE load SET finished_at = ? WHERE load_id = ?", [datetime.now(), load_id])
        con.execute("COMMIT")
    except BaseException as error:
        con.execute("ROLLBACK")
        if isinstance(error, LoadError | KeyboardInterrupt):
            raise
        raise LoadError(f"the load failed and was undone, leaving the store as it was: {error}") from error
    finally:
        con.execute("RESET preserve_insertion_order")
    return LoadReport(load_id, reports)


def validate(
    paths: Iterable[Path], la_code: str | None = None, year: str | None = None, xsd: Path | None = None
) -> LoadReport:
    """Everything a load would find, without touching any store: the readable files
    are loaded into a throwaway store in memory."""
    with Store.open(":memory:") as scratch:
        try:
            reports = plan(scratch, paths, la_code, year, xsd)
        except PlanError as error:
            raise LoadError(str(error)) from None
        readable = [r.path for r in reports if r.status == "loaded"]
        if readable:
            loaded = {f.path: f for f in load(scratch, readable, la_code, year).files}
            reports = [loaded.get(r.path, r) for r in reports]
        return LoadReport(None, reports)


def _rebuild(con: duckdb.DuckDBPyConnection, touched: dict[str, set[str]]) -> None:
    """The current tables of every LA a table was loaded for, each table rebuilt once
    for all its LAs: one pass over history, however many LAs (England has 152)."""
    by_table: dict[str, list[str]] = {}
    for la, tables in sorted(touched.items()):
        for table in tables:
            by_table.setdefault(table, []).append(la)
    for table, las in sorted(by_table.items()):
        rebuild(con, [schema().tables[table]], las)


def _start_load(store: Store, files: int) -> int:
    load_id = store.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load").fetchone()[0]
    store.con.execute("INSERT INTO load VALUES (?, ?, NULL, ?, ?)", [load_id, datetime.now(), files, "scorecard load"])
    return load_id


def _reads(reports: list[FileReport], load_id: int, staging: Path) -> Iterator[FileRead]:
    """Each file read, in order: in worker processes when there is enough to read for
    them to pay for their start (about a second each), else here."""
    calls = [(r.path, r.info, r.reader, _lineage(r, load_id), staging) for r in reports]
    size = sum(r.path.stat().st_size for r in reports)
    processes = min(os.cpu_count() or 1, len(reports))
    if processes < 2 or size < PARALLEL_FROM_BYTES:
        return (read_file(*call) for call in calls)
    return workers.imap(read_file, calls, processes)


def _lineage(report: FileReport, load_id: int) -> dict[str, object]:
    info = report.info
    return {
        "la_code": info.la_code,
        "source": info.source,
        "load_id": load_id,
        "file_id": report.file_id,
        "collection_year": info.collection_year,
    }


def _check_sets(con: duckdb.DuckDBPyConnection, intake: Intake, reports: list[FileReport]) -> None:
    """Checks across records and files, over everything this load brought in."""
    by_id = {r.file_id: r for r in reports}
    found = rules.check(con, list(by_id), {i: str(r.path) for i, r in by_id.items()})
    for file_id, findings in found.items():
        by_id[file_id].findings.extend(findings)
        intake.note(file_id, findings)
