"""Local measures: figures the LA supplies already aggregated, combined over a period
as the README says: the figure given for the period, or the figures of its parts
combined (parts added where numerators and denominators are given, counts summed,
anything else averaged)."""

from __future__ import annotations

from tests.independent.figures import Period, Result
from tests.independent.returns import LA


def local_results(la: LA, periods: list[Period]) -> list[Result]:
    rows = []
    for measure in sorted({m["id"] for m in la.local}):
        for p in periods:
            parts = [m for m in la.local if m["id"] == measure and p.start <= m["start"] and m["end"] <= p.end]
            if parts:
                rows.append(_combined(measure, p, parts))
    return rows


def _combined(measure: str, p: Period, parts: list[dict]) -> Result:
    if len(parts) == 1 and (parts[0]["start"], parts[0]["end"]) == (p.start, p.end):
        m = parts[0]
        return Result(measure, p.label, "", m["numerator"], m["denominator"], m["value"], "")
    n = len(parts)
    if all(m["numerator"] is not None and m["denominator"] for m in parts):
        numerator = sum(m["numerator"] for m in parts)
        denominator = sum(m["denominator"] for m in parts)
        scale = 100 if parts[0]["unit"] == "percent" else 1
        return Result(
            measure, p.label, "", numerator, denominator, scale * numerator / denominator, f"from {n} figures"
        )
    if parts[0]["unit"] == "count":
        return Result(measure, p.label, "", None, None, sum(m["value"] for m in parts), f"sum of {n} figures")
    return Result(measure, p.label, "", None, None, sum(m["value"] for m in parts) / n, f"mean of {n} figures")
