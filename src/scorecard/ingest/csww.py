"""Reader of the children's social work workforce census XML (CSWW)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scorecard.ingest.records import FileInfo, RawBatch, RawRecord, Sniff, gathered
from scorecard.ingest.safexml import iter_elements, read_header, text_of
from scorecard.ingest.tabular import columns_by_item
from scorecard.store.schema import schema


class CswwReader:
    title = "Social work workforce census (XML)"

    def recognises(self, sniff: Sniff) -> bool:
        if sniff.xml_root != "Message":
            return False
        return "<Collection>CSWW</Collection>" in sniff.text or "<CSWWWorker>" in sniff.text

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return read_header(path, FileInfo(kind="csww", source="CSWW"))

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        return gathered(self._records(path, info))

    def _records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        workers = columns_by_item(schema().tables["workforce_worker"], "CSWW")
        vacancies = columns_by_item(schema().tables["workforce_la"], "CSWW")
        count = 0
        for element in iter_elements(path, ("LALevelVacancies", "CSWWWorker")):
            where = f"{element.tag} (line {element.sourceline})"
            mapping = vacancies if element.tag == "LALevelVacancies" else workers
            values = {column: text_of(element, item) for item, column in mapping.items() if item != "ReferenceDate"}
            values["census_date"] = info.reference_date
            if element.tag == "CSWWWorker":
                count += 1
                where = f"CSWWWorker[{count}] (line {element.sourceline})"
            yield RawRecord(
                "workforce_la" if element.tag == "LALevelVacancies" else "workforce_worker",
                values,
                where,
            )
