"""The results table contract (spec/indicators.md): its columns, and the figures
written out as CSV or JSON with exactly those columns. Values are unrounded; rounding
is for presentation only (`rounded`)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from scorecard.indicators.engine import Result

COLUMNS = (
    "indicator_id",
    "period",
    "period_start",
    "period_end",
    "breakdown",
    "numerator",
    "denominator",
    "value",
    "unit",
    "note",
)


def rows(results: list[Result], with_la: bool = False) -> list[dict[str, object]]:
    columns = ("la_code", *COLUMNS) if with_la else COLUMNS
    return [{c: asdict(r)[c] for c in columns} | ({"value": r.shown} if r.shown else {}) for r in results]


def as_csv(results: list[Result], with_la: bool = False) -> str:
    return write_csv(rows(results, with_la), ("la_code", *COLUMNS) if with_la else COLUMNS)


def as_json(results: list[Result], with_la: bool = False) -> str:
    return write_json(rows(results, with_la))


def write_csv(table: list[dict[str, object]], header: tuple[str, ...]) -> str:
    """A table as CSV, empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def write_json(table: list[dict[str, object]]) -> str:
    return json.dumps(table, default=str, indent=2) + "\n"


def rounded(value: float | None, unit: str) -> str:
    """A figure as a report shows it: percentages, rates, days and ratios to 1 decimal
    place, counts as whole numbers."""
    if value is None:
        return ""
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}"
