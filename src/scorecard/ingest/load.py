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

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from scorecard.findings import Finding
from scorecard.geo import grid
from scorecard.ingest import rules
from scorecard.ingest.batches import HistoryBatches, insert
from scorecard.ingest.convert import Converter
from scorecard.ingest.plan import PlanError, plan
from scorecard.ingest.report import FileReport, LoadReport
from scorecard.ingest.safexml import XmlProblem
from scorecard.store.database import HISTORY, Store
from scorecard.store.merge import rebuild
from scorecard.store.schema import schema

Progress = Callable[[str, int], None]


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
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = _start_load(store, len(to_load))
        touched: dict[str, set[str]] = {}
        for report in to_load:
            _load_file(store, load_id, report, touched, progress)
        _check_sets(store, load_id, to_load)
        for la, tables in touched.items():
            rebuild(con, [schema().tables[t] for t in sorted(tables)], [la])
        if any("cla_episode" in tables for tables in touched.values()):
            grid.locate(con)
        con.execute("UPDATE load SET finished_at = ? WHERE load_id = ?", [datetime.now(), load_id])
        con.execute("COMMIT")
    except BaseException as error:
        con.execute("ROLLBACK")
        if isinstance(error, LoadError | KeyboardInterrupt):
            raise
        raise LoadError(f"the load failed and was undone, leaving the store as it was: {error}") from error
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


def _start_load(store: Store, files: int) -> int:
    load_id = store.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load").fetchone()[0]
    store.con.execute("INSERT INTO load VALUES (?, ?, NULL, ?, ?)", [load_id, datetime.now(), files, "scorecard load"])
    return load_id


def _load_file(
    store: Store, load_id: int, report: FileReport, touched: dict[str, set[str]], progress: Progress | None
) -> None:
    con, info = store.con, report.info
    report.file_id = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM source_file").fetchone()[0]
    report.replaced = _replace_earlier(store, report, touched)
    con.execute(
        "INSERT INTO source_file VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, FALSE)",
        [report.file_id, load_id, str(report.path), report.sha256, info.kind, info.la_code, info.collection_year],
    )
    lineage = {
        "la_code": info.la_code,
        "source": info.source,
        "load_id": load_id,
        "file_id": report.file_id,
        "collection_year": info.collection_year,
    }
    batches = HistoryBatches(con, lineage)
    try:
        quarantined = _read(report, batches, touched.setdefault(info.la_code, set()), progress)
    except XmlProblem as error:
        raise LoadError(f"{report.path}: {error}. Nothing was loaded: the store is as it was.") from None
    batches.flush_all()
    if quarantined:
        con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)", quarantined)
    _store_findings(store, load_id, report.file_id, report.findings)
    con.execute(
        "UPDATE source_file SET rows_read = ?, rows_loaded = ?, rows_quarantined = ? WHERE file_id = ?",
        [report.rows_read, report.rows_loaded, report.rows_quarantined, report.file_id],
    )


def _read(report: FileReport, batches: HistoryBatches, tables: set[str], progress: Progress | None) -> list:
    """Convert and check each record: valid ones to the batches, invalid ones returned
    as quarantine rows. Counts every record read."""
    info = report.info
    year = int(info.collection_year[:4]) if info.collection_year else None
    converter = Converter(str(report.path), info.source, year)
    model = schema().tables
    quarantined = []
    for record in report.reader.records(report.path, info):
        report.rows_read += 1
        row, problems = converter.convert(record)
        report.findings.extend(problems)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            report.rows_quarantined += 1
            reason = "; ".join(e.message for e in errors)
            raw = json.dumps(record.values)
            quarantined.append((report.file_id, record.location, record.table, record.child_id, raw, reason))
            continue
        batches.add(model[record.table], row, record.location)
        report.rows_loaded += 1
        tables.add(record.table)
        if progress and report.rows_read % 10_000 == 0:
            progress(str(report.path), report.rows_read)
    report.findings.extend(info.warnings)
    return quarantined


def _check_sets(store: Store, load_id: int, reports: list[FileReport]) -> None:
    """Checks across records and files, over everything this load brought in."""
    by_id = {r.file_id: r for r in reports}
    found = rules.check(store.con, list(by_id), {i: str(r.path) for i, r in by_id.items()})
    for file_id, findings in found.items():
        by_id[file_id].findings.extend(findings)
        _store_findings(store, load_id, file_id, findings)


def _store_findings(store: Store, load_id: int, file_id: int, findings: list[Finding]) -> None:
    if not findings:
        return
    rows = [
        {
            "load_id": load_id,
            "file_id": file_id,
            "file": f.file,
            "location": f.location,
            "child_id": f.child_id,
            "field": f.field,
            "value": f.value,
            "rule": f.code,
            "severity": f.severity,
            "message": f.message,
        }
        for f in findings
    ]
    insert(store.con, "main.finding", pa.Table.from_pylist(rows))


def _replace_earlier(store: Store, report: FileReport, touched: dict[str, set[str]]) -> bool:
    """A resubmission replaces the earlier file of the same kind, LA and year."""
    con, info = store.con, report.info
    earlier = [
        row[0]
        for row in con.execute(
            "SELECT file_id FROM source_file WHERE kind = ? AND la_code = ? "
            "AND collection_year IS NOT DISTINCT FROM ? AND NOT replaced",
            [info.kind, info.la_code, info.collection_year],
        ).fetchall()
    ]
    if not earlier:
        return False
    for table in schema().domain_tables:
        deleted = con.execute(
            f"DELETE FROM {HISTORY}.{table.name} WHERE file_id IN (SELECT unnest(?))", [earlier]
        ).fetchone()[0]
        if deleted:
            touched.setdefault(info.la_code, set()).add(table.name)
    con.execute("UPDATE source_file SET replaced = TRUE WHERE file_id IN (SELECT unnest(?))", [earlier])
    return True
