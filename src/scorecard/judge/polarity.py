"""Polarity: which way is better for an indicator, and the one comparison built on it.

Every judgement that depends on polarity (RAG against a target, direction of
travel, rank among LAs, quartile band) calls `better` rather than comparing
numbers itself, so "up", "down" and "none" are interpreted in exactly one place
and cannot drift apart between reports."""

from __future__ import annotations

import math

POLARITIES = ("up", "down", "none")


def better(value: float, other: float, polarity: str) -> int:
    """+1 when `value` is better than `other`, -1 when worse, 0 when equal or polarity is "none".

    An unknown polarity raises ValueError: it is a mistake in the catalogue or the
    caller, and guessing a direction would silently turn good news into bad."""
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    if polarity == "none" or value == other:
        return 0
    higher = 1 if value > other else -1
    return higher if polarity == "up" else -higher


def change_word(value: float, previous: float, polarity: str) -> str:
    """Direction of travel from `previous` to `value`: "improved", "declined" or "no change".

    For polarity "none" there is no better or worse, so the words only say which
    way the figure moved: "increased", "decreased" or "no change". A missing
    (NaN) figure raises ValueError, because "no change" would be a false statement
    in a report; callers skip the comparison when either figure is absent."""
    if math.isnan(value) or math.isnan(previous):
        raise ValueError("change_word needs both figures; got NaN")
    if polarity == "none":
        # Movement without judgement: read the change as if higher were "better".
        return _word(better(value, previous, "up"), "increased", "decreased")
    return _word(better(value, previous, polarity), "improved", "declined")


def _word(verdict: int, up_word: str, down_word: str) -> str:
    if verdict > 0:
        return up_word
    if verdict < 0:
        return down_word
    return "no change"
