"""Small-number suppression for public outputs: every case of the catalogue's rule,
and the public results holding no small number anywhere."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard import api
from scorecard.indicators.engine import Result
from scorecard.judge.suppress import for_audience, suppress


def _result(unit: str, value: float | None, numerator: float | None, denominator: float | None) -> Result:
    return Result(
        "x", "001", "2025-26", date(2025, 4, 1), date(2026, 3, 31), None, numerator, denominator, value, unit, ""
    )


@pytest.mark.parametrize(
    ("unit", "value", "numerator", "denominator", "shown", "kept"),
    [
        ("count", 0, 0, None, "", True),  # zero discloses nothing
        ("count", 1, 1, None, "<5", False),
        ("count", 4, 4, None, "<5", False),
        ("count", 5, 5, None, "", True),
        ("percent", 50.0, 3, 6, "", False),  # numerator 1-4: withheld
        ("percent", 100.0, 4, 4, "", False),  # both small
        ("percent", 0.0, 0, 4, "", False),  # denominator 1-4: withheld even at 0%
        ("percent", 0.0, 0, 5, "", True),
        ("percent", 50.0, 5, 10, "", True),
        ("rate_per_10k", 2.5, 2, 8000, "", False),  # a rate on two children
        ("rate_per_10k", 6.25, 5, 8000, "", True),
        ("days", 31.0, 93, 3, "", False),  # an average over three children
        ("percent", None, None, None, "", True),  # not available stays as it is
    ],
)  # fmt: skip
def test_each_case_of_the_rule(unit, value, numerator, denominator, shown, kept):
    before = _result(unit, value, numerator, denominator)
    after = suppress(before, 5)
    assert (after == before) is kept
    assert after.shown == shown
    if not kept:
        assert (after.value, after.numerator, after.denominator) == (None, None, None)
        assert "fewer than 5" in after.note


def test_the_threshold_comes_from_the_config():
    assert suppress(_result("count", 7, 7, None), 10).shown == "<10"
    assert suppress(_result("count", 7, 7, None), 5).shown == ""


def test_internal_outputs_are_untouched_and_an_unknown_audience_refused():
    small = [_result("count", 2, 2, None)]
    assert for_audience(small, "internal", 5) == small
    with pytest.raises(ValueError, match="public or internal"):
        for_audience(small, "press", 5)


def test_public_results_hold_no_small_number(loaded_store, small_la):
    config = small_la / "scorecard.yml"
    internal = api.indicators("2025-26 Q4", loaded_store, config=config)
    public = api.indicators("2025-26 Q4", loaded_store, config=config, audience="public")
    assert any(0 < (r.numerator or 0) < 5 for r in internal), "the small LA should have some small numbers"
    for r in public:
        for number in (r.value if r.unit == "count" else None, r.numerator, r.denominator):
            assert number is None or not 0 < number < 5, r
    assert any(r.shown == "<5" for r in public)


def test_judge_for_the_public_withholds_judgements_of_withheld_figures(loaded_store, small_la):
    judged = api.judge("2025-26 Q4", loaded_store, config=small_la / "scorecard.yml", audience="public")
    withheld = [j for j in judged if j.result.note.startswith("withheld")]
    assert withheld
    for j in withheld:
        assert (j.rag, j.vs_previous, j.vs_last_year, j.interval) == (None, None, None, None)
        assert j.comparison is None or (j.comparison.rank, j.comparison.quartile_band) == (None, None)
