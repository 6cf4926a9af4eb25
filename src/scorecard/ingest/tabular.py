"""Reading CSV files whatever their encoding, with the line each row came from."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

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


@dataclass(frozen=True)
class CsvColumns:
    """A CSV file read whole, column by column: what big extracts are read as. The
    rows, values and line numbers are those of `csv_rows`."""

    columns: dict[str, pa.StringArray]  # by header cell (the last, if the header repeats one)
    lines: list[int]  # the line each row starts on

    def slices(self, rows: int) -> Iterator[tuple[int, int]]:
        for start in range(0, len(self.lines), rows):
            yield start, min(start + rows, len(self.lines))


def csv_columns(path: Path) -> CsvColumns:
    """Read by Arrow's CSV reader where the file is plain (UTF-8, every row on one
    line, as wide as the header: nearly always, and fifty times faster), else row by row."""
    return _by_arrow(path.read_bytes()) or _by_rows(path)


def _by_rows(path: Path) -> CsvColumns:
    rows = list(csv_rows(path))
    names = dict.fromkeys(name for _, row in rows for name in row)
    columns = {name: pa.array([row.get(name) for _, row in rows], pa.string()) for name in names}
    return CsvColumns(columns, [line for line, _ in rows])


def _by_arrow(data: bytes) -> CsvColumns | None:
    body = data.removeprefix(b"\xef\xbb\xbf")
    first_line = body.split(b"\n", 1)[0].rstrip(b"\r")
    if body.count(b"\r") != body.count(b"\r\n") or first_line.count(b'"') % 2:
        return None
    try:
        header = [cell.strip() for cell in next(csv.reader([first_line.decode("utf-8")]), [])]
    except UnicodeDecodeError:
        return None
    names = [f"c{n}" for n in range(len(header))]
    uneven: list[str] = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(ignore_empty_lines=False, invalid_row_handler=_noting(uneven)),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    if uneven or table.num_rows != lines - 1:
        return None  # a row wider or narrower than the header, or a quoted line break
    blank = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    numbers = pa.array(range(2, table.num_rows + 2), pa.int64())
    if blank is not None and pc.any(blank).as_py():
        table, numbers = table.filter(pc.invert(blank)), numbers.filter(pc.invert(blank))
    columns = {name: table.column(n).combine_chunks() for n, name in enumerate(header)}
    return CsvColumns(columns, numbers.to_pylist())


def _noting(uneven: list[str]) -> Callable[[object], str]:
    def handler(row: object) -> str:
        uneven.append(str(row))
        return "skip"

    return handler


def trimmed(values: pa.StringArray) -> list[str | None]:
    """Each value without surrounding spaces, None when nothing is left."""
    return [value or None for value in pc.utf8_trim_whitespace(values).to_pylist()]


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
