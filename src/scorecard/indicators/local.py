"""Local measures: figures an LA supplies already aggregated (the local_measure
table), turned into results for the periods asked for, like computed indicators.

A figure given for exactly the period is used as it is. A period made up wholly of
shorter periods (months in a quarter) gets their figures combined: numerators and
denominators added where they are given, counts added, anything else averaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from scorecard.indicators.results import Result
from scorecard.indicators.windows import Window


@dataclass(frozen=True)
class Figure:
    measure_id: str
    start: date
    end: date
    numerator: float | None
    denominator: float | None
    value: float
    unit: str
    polarity: str
    title: str


def measures(con: duckdb.DuckDBPyConnection, la_codes: list[str]) -> dict[tuple[str, str], list[Figure]]:
    """{(la_code, measure_id): figures, oldest first}."""
    rows = con.execute(
        """
        SELECT la_code, measure_id, period_start, period_end, numerator, denominator, value, unit, polarity, title
        FROM local_measure WHERE la_code IN (SELECT unnest(?)) ORDER BY la_code, measure_id, period_start
        """,
        [la_codes],
    ).fetchall()
    found: dict[tuple[str, str], list[Figure]] = {}
    for la, *figure in rows:
        found.setdefault((la, figure[0]), []).append(Figure(*figure))
    return found


def local_results(con: duckdb.DuckDBPyConnection, windows: list[Window], la_codes: list[str], ids: set[str] | None):
    results = []
    for (la, measure_id), figures in measures(con, la_codes).items():
        if ids is not None and measure_id not in ids:
            continue
        for w in windows:
            results.append(_result(la, measure_id, figures, w))
    return results


def _result(la: str, measure_id: str, figures: list[Figure], w: Window) -> Result:
    latest = figures[-1]
    inside = [f for f in figures if f.start >= w.period_start and f.end <= w.period_end]
    exact = [f for f in inside if f.start == w.period_start and f.end == w.period_end]
    covered = sum((f.end - f.start).days + 1 for f in inside) == (w.period_end - w.period_start).days + 1
    numerator = denominator = None
    note = ""
    if exact:
        figure = exact[-1]
        value, numerator, denominator = figure.value, figure.numerator, figure.denominator
    elif inside and covered:
        value, numerator, denominator, note = _combined(inside, latest.unit)
    else:
        value, note = None, "not available: no figure supplied for this period"
    return Result(
        measure_id, la, w.label, w.period_start, w.period_end, None, numerator, denominator, value, latest.unit, note
    )


def _combined(figures: list[Figure], unit: str) -> tuple:
    if all(f.numerator is not None and f.denominator for f in figures):
        numerator = sum(f.numerator for f in figures)
        denominator = sum(f.denominator for f in figures)
        scale = 100 if unit == "percent" else 1
        return scale * numerator / denominator, numerator, denominator, f"from {len(figures)} figures"
    if unit == "count":
        return sum(f.value for f in figures), None, None, f"sum of {len(figures)} figures"
    return sum(f.value for f in figures) / len(figures), None, None, f"mean of {len(figures)} figures"
