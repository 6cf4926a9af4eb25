"""XmR limits, the three special-cause rules and the verdict on the latest point,
checked against series small enough to work by hand."""

from __future__ import annotations

import pytest

from scorecard.judge.spc import MIN_POINTS, Limits, Signal, enough_points, judge_series, signals, xmr_limits

TEXTBOOK = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 11, 10, 12, 11]

# Hand-made limits around a mean of 11, so each rule can be tested on its own
# without the series moving its own limits.
WIDE = Limits(mean=11, lower=0, upper=22, moving_range_mean=11 / 2.66)


def mirrored(values: list[float]) -> list[float]:
    """The series reflected about the mean of WIDE: rises become falls, highs lows."""
    return [22 - v for v in values]


def of_rule(found: list[Signal], rule: str) -> list[Signal]:
    return [s for s in found if s.rule == rule]


# --- limits -------------------------------------------------------------------


def test_textbook_limits():
    # Sum = 171 over 15 points, so the mean is 171 / 15 = 11.4.
    # Moving ranges: 2 1 2 1 1 1 2 1 2 1 1 1 2 1, summing to 19 over 14, so 19 / 14 = 1.357...
    # Limits: 11.4 ± 2.66 x 19 / 14 = 11.4 ± 3.61, i.e. 7.79 to 15.01.
    limits = xmr_limits(TEXTBOOK)
    assert limits is not None
    assert limits.mean == pytest.approx(11.4)
    assert limits.moving_range_mean == pytest.approx(19 / 14)
    assert limits.lower == pytest.approx(7.79)
    assert limits.upper == pytest.approx(15.01)


def test_baseline_uses_only_the_first_points():
    # The first four points: mean 46 / 4 = 11.5; ranges 2, 1, 2 average 5 / 3.
    limits = xmr_limits([*TEXTBOOK[:4], 100, 200], baseline=4)
    assert limits is not None
    assert limits.mean == pytest.approx(11.5)
    assert limits.moving_range_mean == pytest.approx(5 / 3)
    assert limits.upper == pytest.approx(11.5 + 2.66 * 5 / 3)


def test_lower_limit_is_not_clipped():
    # Mean 1, ranges all 2: 1 - 2.66 x 2 = -4.32, below zero and left there.
    limits = xmr_limits([0, 2, 0, 2, 0, 2])
    assert limits is not None
    assert limits.lower == pytest.approx(1 - 2.66 * 2)
    assert limits.lower < 0


@pytest.mark.parametrize("values", [[], [5]])
def test_no_limits_below_two_points(values):
    assert xmr_limits(values) is None


def test_no_limits_from_a_one_point_baseline():
    assert xmr_limits(TEXTBOOK, baseline=1) is None


def test_enough_points_is_fifteen():
    assert MIN_POINTS == 15
    assert enough_points(15)
    assert not enough_points(14)


# --- outside the limits -------------------------------------------------------

LIMITS = Limits(mean=11, lower=7, upper=15, moving_range_mean=4 / 2.66)
STEADY = [10, 12] * 5


def test_a_point_above_the_upper_limit_is_flagged_alone():
    values = [*STEADY[:5], 16, *STEADY[6:]]
    assert signals(values, LIMITS) == [Signal("outside_limits", 5, "high")]


def test_a_point_below_the_lower_limit_is_flagged_alone():
    values = [*STEADY[:4], 6, *STEADY[5:]]
    assert signals(values, LIMITS) == [Signal("outside_limits", 4, "low")]


def test_a_point_on_a_limit_is_within_it():
    assert signals([*STEADY[:4], 15, 7, *STEADY[6:]], LIMITS) == []


# --- shifts -------------------------------------------------------------------

# Alternating either side of the mean, with no trend and no shift of its own.
BEFORE = [12, 10, 12, 10]
AFTER = [10, 12, 10]


def test_seven_points_above_the_mean_are_a_shift():
    above = [12, 13, 12, 13, 12, 13, 12]
    found = signals([*BEFORE, *above, *AFTER], WIDE)
    assert found == [Signal("shift", i, "high") for i in range(4, 11)]


def test_six_points_above_the_mean_are_not_a_shift():
    above = [12, 13, 12, 13, 12, 13]
    assert signals([*BEFORE, *above, *AFTER], WIDE) == []


def test_seven_points_below_the_mean_are_a_shift():
    below = [10, 9, 10, 9, 10, 9, 10]
    found = signals([12, *below, 12, 10, 12], WIDE)
    assert found == [Signal("shift", i, "low") for i in range(1, 8)]


def test_a_point_on_the_mean_breaks_the_run():
    # Eight points, the fourth exactly on the mean: runs of three and four.
    above = [12, 13, 12, 11, 13, 12, 13, 12]
    assert of_rule(signals([*BEFORE, *above, *AFTER], WIDE), "shift") == []


def test_the_run_length_can_be_changed():
    above = [12, 13, 12, 13, 12, 13]
    found = signals([*BEFORE, *above, *AFTER], WIDE, run=6)
    assert found == [Signal("shift", i, "high") for i in range(4, 10)]


def test_a_run_shorter_than_two_is_refused():
    with pytest.raises(ValueError):
        signals(TEXTBOOK, WIDE, run=1)


# --- trends -------------------------------------------------------------------

# Rising 8 to 14 crosses the mean (11 sits on it), so no shift muddies the trend.
RISING_7 = [12, 10, 12, 10, 8, 9, 10, 11, 12, 13, 14, 10, 12, 10]
RISING_6 = [12, 10, 12, 10, 8, 9, 10, 11, 12, 13, 10, 12, 10]
WITH_A_TIE = [12, 10, 12, 10, 8, 9, 10, 10, 11, 12, 13, 10, 12, 10]


