"""The judged results table: the results contract's columns, then one column per
judgement, as CSV or JSON (what `scorecard judge` writes)."""

from __future__ import annotations

from scorecard.indicators.results import COLUMNS, write_csv, write_json
from scorecard.indicators.results import rows as result_rows
from scorecard.judge.judgement import Judgement

JUDGEMENT_COLUMNS = (
    "polarity",
    "target",
    "tolerance",
    "rag",
    "previous_period",
    "previous_value",
    "vs_previous",
    "last_year_period",
    "last_year_value",
    "vs_last_year",
    "ci_low",
    "ci_high",
    "change_beyond_noise",
    "signal",
    "signal_note",
    "benchmark_year",
    "benchmarks_synthetic",
    "england",
    "region",
    "neighbours_mean",
    "neighbours_median",
    "neighbours_count",
    "published_value",
    "rank",
    "rank_of",
    "quartile_band",
    "judgement_note",
)


def rows(judged: list[Judgement], with_la: bool = False) -> list[dict[str, object]]:
    results = result_rows([j.result for j in judged], with_la)
    return [row | _judgement(j) for row, j in zip(results, judged, strict=True)]


def _judgement(j: Judgement) -> dict[str, object]:
    c = j.comparison
    return {
        "polarity": j.polarity,
        "target": j.target.value if j.target else None,
        "tolerance": j.target.tolerance if j.target else None,
        "rag": j.rag,
        "previous_period": j.previous.period if j.previous else None,
        "previous_value": j.previous.shown or j.previous.value if j.previous else None,
        "vs_previous": j.vs_previous,
        "last_year_period": j.last_year.period if j.last_year else None,
        "last_year_value": j.last_year.shown or j.last_year.value if j.last_year else None,
        "vs_last_year": j.vs_last_year,
        "ci_low": j.interval[0] if j.interval else None,
        "ci_high": j.interval[1] if j.interval else None,
        "change_beyond_noise": j.beyond_noise,
        "signal": j.signal.variation if j.signal else None,
        "signal_note": j.signal.note if j.signal else None,
        "benchmark_year": c.year if c else None,
        "benchmarks_synthetic": c.synthetic if c else None,
        "england": c.england if c else None,
        "region": c.region if c else None,
        "neighbours_mean": c.neighbours_mean if c else None,
        "neighbours_median": c.neighbours_median if c else None,
        "neighbours_count": c.neighbours_count if c else None,
        "published_value": c.published if c else None,
        "rank": c.rank if c else None,
        "rank_of": c.rank_of if c else None,
        "quartile_band": c.quartile_band if c else None,
        "judgement_note": j.note,
    }


def as_csv(judged: list[Judgement], with_la: bool = False) -> str:
    header = ("la_code", *COLUMNS) if with_la else COLUMNS
    return write_csv(rows(judged, with_la), (*header, *JUDGEMENT_COLUMNS))


def as_json(judged: list[Judgement], with_la: bool = False) -> str:
    return write_json(rows(judged, with_la))
