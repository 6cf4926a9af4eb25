"""Targets and the red/amber/green rating of a figure against them.

A target is a value plus an optional tolerance: meeting the target (equal
counts) is green, missing it by no more than the tolerance is amber, anything
further away is red. Which side of the target counts as "missing" comes from
the indicator's polarity, through `polarity.better`, never from a comparison here."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scorecard.judge.polarity import better


@dataclass(frozen=True)
class Target:
    value: float
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        # A negative tolerance would make amber an empty band on the wrong side of the target.
        if self.tolerance < 0:
            raise ValueError(f"tolerance must not be negative, got {self.tolerance!r}")


def rag(value: float, target: Target, polarity: str) -> str | None:
    """Rate `value` against `target`: "green", "amber" or "red".

    None for polarity "none" (no better or worse) or a missing (NaN) value."""
    # better(1, 0) is +1 for "up", -1 for "down", 0 for "none" (and validates the polarity).
    direction = better(1.0, 0.0, polarity)
    if direction == 0 or math.isnan(value):
        return None
    if better(value, target.value, polarity) >= 0:
        return "green"
    # The edge of the amber band: the target moved by the tolerance in the unfavourable direction.
    edge = target.value - direction * target.tolerance
    # isclose keeps a value exactly on the edge amber even when the subtraction above
    # picked up binary rounding (e.g. 0.4 - 0.1 is 0.30000000000000004, just above 0.3).
    if better(value, edge, polarity) >= 0 or math.isclose(value, edge):
        return "amber"
    return "red"
