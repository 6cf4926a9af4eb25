"""Confidence intervals for percentages, so a report can tell a real change from
the noise of small numbers (one child more or less moves a small LA's rate a lot).

The Wilson score interval is used because, unlike the textbook normal
approximation, it stays inside 0-100% and behaves at 0 of n and n of n, which
small children's services cohorts hit often."""

from __future__ import annotations

import math

# The two-sided 95% normal quantile, to full precision rather than 1.96.
Z_95 = 1.959963984540054


def wilson(numerator: int, denominator: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for numerator / denominator, as percentages
    (lower, upper); None when there is no denominator to speak of."""
    if denominator <= 0:
        return None
    if numerator < 0 or numerator > denominator:
        raise ValueError(f"numerator must be between 0 and the denominator {denominator}, got {numerator}")
    p = numerator / denominator
    z2_n = z * z / denominator
    centre = (p + z2_n / 2) / (1 + z2_n)
    half = z * math.sqrt(p * (1 - p) / denominator + z2_n / (4 * denominator)) / (1 + z2_n)
    # At 0 of n and n of n the bound is exactly 0% or 100%; set it so rounding
    # cannot leave it a hair past the observed rate.
    lower = 0.0 if numerator == 0 else max(0.0, 100 * (centre - half))
    upper = 100.0 if numerator == denominator else min(100.0, 100 * (centre + half))
    return lower, upper


def differs(a: tuple[float, float], b: float) -> bool:
    """Whether b lies outside interval a, i.e. the change is more than noise."""
    return b < a[0] or b > a[1]
