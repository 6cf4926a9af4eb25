"""The results table (spec/indicators.md): its row (Result), what a figure rests on
(Tally), its columns, and the figures written out as CSV or JSON with exactly those
columns. Values are unrounded; rounding
is for presentation only (`rounded`)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SUBJECTS = {"child": "children", "worker": "social workers", "measure": "figures"}
# A definition's column saying why a record it considered is left out of the figure (empty
# for the records that count); such rows add nothing to the numerator or denominator.
EXCLUDED = "excluded"
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


@dataclass(frozen=True)
class Withheld:
    """A figure kept from the public, and what is shown instead (judge/suppress.py
    decides which and says it)."""

    words: str  # "fewer than 5", or "withheld"
    small: bool  # fewer than the threshold behind it; False: withheld so that a small one cannot be worked out


@dataclass(frozen=True)
class Result:
    """One row of the results table (plus the LA it is for)."""

    indicator_id: str
    la_code: str
    period: str
    period_start: date
    period_end: date
    breakdown: str | None
    numerator: float | None
    denominator: float | None
    value: float | None
    unit: str
    note: str
    subject: str = "child"  # whom the figure counts: the definition's subject (SUBJECTS)
    withheld: Withheld | None = None  # set for the public when the figure is suppressed
    # Which census or cohort a yearly figure is ("2025 census", "cohort year 2024-25"), as
    # its note also says; empty for figures of the period itself.
    year: str = ""
    # What the figure misses by looking back before the first return loaded, as its note
    # also says; empty when it has all the history it needs (Definition.history).
    history: str = ""

    @property
    def figure(self) -> float | Withheld | None:
        """The figure as outputs show it: the number, what is shown instead, or None
        when it cannot be computed (the note says why)."""
        return self.withheld or self.value

    @property
    def shown(self) -> str:
        """What public outputs show instead of the value, or ""."""
        return self.withheld.words if self.withheld else ""

    @property
    def of(self) -> str:
        """What the figure is of, in words: its census or cohort where it is a yearly one,
        else its period."""
        return self.year or self.period


@dataclass(frozen=True)
class Tally:
    """What one figure rests on: the records counted in its base (the denominator, or the
    numerator of a count or rate), every record its definition considered, counted or
    left out, and why the others were left out."""

    indicator_id: str
    la_code: str
    period: str
    counted: float
    considered: int
    left_out: tuple[tuple[str, int], ...]  # (why, how many), most first
    available: bool  # whether the figure can be computed from what is loaded


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
