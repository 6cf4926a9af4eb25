"""Small-number suppression for public outputs: every case of the catalogue's rule,
breakdowns protected against subtraction (hand-worked, and for any breakdown by
hypothesis), staff figures left alone, and the public results holding no small number."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard import api
from scorecard.indicators.results import Result
from scorecard.judge.suppress import SECONDARY, for_audience, protect, suppress


def _result(unit: str, value: float | None, numerator: float | None, denominator: float | None, **kw: object) -> Result:
    return Result(
        "x", "001", "2025-26", date(2025, 4, 1), date(2026, 3, 31), None, numerator, denominator, value, unit, "", **kw
    )


@pytest.mark.parametrize(
    ("unit", "value", "numerator", "denominator", "kept"),
    [
        ("count", 0, 0, None, True),  # zero discloses nothing
        ("count", 1, 1, None, False),
        ("count", 4, 4, None, False),
        ("count", 5, 5, None, True),
        ("percent", 50.0, 3, 6, False),  # numerator 1-4: withheld
        ("percent", 100.0, 4, 4, False),  # both small
        ("percent", 0.0, 0, 4, False),  # denominator 1-4: withheld even at 0%
        ("percent", 0.0, 0, 5, True),
        ("percent", 50.0, 5, 10, True),
        ("rate_per_10k", 2.5, 2, 8000, False),  # a rate on two children
        ("rate_per_10k", 6.25, 5, 8000, True),
        ("days", 31.0, 93, 3, False),  # an average over three children
        ("percent", None, None, None, True),  # not available stays as it is
    ],
)  # fmt: skip
def test_each_case_of_the_rule(unit, value, numerator, denominator, kept):
    before = _result(unit, value, numerator, denominator)
    after = suppress(before, 5)
    assert (after == before) is kept
    if kept:
        assert after.withheld is None and after.shown == ""
        return
    assert (after.value, after.numerator, after.denominator) == (None, None, None)
    assert after.withheld is not None and after.withheld.small
    assert after.shown == "fewer than 5" and after.figure == after.withheld
    assert "not available" not in after.note and "fewer than 5" in after.note


def test_the_threshold_comes_from_the_config_and_is_written_as_figures_are():
    assert suppress(_result("count", 7, 7, None), 10).shown == "fewer than 10"
    assert suppress(_result("count", 7, 7, None), 5).shown == ""
    assert suppress(_result("count", 999, 999, None), 1000).shown == "fewer than 1,000"


def test_figures_about_staff_are_never_suppressed():
    fte = _result("percent", 50.0, 0.5, 1.0, subject="worker")
    leavers = replace(_result("count", 2.5, 2.5, None, subject="worker"), breakdown="2025-09 leavers")
    assert for_audience([fte, leavers], "public", 5) == [fte, leavers]
    # A local measure (or an LA's own definition) keeps the rule unless it says its subject is staff.
    assert for_audience([_result("count", 3, 3, None)], "public", 5)[0].shown == "fewer than 5"


def test_internal_outputs_are_untouched_and_an_unknown_audience_refused():
    small = [_result("count", 2, 2, None)]
    assert for_audience(small, "internal", 5) == small
    with pytest.raises(ValueError, match="public or internal"):
        for_audience(small, "press", 5)


# --- breakdowns: secondary suppression, worked by hand -----------------------------------


@pytest.mark.parametrize(
    ("cells", "threshold", "fewer", "withheld", "total_withheld"),
    [
        # One small category, the total and the rest shown: 45 - 30 - 12 = 3. The
        # smallest shown one goes too, and 15 between them says neither.
        ([30, 3, 12], 5, {1}, {2}, False),
        # Two small ones summing to 4 (1 and 3): 4 would be the difference. 9 goes.
        ([1, 3, 9, 20], 5, {0, 1}, {2}, False),
        # Two summing to 6 (2 and 4): each could be 2, 3 or 4. Nothing more.
        ([2, 4, 9, 20], 5, {0, 1}, set(), False),
        # A zero category is shown (zero is not disclosive) and never withheld to cover another.
        ([0, 12, 20], 5, set(), set(), False),
        ([0, 3, 12, 20], 5, {1}, {2}, False),
        # Every category small and 4 in all: the total is itself small, and is withheld.
        ([1, 2, 1], 5, {0, 1, 2}, set(), True),
        # Every category small but 9 in all: each could be 1 to 4, nothing more to hide.
        ([2, 3, 4], 5, {0, 1, 2}, set(), False),
        # Two 4s and 8 more than the rest: each must be 4, so 30 goes too.
        ([4, 4, 30], 5, {0, 1}, {2}, False),
        # Only two 4s: no shown one left to withhold, so one claims nothing of its size.
        ([4, 4], 5, {1}, {0}, False),
        # The threshold from the config: 7 and 3 are small below 10, and 10 between them is enough...
        ([7, 3, 12, 40], 10, {0, 1}, set(), False),
        # ...but 7 alone is not.
        ([7, 12, 40], 10, {0}, {1}, False),
        # The demo's care leavers in touch: 108 - 97 - 7 = 4 across three small categories.
        ([97, 7, 2, 1, 1], 5, {2, 3, 4}, {1}, False),
    ],
)  # fmt: skip
def test_secondary_suppression_by_hand(cells, threshold, fewer, withheld, total_withheld):
    found = protect(cells, threshold)
    assert (set(found.small), set(found.withheld), found.total_withheld) == (fewer, withheld, total_withheld)


def _rows(cells: list[int], unit: str, subject: str = "child") -> list[Result]:
    """A breakdown: counts, or each category's percentage of the total."""
    total = sum(cells)
    rows = []
    for i, n in enumerate(cells):
        if unit == "count":
            row = _result("count", n, n, None, subject=subject)
        else:
            row = _result("percent", 100 * n / total if total else None, n, total, subject=subject)
        rows.append(replace(row, breakdown=f"category {i}"))
    return rows


