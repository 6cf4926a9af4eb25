"""Loading files into the store: one transaction, every row accounted for.

Each file is recognised by its content, read, and its records converted and
checked. Valid records go into the history tables; invalid ones into the
quarantine table with their raw content and the reasons. Rows read = rows loaded
+ rows quarantined, for every file. A file already loaded is recognised by its
checksum and left alone; a new file of the same kind, LA and year replaces the
earlier one. The current tables are rebuilt at the end, and if anything fails
the whole load is rolled back, leaving the store as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import pyarrow as pa

from scorecard.findings import Finding, finding
from scorecard.ingest import reader_for
from scorecard.ingest.convert import Converter
from scorecard.ingest.records import FileInfo, Reader
from scorecard.ingest.safexml import DOCTYPE, UnsafeXml, XmlProblem
from scorecard.ingest.sniff import sniff
from scorecard.store.database import HISTORY, Store
from scorecard.store.merge import rebuild
from scorecard.store.schema import Table, schema

BATCH_ROWS = 50_000
ARROW_TYPES = {
    "text": pa.string(),
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int": pa.int64(),
    "decimal": pa.float64(),
}
# Returns that must say which collection year they are for, and how to say it.
YEARLY_SOURCES = {
    "CIN": "the file's header gives no ReferenceDate, so its collection year is unknown",
    "CSWW": "the file's header gives no ReferenceDate, so its census date is unknown",
    "903": "SSDA903 files need a collection year: put them in a folder named like 2023-24, or give --year",
}
Status = Literal["loaded", "unchanged", "skipped", "failed"]
Progress = Callable[[str, int], None]


class LoadError(Exception):
    """The load could not be completed; the store is unchanged."""


@dataclass
class FileReport:
    path: Path
    title: str = ""
    status: Status = "loaded"
    info: FileInfo | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    replaced: bool = False
    findings: list[Finding] = field(default_factory=list)
    explicit: bool = True
    reader: Reader | None = None
    sha256: str = ""

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined


@dataclass
class LoadReport:
    load_id: int | None
    files: list[FileReport]

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]


def load(
    store: Store,
    paths: Iterable[Path],
    la_code: str | None = None,
    year: str | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load files and folders. Raises LoadError, with the store unchanged, if any
    file given by name cannot be loaded at all."""
    reports = [_plan(path, explicit, year) for path, explicit in _expand(paths)]
    _resolve_la(store, reports, la_code)
    _mark_unchanged(store, reports)
    failed = [r for r in reports if r.status == "failed" and r.explicit]
    if failed:
        raise LoadError("\n".join(str(f) for r in failed for f in r.findings))
    to_load = [r for r in reports if r.status == "loaded"]
    if not to_load:
        return LoadReport(None, reports)
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = _start_load(store, len(to_load))
        touched: dict[str, set[str]] = defaultdict(set)
        for report in to_load:
            _load_file(store, load_id, report, touched, progress)
        for la, tables in touched.items():
            rebuild(con, [schema().tables[t] for t in sorted(tables)], [la])
        con.execute("UPDATE load SET finished_at = ? WHERE load_id = ?", [datetime.now(), load_id])
        con.execute("COMMIT")
    except BaseException as error:
        con.execute("ROLLBACK")
        if isinstance(error, LoadError | KeyboardInterrupt):
            raise
        raise LoadError(f"the load failed and was undone, leaving the store as it was: {error}") from error
    return LoadReport(load_id, reports)


