"""Reading one file: each record converted and checked, valid ones gathered into
Arrow tables, invalid ones set aside for quarantine. It needs nothing but the file,
so several files are read at once in worker processes while the store takes what
the previous ones gave."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from scorecard.findings import Finding
from scorecard.ingest.batches import Batches
from scorecard.ingest.convert import Converter
from scorecard.ingest.records import FileInfo, Reader
from scorecard.ingest.safexml import XmlProblem
from scorecard.store.schema import schema


@dataclass
class FileRead:
    """What reading a file gave: its records per table, and the account of every one."""

    batches: dict[str, list[pa.Table]] = field(default_factory=dict)
    quarantined: list[tuple] = field(default_factory=list)  # rows for the quarantine table
    findings: list[Finding] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0


def read_file(path: Path, info: FileInfo, reader: Reader, lineage: dict[str, object]) -> FileRead:
    """Convert and check each record of the file; `lineage` (LA, source, load, file,
    year) goes on every record. Raises XmlProblem, naming the file, for one that
    cannot be read."""
    try:
        return _read(path, info, reader, lineage)
    except XmlProblem as error:
        raise XmlProblem(f"{path}: {error}") from None


def _read(path: Path, info: FileInfo, reader: Reader, lineage: dict[str, object]) -> FileRead:
    year = int(info.collection_year[:4]) if info.collection_year else None
    converter = Converter(str(path), info.source, year)
    model = schema().tables
    batches = Batches(lineage)
    read = FileRead()
    for record in reader.records(path, info):
        read.rows_read += 1
        row, problems = converter.convert(record)
        read.findings.extend(problems)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            read.rows_quarantined += 1
            reason = "; ".join(e.message for e in errors)
            raw = json.dumps(record.values)
            read.quarantined.append((lineage["file_id"], record.location, record.table, record.child_id, raw, reason))
            continue
        batches.add(model[record.table], row, record.location)
        read.rows_loaded += 1
    read.findings.extend(info.warnings)
    read.batches = batches.finish()
    return read
