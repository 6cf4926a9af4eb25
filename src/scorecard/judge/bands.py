"""Comparisons among all LAs, in the manner of the DfE's LA Interactive Tool (LAIT).

Quartiles over every LA's figure, the quartile band a figure falls in (band A is
always the favourable quarter; polarity only flips which end that is), the rank
among LAs, and the mean and median of the statistical neighbours. Missing
figures are dropped everywhere, as LAIT does with R's `na.rm = TRUE`."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from scorecard.judge.polarity import better

# Quartiles over a handful of LAs mean nothing: with fewer than four figures each
# "quarter" holds at most one LA. LAIT always has about 150 to work from.
MIN_VALUES = 4

Bounds = tuple[float, float, float, float, float]


def _present(values: Sequence[float | None]) -> list[float]:
    """The figures that are there: None and NaN (suppressed or not yet published) dropped."""
    return [v for v in values if v is not None and not math.isnan(v)]


def quartiles(values: Sequence[float | None]) -> Bounds | None:
    """Min, lower quartile, median, upper quartile and max, by R's default quantile method (type 7).

    None when fewer than MIN_VALUES figures are present."""
    present = sorted(_present(values))
    if len(present) < MIN_VALUES:
        return None
    # "inclusive" is type 7: linear interpolation between order statistics at (n - 1) * p,
    # the same as R's quantile() default and numpy's, so our bounds match LAIT's.
    q25, q50, q75 = statistics.quantiles(present, n=4, method="inclusive")
    return (present[0], q25, q50, q75, present[-1])


def quartile_band(value: float, bounds: Bounds, polarity: str) -> str | None:
    """The band, "A" (favourable quarter) to "D", that `value` falls in; None for polarity "none" or NaN."""
    # better(1, 0) is +1 when high is favourable, -1 when low is, 0 for "none". Fixed numbers
    # rather than the bounds' max and min: when every LA has the same figure the bounds are
    # all equal and could not tell the ends apart.
    direction = better(1.0, 0.0, polarity)
    if direction == 0 or math.isnan(value):
        return None
    position = _quarter(value, bounds)
    # Quarters count up from the lowest values; band A is the favourable end.
    return "ABCD"[3 - position] if direction > 0 else "ABCD"[position]


def _quarter(value: float, bounds: Bounds) -> int:
    """0 for the lowest quarter to 3 for the highest, with LAIT's `<=` at each boundary.

    The min and max are not checked: our own figure may lie outside the published
    range, and it then belongs in the end quarter rather than LAIT's "Error"."""
    _, q25, q50, q75, _ = bounds
    if value <= q25:
        return 0
    if value <= q50:
        return 1
    if value <= q75:
        return 2
    return 3


def rank(value: float, others: Sequence[float | None], polarity: str) -> tuple[int, int] | None:
    """(rank, out of) of `value` among `others`, 1 being best; None for polarity "none" or NaN.

    Ties share the best rank, like R's rank(ties.method = "min"). Missing figures among
    `others` are dropped and do not count towards "out of"."""
    if better(1.0, 0.0, polarity) == 0 or math.isnan(value):
        return None
    present = _present(others)
    ahead = sum(1 for other in present if better(other, value, polarity) > 0)
    return (1 + ahead, len(present) + 1)


def neighbour_mean(values: Sequence[float | None]) -> float | None:
    """Mean of the neighbours' figures that are present; None when none are."""
    present = _present(values)
    return statistics.fmean(present) if present else None


def neighbour_median(values: Sequence[float | None]) -> float | None:
    """Median of the neighbours' figures that are present; None when none are."""
    present = _present(values)
    return float(statistics.median(present)) if present else None
