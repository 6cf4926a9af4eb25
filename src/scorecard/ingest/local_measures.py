"""Reader of the tidy local-measures CSV: measures an LA supplies already
aggregated (measure_id, period_start, period_end, numerator, denominator, value,
unit, polarity, title)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scorecard.findings import finding
from scorecard.indicators.definition import package_definitions
from scorecard.ingest.records import FileInfo, RawBatch, RawRecord, Sniff, gathered
from scorecard.ingest.tabular import csv_rows
from scorecard.store.schema import schema


class LocalMeasuresReader:
    title = "Local measures (CSV)"

    def recognises(self, sniff: Sniff) -> bool:
        columns = {c.name for c in schema().tables["local_measure"].domain_columns if c.required}
        return columns <= set(sniff.csv_header or ())

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        info = FileInfo(kind="local_measures", source="LOCAL")
        # A measure under a catalogue id would stand in the results beside the computed
        # figure it is named after, so the file is refused until it is renamed.
        taken = package_definitions()
        for line, row in csv_rows(path):
            if row.get("measure_id") in taken:
                info.problems.append(
                    finding("measure_id_taken", str(path), f"line {line}", field="measure_id", value=row["measure_id"])
                )
        return info

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        return gathered(self._records(path, info))

    def _records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        names = schema().tables["local_measure"].column_names
        for line, row in csv_rows(path):
            yield RawRecord("local_measure", {k: v for k, v in row.items() if k in names}, f"line {line}")
