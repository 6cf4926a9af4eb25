"""Reader of Standard Safeguarding Dataset extracts: one CSV per SSD table, its
columns named as in the SSD (e.g. cont_contact_date), matched to the canonical
table whose SSD fields they are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scorecard.ingest.records import BATCH_ROWS, FileInfo, RawBatch, Sniff
from scorecard.ingest.tabular import columns_by_item, csv_columns, trimmed
from scorecard.store.schema import Table, schema


class SsdCsvReader:
    title = "Standard Safeguarding Dataset extract (CSV)"

    def recognises(self, sniff: Sniff) -> bool:
        return _table(sniff.csv_header) is not None

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        table = _table(sniff.csv_header)
        return FileInfo(kind=f"ssd_{table.name}", source="SSD")

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        table = schema().tables[info.kind.removeprefix("ssd_")]
        read = csv_columns(path)
        mapping = columns_by_item(table, "SSD").items()
        given = {column: read.columns[item] for item, column in mapping if item in read.columns}
        for start, end in read.slices(BATCH_ROWS):
            columns = {column: values[start:end] for column, values in given.items()}
            children = trimmed(columns["child_id"]) if "child_id" in columns else [None] * (end - start)
            locations = [f"line {line}" for line in read.lines[start:end]]
            yield RawBatch(table.name, columns, locations, children, list(range(start, end)))


def _table(header: tuple[str, ...] | None) -> Table | None:
    """The table whose required SSD fields are all in the header, matching most of it."""
    if not header:
        return None
    present = set(header)
    best, best_score = None, 0
    for table in schema().domain_tables:
        mapping = columns_by_item(table, "SSD")
        required = {item for item, column in mapping.items() if table.column(column).required}
        needed = {c.name for c in table.domain_columns if c.required}
        if not mapping or not required <= present or needed - set(mapping.values()):
            continue
        score = len(present & set(mapping))
        if score > best_score:
            best, best_score = table, score
    return best
