"""Reader of the tidy local-measures CSV: measures an LA supplies already
aggregated (measure_id, period_start, period_end, numerator, denominator, value,
unit, polarity, title)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scorecard.ingest.records import FileInfo, RawRecord, Sniff
from scorecard.ingest.tabular import csv_rows
from scorecard.store.schema import schema


class LocalMeasuresReader:
    title = "Local measures (CSV)"

    def recognises(self, sniff: Sniff) -> bool:
        columns = {c.name for c in schema().tables["local_measure"].domain_columns if c.required}
        return columns <= set(sniff.csv_header or ())

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return FileInfo(kind="local_measures", source="LOCAL")

    def records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        names = schema().tables["local_measure"].column_names
        for line, row in csv_rows(path):
            yield RawRecord("local_measure", {k: v for k, v in row.items() if k in names}, f"line {line}")
