"""What readers produce: facts about a file, and its records as raw text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from scorecard.findings import Finding


@dataclass(frozen=True)
class RawRecord:
    """One record for a canonical table, its values still the text the file held."""

    table: str
    values: dict[str, str | None]
    location: str
    child_id: str | None = None


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

    def records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]: ...
