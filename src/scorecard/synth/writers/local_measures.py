"""Measures an LA gets from other systems, supplied already aggregated, as the
tidy CSV scorecard reads: school absence, early education take-up, youth
re-offending, placement costs and the service's sickness absence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random

from scorecard.dates.spans import add_months
from scorecard.synth.writers.common import write_csv

HEADER = (
    "measure_id",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
    "value",
    "unit",
    "polarity",
    "title",
)


@dataclass(frozen=True)
class Measure:
    measure_id: str
    title: str
    unit: str
    polarity: str
    level: float  # typical value
    drift: float  # change a year
    noise: float
    months: int  # 1 monthly, 3 quarterly
    denominator: int | None = None


MEASURES = (
    Measure(
        "school_absence_primary", "Overall absence, primary schools", "percent", "down", 5.2, -0.1, 0.4, 1, 480_000
    ),
    Measure(
        "school_absence_secondary", "Overall absence, secondary schools", "percent", "down", 8.6, -0.1, 0.6, 1, 390_000
    ),
    Measure(
        "persistent_absence",
        "Pupils persistently absent (10% or more of sessions)",
        "percent",
        "down",
        18.5,
        -0.5,
        1.2,
        1,
        21_000,
    ),
    Measure("suspensions", "Suspensions from school", "count", "down", 320, 8, 40, 1),
    Measure(
        "ey_2yo_takeup",
        "Take-up of funded early education by eligible 2-year-olds",
        "percent",
        "up",
        74,
        0.5,
        2.5,
        3,
        1_400,
    ),
    Measure(
        "youth_reoffending_12m", "Young people re-offending within 12 months", "percent", "down", 32, -0.4, 3, 3, 140
    ),
    Measure("placement_cost_per_week", "Average weekly cost of a placement", "currency", "down", 1_550, 90, 40, 1),
    Measure(
        "service_sickness_absence",
        "Sickness absence across children's services",
        "percent",
        "down",
        4.1,
        0.05,
        0.4,
        1,
        21_000,
    ),
)


def write_local_measures(first: date, last: date, path: Path, seed: str, scale: float) -> int:
    """Write every measure for each month or quarter from `first` to `last`."""
    rng = Random(f"{seed}-local-measures")
    rows = []
    for measure in MEASURES:
        start = first
        while start <= last:
            end = add_months(start, measure.months) - timedelta(days=1)
            years = (start - first).days / 365.25
            value = max(0.0, measure.level + measure.drift * years + rng.gauss(0, measure.noise))
            numerator, denominator = "", ""
            if measure.unit == "count":
                value = round(value * scale)
            elif measure.denominator:
                denominator = round(measure.denominator * scale) or 1
                numerator = round(denominator * value / 100)
                value = round(100 * numerator / denominator, 4)
            else:
                value = round(value, 2)
            row = (measure.measure_id, start, end, numerator, denominator, value)
            rows.append((*row, measure.unit, measure.polarity, measure.title))
            start = end + timedelta(days=1)
    return write_csv(path, HEADER, ([r[0], r[1].isoformat(), r[2].isoformat(), *r[3:]] for r in rows))
