"""Period labels of the catalogue, and the messages for labels that are not."""

from datetime import date, timedelta

import pytest

from scorecard.dates import PeriodError, financial_year_label, parse_period
from scorecard.dates.periods import previous_period, same_period_last_year
from scorecard.dates.spans import add_months


@pytest.mark.parametrize(
    ("label", "start", "end", "kind"),
    [
        ("2023-24", date(2023, 4, 1), date(2024, 3, 31), "year"),
        ("1999-00", date(1999, 4, 1), date(2000, 3, 31), "year"),
        ("2023-24 Q1", date(2023, 4, 1), date(2023, 6, 30), "quarter"),
        ("2023-24 Q2", date(2023, 7, 1), date(2023, 9, 30), "quarter"),
        ("2023-24 Q3", date(2023, 10, 1), date(2023, 12, 31), "quarter"),
        ("2023-24 Q4", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("2023-24 q4", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("2023-09", date(2023, 9, 1), date(2023, 9, 30), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("2023-04-01..2023-12-31", date(2023, 4, 1), date(2023, 12, 31), "range"),
        ("2024-02-29..2024-02-29", date(2024, 2, 29), date(2024, 2, 29), "range"),
    ],
)
def test_labels(label, start, end, kind):
    period = parse_period(label)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert period.label == label


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2023-24 Q2", date(2023, 4, 1), date(2023, 9, 30)),
        ("2023-24 Q4", date(2023, 4, 1), date(2024, 3, 31)),
        ("2024-01", date(2023, 4, 1), date(2024, 1, 31)),
        ("2023-05", date(2023, 4, 1), date(2023, 5, 31)),
        ("2023-04-10..2023-12-31", date(2023, 4, 1), date(2023, 12, 31)),
        ("2023-24", date(2023, 4, 1), date(2024, 3, 31)),
    ],
)
def test_year_to_date(label, start, end):
    period = parse_period(label, ytd=True)
    assert (period.start, period.end) == (start, end)
    assert period.display_label == f"{label} YTD"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2023-25", "neither a financial year"),
        ("2023-25 Q1", "two consecutive years"),
        ("2023-24 Q5", "not a period label"),
        ("2008-09", "could be the financial year or the month"),
        ("2023-13", "neither a financial year"),
        ("2023-12-31..2023-04-01", "ends before it starts"),
        ("2023-02-30..2023-03-31", "not a real date"),
        ("last quarter", "Period labels look like"),
    ],
)
def test_labels_that_are_not(label, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(label)


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2024, 3, 31), "2023-24"), (date(2024, 4, 1), "2024-25"), (date(2000, 1, 1), "1999-00")],
)
def test_financial_year_of_a_date(day, label):
    assert financial_year_label(day) == label


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2022, 8, 31), 6, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), -24, date(2022, 2, 28)),
        (date(2023, 11, 15), 3, date(2024, 2, 15)),
        (date(2023, 1, 31), -1, date(2022, 12, 31)),
    ],
)
def test_add_months_holds_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("label", "ytd", "previous", "last_year"),
    [
        ("2025-26 Q1", False, "2024-25 Q4", "2024-25 Q1"),
        ("2025-26", False, "2024-25", "2024-25"),
        ("2024-03", False, "2024-02", "2023-03"),
        ("2024-03-01..2024-03-31", False, "2024-01-30..2024-02-29", "2023-03-01..2023-03-31"),
        ("2024-04-01..2025-02-28", False, "2023-05-03..2024-03-31", "2023-04-01..2024-02-29"),
        ("2025-26 Q3", True, None, "2024-25 Q3"),
    ],
)
def test_the_periods_a_figure_is_compared_with(label, ytd, previous, last_year):
    period = parse_period(label, ytd)
    before = previous_period(period)
    assert (before.label if before else None) == previous
    if before:
        assert before.days == period.days or period.kind != "range"
        assert before.end == period.start - timedelta(days=1)
    year_ago = same_period_last_year(period)
    assert (year_ago.label, year_ago.ytd) == (last_year, ytd)
