"""The Wilson interval against worked values, its edge cases, and the properties
every interval must have."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.judge.interval import differs, wilson


def test_none_of_ten():
    # z² / n = 3.8415 / 10; upper = (z² / n) / (1 + z² / n) = 0.38415 / 1.38415 = 27.75%.
    assert wilson(0, 10) == pytest.approx((0.0, 27.753), abs=1e-3)


def test_half_of_ten():
    # Centre 0.5; half-width z x sqrt(0.025 + 0.0096) / 1.38415 = 0.2634.
    assert wilson(5, 10) == pytest.approx((23.659, 76.341), abs=1e-3)


def test_all_of_ten_reaches_one_hundred():
    interval = wilson(10, 10)
    assert interval is not None
    assert interval[1] == 100.0
    assert interval[0] == pytest.approx(100 - 27.753, abs=1e-3)


def test_a_wider_z_gives_a_wider_interval():
    narrow, wide = wilson(5, 10, z=1.0), wilson(5, 10)
    assert narrow is not None and wide is not None
    assert wide[0] < narrow[0] and narrow[1] < wide[1]


@pytest.mark.parametrize("denominator", [0, -3])
def test_no_denominator_gives_none(denominator):
    assert wilson(0, denominator) is None


@pytest.mark.parametrize(("numerator", "denominator"), [(11, 10), (-1, 10)])
def test_impossible_numerators_are_refused(numerator, denominator):
    with pytest.raises(ValueError):
        wilson(numerator, denominator)


@given(st.integers(min_value=1, max_value=10**9).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_rate_and_stays_in_range(case):
    numerator, denominator = case
    interval = wilson(numerator, denominator)
    assert interval is not None
    lower, upper = interval
    rate = 100 * numerator / denominator
    assert 0 <= lower <= rate <= upper <= 100


def test_differs_outside_the_interval():
    assert differs((20.0, 40.0), 41.0)
    assert differs((20.0, 40.0), 19.5)


def test_differs_not_inside_or_on_the_edge():
    assert not differs((20.0, 40.0), 30.0)
    assert not differs((20.0, 40.0), 20.0)
    assert not differs((20.0, 40.0), 40.0)
