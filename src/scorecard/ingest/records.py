"""What readers produce: facts about a file, and its records as raw text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from scorecard.findings import Finding


@dataclass(frozen=True)
class RawRecord:
    """One record for a canonical table, its values still the text the file held."""

    table: str
    values: dict[str, str | None]
    location: str
    child_id: str | None = None


@dataclass
class RawBatch:
    """Records for one canonical table, column by column, still the text the file held."""

    table: str
    columns: dict[str, Sequence[str | None] | pa.StringArray]
    locations: list[str]
    child_ids: list[str | None]
    order: list[int]  # each record's place among the file's records, to keep findings in file order

    def raw(self, row: int) -> dict[str, str | None]:
        """One record's values as given, for the quarantine."""
        return {
            name: values[row].as_py() if isinstance(values, pa.Array) else values[row]
            for name, values in self.columns.items()
        }


BATCH_ROWS = 50_000


Slot = str | tuple[str, tuple[str, ...]]  # a table, or a table and the columns its records name


class Gatherer:
    """Records for several tables gathered into batches of at most `rows`: readers of
    big files add each record's values as a tuple, in the order of the columns they
    declared for its table, and take the batches as they fill. A slot is a table's
    name, or the name and the columns, for records of one table that name different
    columns."""

    def __init__(self, columns: dict[Slot, tuple[str, ...]], rows: int = BATCH_ROWS) -> None:
        self.columns = columns
        self.rows = rows
        self.records = 0
        self._open: dict[Slot, _Filling] = {}
        self._full: list[RawBatch] = []

    def add(self, slot: Slot, values: tuple[str | None, ...], location: str, child_id: str | None) -> None:
        filling = self._open.get(slot)
        if filling is None:
            filling = self._open[slot] = _Filling([], [], [], [])
        filling.values.append(values)
        filling.locations.append(location)
        filling.child_ids.append(child_id)
        filling.order.append(self.records)
        self.records += 1
        if len(filling.order) >= self.rows:
            self.close(slot)

    def full(self) -> list[RawBatch]:
        """The batches filled since last asked."""
        done, self._full = self._full, []
        return done

    def close(self, slot: Slot) -> None:
        """End the slot's batch being filled, if any."""
        filling = self._open.pop(slot, None)
        if filling is None:
            return
        columns = {name: list(map(itemgetter(n), filling.values)) for n, name in enumerate(self.columns[slot])}
        table = slot if isinstance(slot, str) else slot[0]
        self._full.append(RawBatch(table, columns, filling.locations, filling.child_ids, filling.order))

    def rest(self) -> list[RawBatch]:
        """Every batch not yet taken, at the end of the file."""
        for slot in list(self._open):
            self.close(slot)
        return self.full()


@dataclass
class _Filling:
    values: list[tuple[str | None, ...]]
    locations: list[str]
    child_ids: list[str | None]
    order: list[int]


def gathered(records: Iterable[RawRecord], rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
    """Records given one by one, gathered into batches per table and the columns they
    name (Annex A's lists give one table different columns, record after record)."""
    gatherer = Gatherer({}, rows)
    for record in records:
        slot = (record.table, tuple(record.values))
        gatherer.columns[slot] = slot[1]
        gatherer.add(slot, tuple(record.values.values()), record.location, record.child_id)
        yield from gatherer.full()
    yield from gatherer.rest()


@dataclass
class FileInfo:
    """What a reader learned about a file before reading its records."""

    kind: str  # e.g. cin_census, ssda903_episodes
    source: str  # CIN, 903, AA, SSD, CSWW, LOCAL
    la_code: str | None = None
    collection_year: str | None = None
    reference_date: str | None = None
    problems: list[Finding] = field(default_factory=list)  # found before reading: the file is refused
    warnings: list[Finding] = field(default_factory=list)  # found while reading: the file is loaded


@dataclass(frozen=True)
class Sniff:
    """The start of a file, enough to tell what it is."""

    text: str  # the head decoded, or "" for binary files
    xml_root: str | None  # name of the root element of an XML file
    csv_header: tuple[str, ...] | None  # first row of a CSV file, trimmed
    sheets: tuple[str, ...] | None = None  # sheet names of a workbook
    problem: str | None = None  # why a file that looks like a workbook cannot be opened


class Reader(Protocol):
    """A reader of one kind of file. Each walks only its own format."""

    title: str

    def recognises(self, sniff: Sniff) -> bool: ...

    def info(self, path: Path, sniff: Sniff) -> FileInfo: ...

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        """The file's records, a batch at a time (readers of small files make them
        one record at a time and gather them)."""