def _expand(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            files.extend((p, False) for p in found)
        elif path.is_file():
            files.append((path, True))
        else:
            raise LoadError(f"{path}: there is no such file or folder")
    return files


def _plan(path: Path, explicit: bool, year: str | None) -> FileReport:
    report = FileReport(path, explicit=explicit)
    try:
        head = sniff(path)
        if head.xml_root == DOCTYPE:
            raise UnsafeXml("the file declares a document type (DTD), which a return never has: refused")
        report.reader = reader_for(head)
        if report.reader is None:
            report.status = "failed" if explicit else "skipped"
            detail = "its content matches none of the returns or extracts scorecard knows"
            report.findings.append(finding("unrecognised_file", str(path), detail=detail))
            return report
        report.title = report.reader.title
        report.info = report.reader.info(path, head)
        report.sha256 = _sha256(path)
    except (OSError, XmlProblem) as error:
        report.status = "failed"
        report.findings.append(finding("unreadable_file", str(path), detail=str(error)))
        return report
    info = report.info
    if year and info.collection_year is None and info.source == "903":
        info.collection_year = year
    if info.collection_year is None and info.source in YEARLY_SOURCES:
        report.status = "failed"
        report.findings.append(finding("unreadable_file", str(path), detail=YEARLY_SOURCES[info.source]))
    for note in info.notes:
        report.findings.append(finding("unreadable_file", str(path), detail=note))
    return report


def _resolve_la(store: Store, reports: list[FileReport], la_code: str | None) -> None:
    """Files that do not name their LA (903, extracts) take it from --la, else from
    the one LA the other files or the store hold."""
    named = {r.info.la_code for r in reports if r.info and r.info.la_code}
    known = {row[0] for row in store.con.execute("SELECT DISTINCT la_code FROM source_file").fetchall()}
    default = la_code or (next(iter(named)) if len(named) == 1 else None)
    if default is None and not named and len(known) == 1:
        default = next(iter(known))
    for report in reports:
        if report.info is None or report.info.la_code:
            continue
        if default:
            report.info.la_code = default
        elif report.status == "loaded":
            report.status = "failed"
            detail = "this file does not say which LA it belongs to; give --la with the LA's 3-digit code"
            report.findings.append(finding("no_la_code", str(report.path), detail=detail))


def _mark_unchanged(store: Store, reports: list[FileReport]) -> None:
    for report in reports:
        if report.status != "loaded":
            continue
        seen = store.con.execute(
            "SELECT count(*) FROM source_file WHERE sha256 = ? AND kind = ? AND la_code = ? AND NOT replaced",
            [report.sha256, report.info.kind, report.info.la_code],
        ).fetchone()[0]
        if seen:
            report.status = "unchanged"


def _start_load(store: Store, files: int) -> int:
    load_id = store.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load").fetchone()[0]
    store.con.execute(
        "INSERT INTO load VALUES (?, ?, NULL, ?, ?)",
        [load_id, datetime.now(), files, "scorecard load"],
    )
    return load_id


def _load_file(
    store: Store, load_id: int, report: FileReport, touched: dict[str, set[str]], progress: Progress | None
) -> None:
    con, info = store.con, report.info
    file_id = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM source_file").fetchone()[0]
    report.replaced = _replace_earlier(store, info, touched)
    con.execute(
        "INSERT INTO source_file VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, FALSE)",
        [file_id, load_id, str(report.path), report.sha256, info.kind, info.la_code, info.collection_year],
    )
    lineage = {
        "la_code": info.la_code,
        "source": info.source,
        "load_id": load_id,
        "file_id": file_id,
        "collection_year": info.collection_year,
    }
    batches = _Batches(store, lineage)
    try:
        quarantined = _read(report, file_id, batches, touched[info.la_code], progress)
    except XmlProblem as error:
        raise LoadError(f"{report.path}: {error}. Nothing was loaded: the store is as it was.") from None
    batches.flush_all()
    if quarantined:
        con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)", quarantined)
    con.execute(
        "UPDATE source_file SET rows_read = ?, rows_loaded = ?, rows_quarantined = ? WHERE file_id = ?",
        [report.rows_read, report.rows_loaded, report.rows_quarantined, file_id],
    )


def _read(report: FileReport, file_id: int, batches: _Batches, tables: set[str], progress: Progress | None) -> list:
    """Convert and check each record: valid ones to the batches, invalid ones returned
    as quarantine rows. Counts every record read."""
    info = report.info
    year = int(info.collection_year[:4]) if info.collection_year else None
    converter = Converter(report.path.name, info.source, year)
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
            quarantined.append((file_id, record.location, record.table, record.child_id, raw, reason))
            continue
        batches.add(record.table, row, record.location)
        report.rows_loaded += 1
        tables.add(record.table)
        if progress and report.rows_read % 10_000 == 0:
            progress(str(report.path), report.rows_read)
    return quarantined


def _replace_earlier(store: Store, info: FileInfo, touched: dict[str, set[str]]) -> bool:
    """A resubmission replaces the earlier file of the same kind, LA and year."""
    con = store.con
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
            touched[info.la_code].add(table.name)
    con.execute("UPDATE source_file SET replaced = TRUE WHERE file_id IN (SELECT unnest(?))", [earlier])
    return True


class _Batches:
    """Rows gathered per table and written to history in Arrow batches."""

    def __init__(self, store: Store, lineage: dict[str, object]) -> None:
        self.store = store
        self.lineage = lineage
        self.rows: dict[str, list[dict]] = defaultdict(list)

    def add(self, table: str, row: dict[str, object], location: str) -> None:
        rows = self.rows[table]
        rows.append(row | self.lineage | {"source_row": location})
        if len(rows) >= BATCH_ROWS:
            self.flush(table)

    def flush_all(self) -> None:
        for table in list(self.rows):
            self.flush(table)

    def flush(self, name: str) -> None:
        rows = self.rows.pop(name, [])
        if not rows:
            return
        table: Table = schema().tables[name]
        arrow_schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns])
        batch = pa.Table.from_pylist(rows, schema=arrow_schema)
        self.store.con.register("incoming", batch)
        try:
            self.store.con.execute(f"INSERT INTO {HISTORY}.{name} SELECT * FROM incoming")
        finally:
            self.store.con.unregister("incoming")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
