"""What a load has read, file by file, taken into the store a few hundred megabytes
at a time while the next files are read, all in the load's one transaction: a
national load brings some thirteen thousand files, and a statement per file (its
account, its quarantined records, its findings, its records) would cost more than
reading them, while one statement at the end would leave the store's work until
the reading is done."""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path

import duckdb
import pyarrow as pa

from scorecard.findings import Finding
from scorecard.ingest.read import FileRead
from scorecard.ingest.report import FileReport
from scorecard.store.batches import ARROW_TYPES, insert
from scorecard.store.database import HISTORY
from scorecard.store.schema import schema

FileKind = tuple[str, str | None, str | None]  # kind, LA, collection year
INSERT_FROM_BYTES = 256 * 2**20  # staged records taken into history once this many wait


class Intake:
    def __init__(self, con: duckdb.DuckDBPyConnection, load_id: int) -> None:
        self.con = con
        self.load_id = load_id
        self.touched: dict[str, set[str]] = {}  # tables whose current copies need rebuilding, by LA
        self._current: dict[FileKind, list[int]] = {}
        for file_id, kind, la, year in con.execute(
            "SELECT file_id, kind, la_code, collection_year FROM source_file WHERE NOT replaced"
        ).fetchall():
            self._current.setdefault((kind, la, year), []).append(file_id)
        self._stored = {file_id for ids in self._current.values() for file_id in ids}
        self._replaced: dict[int, str] = {}  # files already in the store that this load replaces, and their LA
        self._files: dict[int, list[object]] = {}  # rows for source_file
        self._parts: dict[int, dict[str, Path]] = {}  # each file's staged records, by table
        self._waiting: list[int] = []  # files whose staged records are not yet in history
        self._waiting_bytes = 0
        self._inserted: dict[int, set[str]] = {}  # files of this load in history: their tables
        self._quarantined: list[tuple] = []
        self._findings: list[dict[str, object]] = []

    def take(self, report: FileReport, read: FileRead) -> None:
        """Account for what was read from a file, replacing any earlier copy of it."""
        info = report.info
        report.replaced = self._replace_earlier(report)
        self._files[report.file_id] = [
            report.file_id, self.load_id, str(report.path), report.sha256, info.kind, info.la_code,
            info.collection_year, read.rows_read, read.rows_loaded, read.rows_quarantined, False,
        ]  # fmt: skip
        self._parts[report.file_id] = read.parts
        self._waiting.append(report.file_id)
        self._waiting_bytes += sum(part.stat().st_size for part in read.parts.values())
        self.touched.setdefault(info.la_code, set()).update(read.parts)
        self._quarantined.extend(read.quarantined)
        report.findings.extend(read.findings)
        report.rows_read, report.rows_loaded, report.rows_quarantined = (
            read.rows_read,
            read.rows_loaded,
            read.rows_quarantined,
        )
        self.note(report.file_id, report.findings)
        if self._waiting_bytes >= INSERT_FROM_BYTES:
            self._insert_waiting()

    def note(self, file_id: int, findings: list[Finding]) -> None:
        self._findings.extend(
            {
                "load_id": self.load_id,
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
        )

    def write_history(self) -> None:
        """The replaced files' records out of history, and the files' still waiting in."""
        if self._replaced:
            replaced = sorted(self._replaced)
            for table in schema().domain_tables:
                deleted = self.con.execute(
                    f"DELETE FROM {HISTORY}.{table.name} WHERE file_id IN (SELECT unnest(?))", [replaced]
                ).fetchone()[0]
                if deleted:
                    for la in set(self._replaced.values()):
                        self.touched.setdefault(la, set()).add(table.name)
        self._insert_waiting()

    def _insert_waiting(self) -> None:
        """The waiting files' records into history, one statement per table for all of
        them (DuckDB reads them in parallel, and the rows it has not yet committed go to
        the database file rather than stay in memory); their staged copies then go."""
        by_table: dict[str, list[Path]] = {}
        for file_id in self._waiting:
            parts = self._parts.pop(file_id, {})
            self._inserted[file_id] = set(parts)
            for table, part in parts.items():
                by_table.setdefault(table, []).append(part)
        for table, parts in sorted(by_table.items()):
            columns = ", ".join(schema().tables[table].column_names)
            self.con.execute(
                f"INSERT INTO {HISTORY}.{table} ({columns}) SELECT {columns} FROM read_parquet($files)",
                {"files": [str(part) for part in parts]},
            )
            for part in parts:
                part.unlink()
        self._waiting, self._waiting_bytes = [], 0

    def write_accounts(self) -> None:
        """The files' accounts, quarantined records and findings."""
        if self._replaced:
            self.con.execute(
                "UPDATE source_file SET replaced = TRUE WHERE file_id IN (SELECT unnest(?))", [sorted(self._replaced)]
            )
        _write(self.con, "source_file", list(self._files.values()))
        _write(self.con, "quarantine", self._quarantined)
        if self._findings:
            insert(self.con, "main.finding", pa.Table.from_pylist(self._findings, schema=_arrow("finding")))

    def _replace_earlier(self, report: FileReport) -> bool:
        """A resubmission replaces the earlier file of the same kind, LA and year: one in
        the store, or one earlier in this load, whose records are then never inserted."""
        info = report.info
        earlier = self._current.get((info.kind, info.la_code, info.collection_year), [])
        self._current[info.kind, info.la_code, info.collection_year] = [report.file_id]
        for file_id in earlier:
            if file_id in self._stored:
                self._replaced[file_id] = info.la_code
                continue
            self._parts.pop(file_id, None)
            for table in self._inserted.pop(file_id, ()):
                self.con.execute(f"DELETE FROM {HISTORY}.{table} WHERE file_id = ?", [file_id])
            self._files[file_id][-1] = True
        return bool(earlier)


def _write(con: duckdb.DuckDBPyConnection, table: str, rows: list) -> None:
    if rows:
        types = _arrow(table)
        columns = [pa.array(list(map(itemgetter(n), rows)), kind.type) for n, kind in enumerate(types)]
        insert(con, f"main.{table}", pa.Table.from_arrays(columns, schema=types))


def _arrow(table: str) -> pa.Schema:
    return pa.schema([(c.name, ARROW_TYPES[c.type]) for c in schema().tables[table].columns])
