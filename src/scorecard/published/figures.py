"""What the readers of published files produce: figures, areas and population rows,
and the parsing of published cells (numbers, or the publisher's codes for a figure
that is suppressed or unavailable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from scorecard.dates.periods import financial_year_label

ENGLAND = "E92000001"


class PublishedFileError(ValueError):
    """A published file scorecard cannot read; the message names the file and what is wrong."""


class Area(NamedTuple):
    area_code: str
    new_code: str
    name: str
    level: str  # england, region or la
    region_code: str | None


class Figure(NamedTuple):
    indicator_id: str
    year: str
    reference_date: date
    level: str
    area_code: str
    area_name: str
    region_code: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str | None
    source: str
    priority: int
    synthetic: bool


class Population(NamedTuple):
    la_code: str
    mid_year: int
    population: int
    source: str


@dataclass
class Read:
    """Everything read from one file, and its row accounting."""

    path: str
    kind: str
    rows_read: int = 0
    figures: list[Figure] = field(default_factory=list)
    areas: set[Area] = field(default_factory=set)
    population: list[Population] = field(default_factory=list)
    neighbours: list[tuple[str, str, int, str, str | None]] = field(default_factory=list)
    rows_not_used: int = 0  # rows of areas or measures the catalogue has no use for
    note: str = ""

    @property
    def not_available(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for figure in self.figures:
            if figure.value is None:
                counts[figure.status or ""] = counts.get(figure.status or "", 0) + 1
        return counts


def figure(
    indicator_id: str,
    day: date,
    place: Area,
    value: float | None,
    status: str | None,
    source: str,
    priority: int,
    numerator: float | None = None,
    denominator: float | None = None,
    synthetic: bool = False,
) -> Figure:
    """A figure for an area, in the financial year its published year ends in."""
    return Figure(
        indicator_id,
        year_label(day),
        day,
        place.level,
        place.area_code,
        place.name,
        place.region_code,
        value,
        numerator,
        denominator,
        status,
        source,
        priority,
        synthetic,
    )


def number(cell: str | None) -> tuple[float | None, str | None]:
    """A published cell as (value, None), or (None, code) when it holds a code such as
    c (confidential), x (not available), z (not applicable), low or u (unreliable)."""
    text = (cell or "").strip()
    if not text:
        return None, "empty"
    try:
        return float(text.replace(",", "")), None
    except ValueError:
        return None, text.lower()


def reference_date(year_ending: int, reference: str) -> date:
    month, day = (int(part) for part in reference.split("-"))
    return date(year_ending, month, day)


def year_label(day: date) -> str:
    return financial_year_label(day)
