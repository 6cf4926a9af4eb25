"""Reader of the SSDA903 CSV files: each file of the return, told apart by its
header row. The collection year comes from the folder or file name (2023-24)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scorecard.ingest.convert import iso_date_text
from scorecard.ingest.records import FileInfo, RawRecord, Sniff
from scorecard.ingest.tabular import collection_year_in, columns_by_item, csv_rows
from scorecard.store import ids
from scorecard.store.schema import schema

# Each file of the return: the table it fills and the columns that identify it.
FILES = {
    "header": ("child", {"CHILD", "SEX", "DOB", "ETHNIC"}),
    "episodes": ("cla_episode", {"CHILD", "DECOM", "RNE", "LS", "PLACE"}),
    "reviews": ("cla_review", {"CHILD", "REVIEW", "REVIEW_CODE"}),
    "uasc": ("uasc", {"CHILD", "DUC"}),
    "oc2": ("cla_outcome", {"CHILD", "SDQ_SCORE", "HEALTH_ASSESSMENT"}),
    "oc3": ("care_leaver", {"CHILD", "IN_TOUCH", "ACTIV", "ACCOM"}),
    "ad1": ("adoption", {"CHILD", "DATE_INT", "DATE_MATCH"}),
    "placed_for_adoption": ("placed_for_adoption", {"CHILD", "DATE_PLACED"}),
    "previous_permanence": ("previous_permanence", {"CHILD", "PREV_PERM"}),
    "missing": ("missing_episode", {"CHILD", "MISSING", "MIS_START"}),
    "sw_episodes": ("sw_allocation", {"CHILD", "SW_ID", "SW_DECOM"}),
}
# Records with no id in the return get one from the child and a date.
MADE_IDS = {
    "cla_episode": ("episode_id", "DECOM"),
    "cla_review": ("cla_review_id", "REVIEW"),
    "missing_episode": ("missing_id", "MIS_START"),
}


class Ssda903CsvReader:
    title = "SSDA903 (CSV)"

    def recognises(self, sniff: Sniff) -> bool:
        return _file(sniff) is not None

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return FileInfo(kind=f"ssda903_{_file(sniff)}", source="903", collection_year=collection_year_in(path))

    def records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        name = info.kind.removeprefix("ssda903_")
        table_name = FILES[name][0]
        mapping = columns_by_item(schema().tables[table_name], "903")
        for line, row in csv_rows(path):
            values = {column: row.get(item) for item, column in mapping.items()}
            child = (row.get("CHILD") or "").strip()
            if table_name in MADE_IDS:
                id_column, date_item = MADE_IDS[table_name]
                values[id_column] = ids.child_dated(child, iso_date_text(row.get(date_item)))
            elif table_name == "sw_allocation":
                values["allocation_id"] = f"{child}/{row.get('SW_ID', '').strip()}/{iso_date_text(row.get('SW_DECOM'))}"
            elif table_name in ("cla_outcome", "care_leaver"):
                values["cohort_year"] = info.collection_year
            yield RawRecord(table_name, values, f"line {line}", child or None)


def _file(sniff: Sniff) -> str | None:
    header = set(sniff.csv_header or ())
    for name, (_, needed) in FILES.items():
        if needed <= header:
            return name
    return None