def test_seven_rising_points_are_a_trend():
    assert signals(RISING_7, WIDE) == [Signal("trend", i, "rising") for i in range(4, 11)]


def test_six_rising_points_are_not_a_trend():
    assert signals(RISING_6, WIDE) == []


def test_an_equal_pair_breaks_a_rising_trend():
    # 8 9 10 then 10 11 12 13: three rising, then four, never seven.
    assert signals(WITH_A_TIE, WIDE) == []


def test_seven_falling_points_are_a_trend():
    assert signals(mirrored(RISING_7), WIDE) == [Signal("trend", i, "falling") for i in range(4, 11)]


def test_six_falling_points_are_not_a_trend():
    assert signals(mirrored(RISING_6), WIDE) == []


def test_an_equal_pair_breaks_a_falling_trend():
    assert signals(mirrored(WITH_A_TIE), WIDE) == []


def test_a_peak_ends_a_rising_trend_and_starts_a_falling_one():
    values = [8, 9, 10, 11, 12, 13, 14, 13, 12, 11, 10, 9, 8]
    found = of_rule(signals(values, WIDE), "trend")
    assert [s for s in found if s.direction == "rising"] == [Signal("trend", i, "rising") for i in range(7)]
    assert [s for s in found if s.direction == "falling"] == [Signal("trend", i, "falling") for i in range(6, 13)]


# --- the verdict on the latest point ------------------------------------------

# Eight points below the overall mean (12.13), then seven above ending at the last:
# a high shift on the latest point, with no trend and nothing outside the limits.
HIGH_SHIFT_AT_END = [10, 12, 10, 12, 10, 12, 10, 12, 13, 14, 13, 14, 13, 14, 13]


def test_the_high_shift_at_the_end_is_a_shift_only():
    result = judge_series(HIGH_SHIFT_AT_END, "up")
    last = [s for s in result.signals if s.index == len(HIGH_SHIFT_AT_END) - 1]
    assert last == [Signal("shift", 14, "high")]


@pytest.mark.parametrize(
    ("polarity", "variation"),
    [("up", "special cause improvement"), ("down", "special cause concern"), ("none", "special cause variation")],
)
def test_polarity_decides_improvement_or_concern(polarity, variation):
    result = judge_series(HIGH_SHIFT_AT_END, polarity)
    assert result.variation == variation
    assert "above the mean" in result.note


@pytest.mark.parametrize(
    ("polarity", "variation"),
    [("up", "special cause concern"), ("down", "special cause improvement"), ("none", "special cause variation")],
)
def test_a_low_shift_at_the_end_reverses_the_verdict(polarity, variation):
    result = judge_series([30 - v for v in HIGH_SHIFT_AT_END], polarity)
    assert result.variation == variation
    assert "below the mean" in result.note


def test_a_signal_away_from_the_last_point_leaves_common_cause():
    # 8 and 14 alternating with one spike of 44: mean 12.5, average moving range
    # (18 x 6 + 36 + 30) / 19 = 174 / 19, upper limit 12.5 + 2.66 x 174 / 19 = 36.86.
    values = [8, 14] * 10
    values[5] = 44
    result = judge_series(values, "up")
    assert result.limits is not None
    assert result.limits.upper == pytest.approx(12.5 + 2.66 * 174 / 19)
    assert result.signals == (Signal("outside_limits", 5, "high"),)
    assert result.variation == "common cause"


def test_signals_pulling_both_ways_are_neutral():
    # Eight high points, then seven rising from 10 to 16 but all below the mean:
    # the last point is in a low shift and a rising trend at once.
    values = [20, 22] * 4 + list(range(10, 17))
    result = judge_series(values, "up")
    last = {(s.rule, s.direction) for s in result.signals if s.index == 14}
    assert last == {("shift", "low"), ("trend", "rising")}
    assert result.variation == "special cause variation"
    assert "both ways" in result.note


def test_fewer_than_fifteen_points_are_not_judged():
    result = judge_series(TEXTBOOK[:14], "up")
    assert result.variation == "not enough points"
    assert result.limits is None
    assert result.signals == ()
    assert "fewer than 15 points" in result.note


def test_missing_months_are_dropped_not_zeroed():
    # Fifteen figures among gaps: judged on the figures alone, as if the gaps were
    # absent. A None read as zero would fall far below the lower limit of 7.79.
    values = [None, *TEXTBOOK[:5], None, float("nan"), *TEXTBOOK[5:], None]
    result = judge_series(values, "up")
    assert result.limits == xmr_limits(TEXTBOOK)
    assert result.variation == "common cause"
    assert result.signals == ()


def test_missing_months_still_count_against_the_minimum():
    result = judge_series([*TEXTBOOK[:14], None, None], "up")
    assert result.variation == "not enough points"
    assert "(14 with figures)" in result.note


def test_signal_indices_refer_to_the_series_as_given():
    # The shift sits at positions 4-10 of the figures; two gaps before it move it to 6-12.
    values = [*BEFORE[:2], None, None, *BEFORE[2:], 12, 13, 12, 13, 12, 13, 12, *AFTER, 12, 10, 12, 10]
    result = judge_series(values, "up")
    assert [s.index for s in result.signals if s.rule == "shift"] == list(range(6, 13))
    assert all(values[s.index] is not None for s in result.signals)


def test_an_unknown_polarity_is_refused():
    with pytest.raises(ValueError):
        judge_series(TEXTBOOK, "sideways")
