"""Reading CSV files whatever their encoding, with the line each row came from."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from scorecard.ingest.sniff import decode
from scorecard.store.schema import Table

_YEAR = re.compile(r"(20\d\d)[-_](\d\d)")


def csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {header: value}, with its line number in the file."""
    reader = csv.reader(io.StringIO(decode(path.read_bytes()), newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    line = reader.line_num
    for row in reader:
        if any(cell.strip() for cell in row):
            yield line + 1, dict(zip(header, row, strict=False))
        line = reader.line_num


def collection_year_in(path: Path) -> str | None:
    """A collection year named in the file's path (`.../2023-24/episodes.csv`)."""
    for part in reversed(path.parts):
        for match in _YEAR.finditer(part):
            first, second = int(match[1]), int(match[2])
            if second == (first + 1) % 100:
                return f"{first}-{second:02d}"
    return None


def columns_by_item(table: Table, source: str) -> dict[str, str]:
    """{item name in the return: canonical column} for one table and return."""
    if source == "SSD":
        return {c.ssd: c.name for c in table.domain_columns if c.ssd}
    return {c.items[source]: c.name for c in table.domain_columns if source in c.items}
