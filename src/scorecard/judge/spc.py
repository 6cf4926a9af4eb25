"""Statistical process control for monthly series: XmR limits, the special-cause
rules and a one-line verdict on the latest month, following NHS England's "Making
Data Count" guidance.

It is here so a report can say whether this month's figure is part of the usual
month-to-month wobble ("common cause") or a sign that something has changed
("special cause"), instead of reading meaning into every rise and fall.
Where the guidance leaves a detail open, the choice follows the NHS-R community's
`NHSRplotthedots` package, the implementation most NHS teams compare against."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

# Making Data Count asks for at least 15 points before limits are meaningful:
# with fewer, the average moving range is too unsteady to judge anything by.
MIN_POINTS = 15

# Why 2.66: it is 3 / d2 with d2 = 1.128 for moving ranges of two points, so
# mean ± 2.66 x average moving range estimates mean ± 3 sigma. Making Data Count
# (and NHSRplotthedots) use the rounded 2.66, so our limits match their charts.
LIMIT_FACTOR = 2.66

# Making Data Count's run length for both a shift and a trend.
RUN = 7

POLARITIES = ("up", "down", "none")
# Which way each signal direction leans, for deciding improvement or concern.
_UPWARD = {"high": True, "rising": True, "low": False, "falling": False}


@dataclass(frozen=True)
class Limits:
    mean: float
    lower: float
    upper: float
    moving_range_mean: float


@dataclass(frozen=True)
class Signal:
    rule: str  # "outside_limits" | "shift" | "trend"
    index: int  # position of the point in the series
    direction: str  # "high" | "low"; for a trend "rising" | "falling"


@dataclass(frozen=True)
class SpcResult:
    limits: Limits | None
    signals: tuple[Signal, ...]
    # "special cause improvement" | "special cause concern" | "special cause variation"
    # | "common cause" | "not enough points": all about the latest point only.
    variation: str
    note: str


def enough_points(count: int, min_points: int = MIN_POINTS) -> bool:
    """Whether a series of `count` points is long enough to judge."""
    return count >= min_points


def xmr_limits(values: Sequence[float], baseline: int | None = None) -> Limits | None:
    """Process limits from the first `baseline` points (all of them when None);
    None with fewer than two points, as there is no moving range to average."""
    if baseline is not None and baseline < 0:
        raise ValueError(f"baseline must not be negative, got {baseline}")
    points = list(values if baseline is None else values[:baseline])
    if len(points) < 2:
        return None
    mean = sum(points) / len(points)
    moving_range_mean = sum(abs(b - a) for a, b in pairwise(points)) / (len(points) - 1)
    # The lower limit is left unclipped: a count cannot go below zero, but a
    # difference or rate might, so clipping is for the caller who knows which.
    spread = LIMIT_FACTOR * moving_range_mean
    return Limits(mean=mean, lower=mean - spread, upper=mean + spread, moving_range_mean=moving_range_mean)


def signals(values: Sequence[float], limits: Limits, run: int = RUN) -> list[Signal]:
    """Every point flagged by each rule: outside the limits, a shift, a trend."""
    if run < 2:
        raise ValueError(f"run must be at least 2, got {run}")
    return [*_outside_limits(values, limits), *_shifts(values, limits.mean, run), *_trends(values, run)]


def _outside_limits(values: Sequence[float], limits: Limits) -> list[Signal]:
    # Strictly beyond: a point on a limit is still within the process.
    found = []
    for index, value in enumerate(values):
        if value > limits.upper:
            found.append(Signal("outside_limits", index, "high"))
        elif value < limits.lower:
            found.append(Signal("outside_limits", index, "low"))
    return found


def _runs(labels: Sequence[str | None]) -> list[tuple[int, int, str]]:
    """Maximal runs of equal, non-None labels as (first index, length, label)."""
    found: list[tuple[int, int, str]] = []
    start = 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or labels[index] != labels[start]:
            if labels[start] is not None:
                found.append((start, index - start, labels[start]))
            start = index
    return found


def _shifts(values: Sequence[float], mean: float, run: int) -> list[Signal]:
    # A point exactly on the mean is on neither side, so it breaks the run;
    # Making Data Count is silent on this and NHSRplotthedots breaks it too.
    sides = ["high" if v > mean else "low" if v < mean else None for v in values]
    return [
        Signal("shift", start + offset, side)
        for start, length, side in _runs(sides)
        if length >= run
        for offset in range(length)
    ]


def _trends(values: Sequence[float], run: int) -> list[Signal]:
    # Steps between neighbours: `run` points in a trend make `run - 1` steps.
    # An unchanged value is neither rise nor fall, so it breaks the trend.
    steps = ["rising" if b > a else "falling" if b < a else None for a, b in pairwise(values)]
    return [
        Signal("trend", start + offset, direction)
        for start, length, direction in _runs(steps)
        if length >= run - 1
        # A run of n steps covers n + 1 points.
        for offset in range(length + 1)
    ]


def judge_series(
    values: Sequence[float | None], polarity: str, run: int = RUN, min_points: int = MIN_POINTS
) -> SpcResult:
    """Limits, signals and a verdict on the latest point of a monthly series.

    `polarity` says which way is better: "up", "down" or "none". Missing months
    (None or NaN) are dropped, because a month with no figure is not a zero;
    the months either side are then treated as neighbours. Signal indices refer
    to positions in `values` as given, gaps included, so they line up with the
    caller's months."""
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    present = [(i, v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
    positions = [i for i, _ in present]
    points = [v for _, v in present]
    limits = xmr_limits(points) if enough_points(len(points), min_points) else None
    if limits is None:
        note = f"fewer than {max(min_points, 2)} points ({len(points)} with figures): limits not calculated"
        return SpcResult(limits=None, signals=(), variation="not enough points", note=note)
    found = signals(points, limits, run)
    latest = [s for s in found if s.index == len(points) - 1]
    variation, note = _verdict(latest, polarity, run)
    placed = tuple(Signal(s.rule, positions[s.index], s.direction) for s in found)
    return SpcResult(limits=limits, signals=placed, variation=variation, note=note)


def _verdict(latest: Sequence[Signal], polarity: str, run: int) -> tuple[str, str]:
    """The variation and a plain-English note from the signals on the latest point."""
    if not latest:
        return "common cause", "latest point shows common cause variation: no rule flags it"
    note = "latest point is " + "; ".join(_describe(s, run) for s in latest)
    leanings = {_UPWARD[s.direction] for s in latest}
    if len(leanings) > 1:
        # Rules pulling both ways (say, a rising trend still below the mean) say
        # something has changed but not whether for the better, so stay neutral.
        return "special cause variation", note + " (signals point both ways)"
    if polarity == "none":
        return "special cause variation", note
    better = leanings.pop() == (polarity == "up")
    return ("special cause improvement" if better else "special cause concern"), note


def _describe(signal: Signal, run: int) -> str:
    if signal.rule == "outside_limits":
        return "above the upper process limit" if signal.direction == "high" else "below the lower process limit"
    if signal.rule == "shift":
        side = "above" if signal.direction == "high" else "below"
        return f"in a run of {run} or more points {side} the mean"
    return f"in a run of {run} or more {signal.direction} points"
