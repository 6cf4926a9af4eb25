"""Working days: Monday to Friday less the bank holidays of England and Wales,
counted as the catalogue says (days after A up to and including B)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.dates import working_days

days = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        (date(2024, 3, 29), "Good Friday"),
        (date(2024, 4, 1), "Easter Monday"),
        (date(2021, 12, 27), "Christmas Day (observed)"),
        (date(2021, 12, 28), "Boxing Day (observed)"),
        (date(2022, 6, 2), "Spring Bank Holiday"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State Funeral"),
        (date(2023, 5, 8), "Coronation"),
    ],
)
def test_bank_holidays_are_not_working_days(holiday, name):
    calendar = working_days()
    assert holiday.weekday() < 5
    assert not calendar.is_working_day(holiday)
    assert name.split(" (")[0] in calendar.bank_holidays[holiday]


def test_same_day_is_zero():
    assert working_days().between(date(2023, 6, 14), date(2023, 6, 14)) == 0


def test_friday_to_monday_is_one():
    assert working_days().between(date(2023, 6, 16), date(2023, 6, 19)) == 1


def test_weekend_start_counts_from_the_next_working_day():
    # Saturday to the following Monday: only the Monday counts.
    assert working_days().between(date(2023, 6, 17), date(2023, 6, 19)) == 1


def test_easter_2024_removes_two_days():
    # Thursday 28 March to Tuesday 2 April 2024: Good Friday and Easter Monday are holidays.
    assert working_days().between(date(2024, 3, 28), date(2024, 4, 2)) == 1


def test_christmas_2022_substitute_day():
    # Friday 23 December 2022 to Wednesday 28 December: 26 and 27 December are holidays.
    assert working_days().between(date(2022, 12, 23), date(2022, 12, 28)) == 1


def test_icpc_due_date_across_the_2022_funeral():
    # A strategy discussion on Friday 9 September 2022: 15 working days on, with
    # Monday 19 September a bank holiday, is Monday 3 October rather than Friday 30th.
    calendar = working_days()
    assert calendar.add(date(2022, 9, 9), 15) == date(2022, 10, 3)
    assert calendar.between(date(2022, 9, 9), date(2022, 10, 3)) == 15


def test_forty_five_working_days_over_christmas():
    calendar = working_days()
    due = calendar.add(date(2023, 11, 1), 45)
    assert due == date(2024, 1, 8)


def test_end_before_start_is_negative():
    assert working_days().between(date(2023, 6, 19), date(2023, 6, 16)) == -1


def test_dates_outside_the_calendar_are_refused():
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        working_days().between(date(1980, 1, 1), date(2023, 1, 1))


@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_add_and_between_agree(start, n):
    calendar = working_days()
    due = calendar.add(start, n)
    assert calendar.between(start, due) == n
    if n:
        assert calendar.is_working_day(due)
        assert calendar.between(start, due - timedelta(days=1)) == n - 1


@given(a=days, b=days, c=days)
def test_durations_add_up(a, b, c):
    calendar = working_days()
    assert calendar.between(a, b) + calendar.between(b, c) == calendar.between(a, c)


@given(a=days, b=days)
def test_count_matches_a_day_by_day_walk(a, b):
    first, last = min(a, b), max(a, b)
    if (last - first).days > 500:
        last = first + timedelta(days=500)
    calendar = working_days()
    walked = sum(calendar.is_working_day(first + timedelta(days=i)) for i in range(1, (last - first).days + 1))
    assert calendar.between(first, last) == walked
