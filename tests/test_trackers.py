"""Live tracking. Every tracker's hand-worked cases (trackers/definitions/<id>/cases.yml:
the given rows go into an empty store, the tracker runs as at the day, and its rows must
be exactly the expected ones, in that order); the filters a manager's list relies on;
and every tracker over the synthetic LA, checked against the indicator whose rule it
follows."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from scorecard import indicators
from scorecard.config import Config, ConfigError, load_config
from scorecard.dates import parse_period
from scorecard.indicators.queries import set_periods, with_parameters
from scorecard.outputs.exceptions import exception_lists
from scorecard.store.database import Store
from scorecard.trackers import TrackerError, TrackerList, definitions, track
from scorecard.trackers.listing import DUE_SOON, OVERDUE, parameter_values
from tests.test_indicator_cases import LA, given

# The last day of the synthetic LA's returns, and the quarter that ends on it.
SYNTHETIC_DAY = date(2026, 3, 31)
SYNTHETIC_QUARTER = "2025-26 Q4"


def cases():
    for tracker in definitions().values():
        path = tracker.folder / "cases.yml"
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
            yield pytest.param(tracker.id, case, id=f"{tracker.id}-{number}")


@pytest.mark.parametrize(("tracker_id", "case"), list(cases()))
def test_case(tracker_id, case):
    config = Config(la_code=LA, parameters=case.get("parameters") or {})
    with Store.open(":memory:") as store:
        given(store, case.get("given") or {})
        found = track(
            store, tracker_id, case["as_at"], case.get("la_code", LA), config, case.get("teams"), case.get("within")
        )
    records = records_of(found)
    expected = case["expect"]
    assert len(records) == len(expected), f"{case['name']}: {len(records)} rows, expected {len(expected)}: {records}"
    for number, (record, wanted) in enumerate(zip(records, expected, strict=True), start=1):
        assert set(wanted) <= set(record), f"{case['name']}: no column {set(wanted) - set(record)}"
        differ = {k: record[k] for k, v in wanted.items() if record[k] != v}
        assert not differ, f"{case['name']}: row {number} has {differ}, expected {wanted}"


def test_every_tracker_has_cases():
    for tracker in definitions().values():
        path = tracker.folder / "cases.yml"
        assert path.is_file(), f"{tracker.id} has no cases.yml"
        assert len(yaml.safe_load(path.read_text(encoding="utf-8")) or []) >= 2, f"{tracker.id}: too few cases"


@pytest.mark.parametrize("tracker_id", list(definitions()))
def test_the_query_returns_exactly_the_columns_shown_and_the_description_its_settings(tracker_id):
    tracker = definitions()[tracker_id]
    values = parameter_values(tracker, Config(), None)
    query = with_parameters(tracker.query, values, tracker.folder / "query.sql")
    with Store.open(":memory:") as store:
        set_periods(store.con, [parse_period("2024-03")], Config())
        returned = [c[0] for c in store.con.execute(query).description]
        found = track(store, tracker_id, date(2024, 3, 28), LA, Config())
    assert returned == [name for name, _ in tracker.columns]
    assert found.rows == () and found.columns[-1] == "status" and len(found.headings) == len(found.columns)
    assert "{" not in found.description and found.description.endswith(".")


def test_the_trackers_are_the_seven_asked_for_each_following_its_indicator():
    rules = {t.id: t.rule for t in definitions().values()}
    assert rules == {
        "assessments_due": "assessments_45wd",
        "cp_reviews_due": "cpp_reviews_timely",
        "cp_visits_due": "cpp_visits_timely",
        "icpc_due": "icpc_15wd",
        "cla_reviews_due": "cla_reviews_timely",
        "cla_visits_due": "cla_visits_timely",
        "care_leavers_no_contact": None,
    }


def test_an_unknown_tracker_is_named_with_the_known_ones():
    with Store.open(":memory:") as store, pytest.raises(TrackerError) as error:
        track(store, "icpc_overdue", date(2024, 3, 28), LA, Config())
    assert (
        "'icpc_overdue'" in str(error.value) and "icpc_due" in str(error.value) and "cla_visits_due" in str(error.value)
    )


@pytest.mark.parametrize(("teams", "within"), [("North", None), (None, -1), (None, True)])
def test_a_string_of_teams_or_a_negative_notice_is_refused(teams, within):
    with Store.open(":memory:") as store, pytest.raises(TrackerError):
        track(store, "icpc_due", date(2024, 3, 28), LA, Config(), teams, within)


def test_team_names_are_bound_not_written_into_the_sql():
    hostile = "North'); DROP TABLE s47; --"
    with Store.open(":memory:") as store:
        given(store, {"s47": [{"s47_id": "a", "referral_id": "A/1", "child_id": "A", "start_date": date(2024, 3, 7)}]})
        assert track(store, "icpc_due", date(2024, 3, 28), LA, Config(), [hostile]).rows == ()
        assert [r[1] for r in track(store, "icpc_due", date(2024, 3, 28), LA, Config()).rows] == ["A"]


def test_the_las_config_file_reaches_the_tracker_and_its_mistakes_are_named(tmp_path):
    """A plan started Thursday 14 March 2024, with no visit: by default the visit is due
    10 working days on (28 March), 6 after Wednesday 20 March, beyond the 5 days' notice;
    with the LA's 5 days it is due on 21 March, inside the LA's 2 days' notice."""
    path = tmp_path / "scorecard.yml"
    path.write_text("parameters:\n  cpp_visits_timely: {days: 5}\n  cp_visits_due: {within: 2}\n", encoding="utf-8")
    plan = {"cp_plan_id": "a", "referral_id": "A/1", "child_id": "A", "start_date": date(2024, 3, 14)}
    with Store.open(":memory:") as store:
        given(store, {"cp_plan": [plan]})
        assert track(store, "cp_visits_due", date(2024, 3, 20), LA, Config()).rows == ()
        listed = track(store, "cp_visits_due", date(2024, 3, 20), LA, load_config(path))
        (row,) = records_of(listed)
        assert track(store, "cp_visits_due", date(2024, 3, 18), LA, load_config(path)).rows == ()
    assert (row["due_date"], row["working_days_left"], row["status"]) == (date(2024, 3, 21), 1, DUE_SOON)
    assert "due 5 working days after the later of their last visit" in listed.description
    path.write_text("parameters:\n  cp_visits_due: {days: 5}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "parameters.cp_visits_due.days: cp_visits_due has no parameter 'days' (it has: within)" in str(error.value)


@pytest.fixture(scope="module")
def synthetic(loaded_store) -> dict[str, TrackerList]:
    """Every tracker over the synthetic LA as at its last day, with the default notice."""
    with Store.open(loaded_store, read_only=True) as store:
        return {t: track(store, t, SYNTHETIC_DAY, LA, Config(la_code=LA)) for t in definitions()}


@pytest.mark.parametrize("tracker_id", list(definitions()))
def test_every_tracker_lists_plausible_rows_for_the_synthetic_la(synthetic, tracker_id):
    tracker = definitions()[tracker_id]
    records = records_of(synthetic[tracker_id])
    assert records, f"{tracker_id} lists no one"
    keys = [tuple(r[k] for k in tracker.key) for r in records]
    assert len(set(keys)) == len(keys), f"{tracker_id} lists a row twice"
    left = [r[tracker.countdown] for r in records]
    notice = tracker.defaults()["within"]
    assert all(n is None or n <= notice for n in left)
    assert all(r["status"] == (OVERDUE if n is None or n < 0 else DUE_SOON) for r, n in zip(records, left, strict=True))
    counted = [n for n in left if n is not None]
    assert counted == sorted(counted) and left[: len(left) - len(counted)] == [None] * (len(left) - len(counted))
    assert all(r["la_code"] == LA and r["due_date"] for r in records if r[tracker.countdown] is not None)


@pytest.mark.parametrize("tracker_id", list(definitions()))
def test_a_manager_sees_only_their_teams(synthetic, loaded_store, tracker_id):
    everyone = records_of(synthetic[tracker_id])
    team = next(r["team"] for r in everyone if r["team"] is not None)
    with Store.open(loaded_store, read_only=True) as store:
        none = track(store, tracker_id, SYNTHETIC_DAY, LA, Config(), teams=[])
        theirs = records_of(track(store, tracker_id, SYNTHETIC_DAY, LA, Config(), teams={team}))
    assert none.rows == () and none.columns == synthetic[tracker_id].columns
    assert theirs == [r for r in everyone if r["team"] == team]


# Each overdue-capable tracker and the indicator whose rule it follows; for visits the
# two agree exactly, while a review indicator also fails a child for a review held late
# earlier, who is not overdue now.
AGREEING = [
    ("cp_visits_due", "cpp_visits_timely", True),
    ("cla_visits_due", "cla_visits_timely", True),
    ("cp_reviews_due", "cpp_reviews_timely", False),
    ("cla_reviews_due", "cla_reviews_timely", False),
]


AGREEMENT_DAYS = [(SYNTHETIC_DAY, SYNTHETIC_QUARTER), (date(2025, 12, 31), "2025-26 Q3")]


@pytest.mark.parametrize("tracker_id", [tracker_id for tracker_id, _, _ in AGREEING])
def test_someone_is_overdue_on_a_day_the_trackers_are_compared(loaded_store, tracker_id):
    """Else the agreement below would prove nothing."""
    with Store.open(loaded_store, read_only=True) as store:
        listed = [records_of(track(store, tracker_id, day, LA, Config(), within=0)) for day, _ in AGREEMENT_DAYS]
    assert any(r["status"] == OVERDUE for records in listed for r in records)


@pytest.mark.parametrize(("tracker_id", "indicator_id", "exactly"), AGREEING)
@pytest.mark.parametrize(("day", "quarter"), AGREEMENT_DAYS)
def test_the_tracker_the_indicator_and_the_exception_list_agree_on_who_is_overdue(
    loaded_store, tracker_id, indicator_id, exactly, day, quarter
):
    """As at a quarter's last day, the children the tracker shows overdue are those the
    indicator's drill-down has in its denominator and not its numerator (for reviews, a
    failure not overdue now had a review held late), and those the internal report's
    exception list names."""
    period = parse_period(quarter)
    with Store.open(loaded_store, read_only=True) as store:
        listed = records_of(track(store, tracker_id, day, LA, Config(), within=0))
        columns, rows = indicators.drill(store, indicator_id, period, LA, Config())
        exceptions = {e.indicator_id: e for e in exception_lists(store, period, Config(la_code=LA), LA)}
    overdue = {r["child_id"] for r in listed if r["status"] == OVERDUE}
    failures = [r for r in (dict(zip(columns, row, strict=True)) for row in rows) if r["in_denominator"]]
    failures = [r for r in failures if not r["in_numerator"]]
    failed = {r["subject_id"] for r in failures}
    if exactly:
        assert overdue == failed
    else:
        assert overdue <= failed
        assert all(r["late_reviews"] > 0 for r in failures if r["subject_id"] not in overdue)
    if indicator_id in exceptions:
        listed_out = exceptions[indicator_id]
        assert {row[listed_out.columns.index("subject_id")] for row in listed_out.rows} == overdue


def records_of(found: TrackerList) -> list[dict]:
    return [dict(zip(found.columns, row, strict=True)) for row in found.rows]
