"""Small-number suppression for public outputs, as the catalogue defines it: a count
of 1 to 4 is shown as "<5", and a percentage, rate or average whose numerator or
denominator is 1 to 4 is withheld (the threshold is the config's). Every output for
the public goes through `for_audience`, so the rule lives here only."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from scorecard.indicators.engine import Result

Audience = Literal["public", "internal"]
AUDIENCES = ("public", "internal")


def small(number: float | None, threshold: int) -> bool:
    """1 to threshold-1: zero is not disclosive, and nothing is smaller than it."""
    return number is not None and 0 < number < threshold


def suppress(result: Result, threshold: int) -> Result:
    """The result as the public may see it."""
    if result.unit == "count":
        if not (small(result.value, threshold) or small(result.numerator, threshold)):
            return result
        note = f"fewer than {threshold}"
        return replace(result, value=None, numerator=None, denominator=None, shown=f"<{threshold}", note=note)
    if not (small(result.numerator, threshold) or small(result.denominator, threshold)):
        return result
    note = f"withheld: fewer than {threshold} children behind the figure"
    return replace(result, value=None, numerator=None, denominator=None, note=note)


def for_audience(results: list[Result], audience: str, threshold: int) -> list[Result]:
    if audience not in AUDIENCES:
        raise ValueError(f"'{audience}' is not an audience: choose {' or '.join(AUDIENCES)}")
    if audience == "internal":
        return results
    return [suppress(result, threshold) for result in results]
