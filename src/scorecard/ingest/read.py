"""Reading one file: its records converted and checked a batch at a time, valid ones
written to Parquet files in the load's staging folder (one per table), invalid ones
set aside for quarantine. It needs nothing but the file and the folder, so several
files are read at once in worker processes, and what they read waits on disk, not in
memory, until the store takes it all in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scorecard.findings import Finding
from scorecard.ingest.convert import Converted, Converter
from scorecard.ingest.records import FileInfo, RawBatch, Reader
from scorecard.ingest.safexml import XmlProblem
from scorecard.store.batches import ARROW_TYPES
from scorecard.store.schema import Table, schema


@dataclass
class FileRead:
    """What reading a file gave: a Parquet file of its records per table, and the
    account of every record."""

    parts: dict[str, Path] = field(default_factory=dict)
    quarantined: list[tuple] = field(default_factory=list)  # rows for the quarantine table
    findings: list[Finding] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0


def read_file(path: Path, info: FileInfo, reader: Reader, lineage: dict[str, object], staging: Path) -> FileRead:
    """Convert and check each record of the file; `lineage` (LA, source, load, file,
    year) goes on every record. Raises XmlProblem, naming the file, for one that
    cannot be read."""
    try:
        return _read(path, info, reader, lineage, staging)
    except XmlProblem as error:
        raise XmlProblem(f"{path}: {error}") from None


def _read(path: Path, info: FileInfo, reader: Reader, lineage: dict[str, object], staging: Path) -> FileRead:
    year = int(info.collection_year[:4]) if info.collection_year else None
    converter = Converter(str(path), info.source, year)
    model = schema().tables
    read = FileRead()
    writers: dict[str, pq.ParquetWriter] = {}
    found: list[tuple[int, int, Finding]] = []
    try:
        for batch in reader.batches(path, info):
            converted = converter.convert(batch)
            found.extend(converted.findings)
            _set_aside(read, batch, converted, lineage["file_id"])
            table = model[batch.table]
            rows = _typed(table, batch, converted, lineage).filter(pc.invert(converted.errors))
            read.rows_read += len(batch.locations)
            read.rows_loaded += rows.num_rows
            if rows.num_rows:
                writer = writers.get(table.name) or _writer(writers, table, staging, lineage["file_id"], read)
                writer.write_table(rows)
    finally:
        for writer in writers.values():
            writer.close()
    read.findings = [problem for _, _, problem in sorted(found, key=lambda f: f[:2])]
    read.findings.extend(info.warnings)
    return read


def _writer(writers: dict, table: Table, staging: Path, file_id: object, read: FileRead) -> pq.ParquetWriter:
    part = staging / f"{file_id}.{table.name}.parquet"
    types = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns])
    writers[table.name] = pq.ParquetWriter(part, types, compression="lz4")
    read.parts[table.name] = part
    return writers[table.name]


def _set_aside(read: FileRead, batch: RawBatch, converted: Converted, file_id: object) -> None:
    """Records with errors, kept whole with their reasons, in the file's order."""
    for row, reasons in sorted(converted.reasons.items(), key=lambda item: batch.order[item[0]]):
        raw = json.dumps(batch.raw(row))
        read.quarantined.append(
            (file_id, batch.locations[row], batch.table, batch.child_ids[row], raw, "; ".join(reasons))
        )
        read.rows_quarantined += 1


def _typed(table: Table, batch: RawBatch, converted: Converted, lineage: dict[str, object]) -> pa.Table:
    """The batch as the history table's columns: its own, the record's place in the
    file, and the lineage every record of the file shares."""
    rows = len(batch.locations)
    given = converted.columns | {"source_row": pa.array(batch.locations, pa.string())}
    arrays = [
        given[c.name] if c.name in given else pa.array([lineage[c.name]] * rows, ARROW_TYPES[c.type])
        for c in table.columns
    ]
    return pa.Table.from_arrays(arrays, names=table.column_names)
