"""Reader of the SSDA903 CSV files: each file of the return, told apart by its
header row. The collection year comes from the folder or file name (2023-24)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from scorecard.findings import finding
from scorecard.ingest.convert import iso_date_text
from scorecard.ingest.records import BATCH_ROWS, FileInfo, RawBatch, RawRecord, Sniff
from scorecard.ingest.tabular import collection_year_in, columns_by_item, csv_columns
from scorecard.store import ids
from scorecard.store.schema import schema

# Each file of the return: the table it fills and its columns, as the DfE names them.
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "header": ("child", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")),
    "episodes": (
        "cla_episode",
        (
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ),
    ),
    "reviews": ("cla_review", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")),
    "uasc": ("uasc", ("CHILD", "SEX", "DOB", "DUC")),
    "oc2": (
        "cla_outcome",
        (
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ),
    ),
    "oc3": ("care_leaver", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")),
    "ad1": (
        "adoption",
        ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    ),
    "placed_for_adoption": (
        "placed_for_adoption",
        ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    ),
    "previous_permanence": ("previous_permanence", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")),
    "missing": ("missing_episode", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")),
    "sw_episodes": ("sw_allocation", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")),
    "dolo": ("deprivation_of_liberty", ("CHILD", "DOB", "DOLO_START", "DOLO_END")),
}
# Records with no id in the return get one from the child and a date.
MADE_IDS = {
    "cla_episode": ("episode_id", "DECOM"),
    "cla_review": ("cla_review_id", "REVIEW"),
    "missing_episode": ("missing_id", "MIS_START"),
}
# A file is taken to be one of the return's when it has CHILD and most of that file's columns.
RECOGNISED_SHARE = 0.6


class Ssda903CsvReader:
    title = "SSDA903 (CSV)"

    def recognises(self, sniff: Sniff) -> bool:
        return _file(sniff.csv_header) is not None

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        name = _file(sniff.csv_header)
        info = FileInfo(kind=f"ssda903_{name}", source="903", collection_year=collection_year_in(path))
        header = {cell.upper() for cell in sniff.csv_header}
        missing = [column for column in FILES[name][1] if column not in header]
        if missing:
            detail = {"kind": f"the SSDA903 {name} file", "columns": ", ".join(missing)}
            info.problems.append(finding("missing_columns", str(path), "line 1", **detail))
        return info

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        name = info.kind.removeprefix("ssda903_")
        read = csv_columns(path)
        items = {name.upper(): values for name, values in read.columns.items() if name}
        for start, end in read.slices(BATCH_ROWS):
            given = {item: values[start:end].to_pylist() for item, values in items.items()}
            locations = [f"line {line}" for line in read.lines[start:end]]
            yield ssda903_batch(name, given, end - start, locations, info, list(range(start, end)))


def ssda903_record(name: str, row: Mapping[str, str | None], location: str, info: FileInfo) -> RawRecord:
    """One record of one of the return's files, from its items by their DfE names
    (the XML form of the return, read a child at a time)."""
    batch = ssda903_batch(name, {item: [value] for item, value in row.items()}, 1, [location], info, [0])
    return RawRecord(batch.table, batch.raw(0), location, batch.child_ids[0])


def ssda903_batch(
    name: str, items: Mapping[str, list[str | None]], rows: int, locations: list[str], info: FileInfo, order: list[int]
) -> RawBatch:
    """Records of one of the return's files, from its items' columns by their DfE
    names; shared by the CSV and XML forms of the return."""
    table_name = FILES[name][0]
    absent = [None] * rows
    columns = {
        column: items.get(item, absent) for item, column in columns_by_item(schema().tables[table_name], "903").items()
    }
    children = [(child or "").strip() for child in items.get("CHILD", absent)]
    if table_name in MADE_IDS:
        id_column, date_item = MADE_IDS[table_name]
        days = items.get(date_item, absent)
        columns[id_column] = [ids.child_dated(c, iso_date_text(d)) for c, d in zip(children, days, strict=True)]
    elif table_name == "sw_allocation":
        workers, days = items.get("SW_ID", absent), items.get("SW_DECOM", absent)
        columns["allocation_id"] = [
            f"{c}/{(w or '').strip()}/{iso_date_text(d)}" for c, w, d in zip(children, workers, days, strict=True)
        ]
    elif table_name in ("cla_outcome", "care_leaver"):
        columns["cohort_year"] = [info.collection_year] * rows
    return RawBatch(table_name, columns, locations, [c or None for c in children], order)


def _file(header: tuple[str, ...] | None) -> str | None:
    """The return's file this header belongs to, by the most columns in common."""
    columns = {cell.upper() for cell in header or ()}
    if "CHILD" not in columns:
        return None
    best, best_share = None, RECOGNISED_SHARE
    for name, (_, expected) in FILES.items():
        share = len(columns & set(expected)) / len(expected)
        if share >= best_share and (best is None or share > best_share):
            best, best_share = name, share
    return best
