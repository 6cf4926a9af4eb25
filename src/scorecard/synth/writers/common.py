"""Small helpers shared by the writers."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from lxml import etree


def year_bounds(year: int) -> tuple[date, date]:
    """First and last day of the collection year starting in April `year`."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def known_by(day: date | None, reference: date) -> date | None:
    """A date as a return made on `reference` would show it: empty if later."""
    return day if day is not None and day <= reference else None


def overlaps(start: date, end: date | None, first: date, last: date) -> bool:
    """Whether a record running from `start` to `end` (empty: open) touches first..last."""
    return start <= last and (end is None or end >= first)


def ddmmyyyy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def flag(value: bool | None) -> str:
    return "" if value is None else "1" if value else "0"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def element(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    """Append a child element, with text when given."""
    node = etree.SubElement(parent, tag)
    if text is not None:
        node.text = text
    return node