def test_a_breakdown_of_percentages_withholds_what_subtraction_would_give():
    # Children looked after by placement type: 223 in all, 4 in the two small types.
    cells = [30, 79, 57, 33, 7, 13, 3, 1]
    public = for_audience(_rows(cells, "percent"), "public", 5)
    assert [r.shown for r in public] == ["", "", "", "", SECONDARY, "", "fewer than 5", "fewer than 5"]
    assert {r.denominator for r in public if r.withheld is None} == {223}
    assert all(r.value is None and r.numerator is None for r in public if r.withheld)
    assert "cannot be worked out" in public[4].note


def test_categories_with_their_own_denominators_are_protected_on_both():
    # Percentages within each category: numerators and denominators each add up to a total.
    rows = [
        replace(_result("percent", 100 * n / d, n, d), breakdown=f"c{i}")
        for i, (n, d) in enumerate([(2, 3), (6, 20), (9, 30), (40, 60)])
    ]
    public = for_audience(rows, "public", 5)
    withheld = {r.breakdown for r in public if r.withheld}
    # c0 rests on 3 children; c1 goes so that neither 2 nor 3 is the difference.
    assert withheld == {"c0", "c1"}


# --- breakdowns: for any breakdown -----------------------------------------------------------


def _reader(public: list[Result], total: int | None, threshold: int) -> list[set[int]]:
    """What a reader can make of each withheld category from the shown ones, the total
    (None when it is withheld) and the labels, worked out by trying every value."""
    bounds = []
    for r in public:
        if r.withheld is None:
            bounds.append(None)
        elif r.shown == f"fewer than {threshold}":
            bounds.append((1, threshold - 1))
        else:
            assert r.shown == SECONDARY
            bounds.append((0, 10**6))
    if total is None:
        # The total is small, so a percentage's "fewer than" may be of its denominator alone.
        floor = {r.breakdown: 0 if r.unit == "percent" else 1 for r in public}
        return [set(range(floor[r.breakdown], b[1] + 1)) if b else set() for r, b in zip(public, bounds, strict=True)]
    shown = sum(
        int(r.numerator if r.unit != "count" else r.value) for r, b in zip(public, bounds, strict=True) if not b
    )
    held = total - shown
    possible = []
    for i, b in enumerate(bounds):
        if b is None:
            possible.append(set())
            continue
        sums = {0}  # what the other withheld categories can add up to
        for j, other in enumerate(bounds):
            if j != i and other:
                sums = {s + v for s in sums for v in range(other[0], min(other[1], held) + 1) if s + v <= held}
        possible.append({v for v in range(b[0], min(b[1], held) + 1) if held - v in sums})
    return possible


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=1, max_size=7),
    threshold=st.integers(3, 10),
    unit=st.sampled_from(["count", "percent"]),
)
def test_no_withheld_category_can_be_worked_out(cells, threshold, unit):
    public = for_audience(_rows(cells, unit), "public", threshold)
    total = sum(cells)
    # The total is shown (as the headline count, or each percentage's denominator)
    # unless it is itself small.
    known = total if not 0 < total < threshold else None
    for r, n, possible in zip(public, cells, _reader(public, known, threshold), strict=True):
        if 0 < n < threshold:
            assert r.withheld is not None, (cells, r)
        if r.withheld is None:
            continue
        if r.withheld.small:  # "fewer than" is true of it, or of the percentage's denominator
            assert 0 < n < threshold or (unit == "percent" and 0 < total < threshold)
        assert n in possible
        if 0 < n < threshold:
            assert len(possible) > 1, (cells, threshold, r.breakdown, possible)
    if known is not None:
        held = sum(n for r, n in zip(public, cells, strict=True) if r.withheld)
        assert held == 0 or held >= threshold, (cells, threshold)


