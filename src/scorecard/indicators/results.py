"""The results table contract (spec/indicators.md): its columns, and the figures
written out as CSV or JSON with exactly those columns. Values are unrounded; rounding
is for presentation only (`rounded`)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from decimal import ROUND_HALF_UP, Decimal

from scorecard.indicators.engine import Result

WHOLE_UNITS = ("count", "currency")
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


def presented(value: float, unit: str) -> float:
    """A figure rounded as a report shows it: counts and pounds whole, everything else to
    1 decimal place, halves rounded up as published statistics are (21.95% is 22.0%)."""
    places = Decimal(1) if unit in WHOLE_UNITS else Decimal("0.1")
    return float(Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP))


def rounded(value: float | None, unit: str) -> str:
    """A figure as text, as a report shows it (see `presented`)."""
    if value is None:
        return ""
    return f"{presented(value, unit):,.0f}" if unit in WHOLE_UNITS else f"{presented(value, unit):,.1f}"
