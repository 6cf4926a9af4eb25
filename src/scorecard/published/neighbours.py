"""Reader of the DfE statistical neighbour model: for each LA (old 3-digit code) its
ten closest LAs with how close each is. The 2021 and 2025 editions name their
columns differently (SN1 / SN_1); the edition is read from the file name."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from python_calamine import CalamineWorkbook

from scorecard.published.figures import PublishedFileError, Read

CODE_HEADERS = ("la num", "old_la_code")
EDITION = re.compile(r"(20\d\d)")


def is_neighbour_table(header: list[str]) -> bool:
    names = [_name(h) for h in header]
    return any(c in names for c in CODE_HEADERS) and ("sn1" in names or "sn_1" in names)


def read_neighbours(path: Path) -> Read:
    edition = EDITION.search(path.name)
    if not edition:
        raise PublishedFileError(f"{path}: the file name does not say which edition of the model it is (2021, 2025)")
    read = Read(str(path), f"neighbours {edition[1]}")
    rows = _rows(path)
    start = next((i for i, row in enumerate(rows) if is_neighbour_table(row)), None)
    if start is None:
        raise PublishedFileError(f"{path}: no header row with an LA code column and SN1 to SN10")
    header = [_name(h) for h in rows[start]]
    code = next(header.index(c) for c in CODE_HEADERS if c in header)
    columns = [_column(header, rank) for rank in range(1, 11)]
    ended = False
    for row in rows[start + 1 :]:
        read.rows_read += 1
        cell = str(row[code]).strip() if code < len(row) else ""
        # A titled block below the model (the LAIT sheet's "Old SNs:", for LAs since
        # reorganised) is not part of this edition.
        ended = ended or (not _code(cell) and any(str(c).strip() for c in row))
        la = _code(cell)
        if ended or not la:
            read.rows_not_used += 1
            continue
        for rank, column in enumerate(columns, start=1):
            neighbour = _code(row[column]) if column is not None and column < len(row) else ""
            closeness = str(row[column + 1]).strip() if column is not None and column + 1 < len(row) else None
            if neighbour:
                read.neighbours.append((edition[1], la, rank, neighbour, closeness or None))
    return read


def _rows(path: Path) -> list[list]:
    if path.suffix.lower() == ".xlsx":
        book = CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_index(0).to_python()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _name(header: object) -> str:
    return str(header).strip().casefold()


def _column(header: list[str], rank: int) -> int | None:
    for name in (f"sn{rank}", f"sn_{rank}"):
        if name in header:
            return header.index(name)
    return None


def _code(cell: object) -> str:
    """An LA code as written: 382, or 382.0 from a spreadsheet."""
    text = str(cell).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text if text.isdigit() else ""