# --- the public results -----------------------------------------------------------------------


def test_public_results_hold_no_small_number(loaded_store, small_la):
    config = small_la / "scorecard.yml"
    internal = api.indicators("2025-26 Q4", loaded_store, config=config)
    public = api.indicators("2025-26 Q4", loaded_store, config=config, audience="public")
    assert any(0 < (r.numerator or 0) < 5 and r.subject == "child" for r in internal), "the LA should have some"
    for r in public:
        if r.subject == "worker":
            continue
        for number in (r.value if r.unit == "count" else None, r.numerator, r.denominator):
            assert number is None or not 0 < number < 5, r
    assert any(r.shown == "fewer than 5" for r in public)
    assert not any("not available" in r.note for r in public if r.withheld)


def test_workforce_figures_are_shown_to_the_public_however_small(loaded_store, small_la):
    config = small_la / "scorecard.yml"
    ids = ["sw_turnover_rate", "sw_vacancy_rate", "sw_agency_rate", "sw_absence_rate", "sw_caseload_avg"]
    internal = api.indicators("2025-26 Q4", loaded_store, ids=ids, config=config)
    assert internal and all(r.subject == "worker" for r in internal)
    assert api.indicators("2025-26 Q4", loaded_store, ids=ids, config=config, audience="public") == internal


def test_public_breakdowns_cannot_be_subtracted(loaded_store, small_la):
    public = api.indicators("2025-26 Q4", loaded_store, config=small_la / "scorecard.yml", audience="public")
    internal = api.indicators("2025-26 Q4", loaded_store, config=small_la / "scorecard.yml")
    counts = {(r.indicator_id, r.breakdown): r.value if r.unit == "count" else r.numerator for r in internal}
    breakdowns = {r.indicator_id for r in public if r.breakdown is not None and r.subject == "child"}
    assert {"cpp_category", "cla_placement_type", "care_leavers_in_touch", "cla_ceased_reason"} <= breakdowns
    for indicator_id in breakdowns:
        rows = [r for r in public if r.indicator_id == indicator_id and r.breakdown is not None]
        held = sum(counts[(indicator_id, r.breakdown)] or 0 for r in rows if r.withheld)
        assert held == 0 or held >= 5, indicator_id


def test_judge_for_the_public_withholds_judgements_of_withheld_figures(loaded_store, small_la):
    judged = api.judge("2025-26 Q4", loaded_store, config=small_la / "scorecard.yml", audience="public")
    withheld = [j for j in judged if j.result.withheld]
    assert withheld
    for j in withheld:
        assert (j.rag, j.vs_previous, j.vs_last_year, j.interval) == (None, None, None, None)
        assert j.comparison is None or (j.comparison.rank, j.comparison.quartile_band) == (None, None)
