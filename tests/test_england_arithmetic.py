"""The definitions reproduce the DfE's published England figures for 2024-25 from their
published numerators and denominators (shared/reference/README.md): the same counts,
the same rates, and the same figure once rounded as the DfE rounds it."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from scorecard.config import Config
from scorecard.dates import parse_period
from scorecard.indicators import compute
from scorecard.store.database import Store
from tests.conftest import reference
from tests.test_indicator_cases import given

YEAR = parse_period("2024-25")
POPULATION_2024 = 12_183_016  # ONS mid-2024, children aged 0 to 17 (the DfE's denominator for 2024-25)


def published(file: str, column: str, **match: str) -> int:
    path = reference("dfe_published", file)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if (
                row["time_period"] == "2025"
                and row["geographic_level"] == "National"
                and all(row.get(k) == v for k, v in match.items())
            ):
                return int(row[column])
    raise AssertionError(f"no England 2025 row in {file}")


def figure(indicator: str, rows: dict, population: int | None = None):
    config = Config(la_code="001", population={2024: population} if population else {})
    with Store.open(":memory:") as store:
        given(store, rows)
        (result,) = compute(store, [YEAR], ids=[indicator], la_codes=["001"], config=config)
    return result


def children(n: int, prefix: str) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def test_rereferrals():
    referrals = published("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "referral_count")
    again = published("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "rereferral_count")
    episodes = [
        {"referral_id": f"{c}/2", "child_id": c, "referral_date": date(2024, 10, 1)} for c in children(referrals, "R")
    ]
    earlier = [
        {"referral_id": f"{c}/1", "child_id": c, "referral_date": date(2024, 1, 2)} for c in children(again, "R")
    ]
    result = figure("rereferrals_12m", {"cin_episode": episodes + earlier})
    assert (result.numerator, result.denominator) == (again, referrals)
    assert round(result.value, 1) == 22.6


def test_children_in_need_rate():
    open_at_end = published("b1_children_in_need_2013_to_2025.csv", "At31_episodes")
    episodes = [
        {"referral_id": f"{c}/1", "child_id": c, "referral_date": date(2024, 6, 1)} for c in children(open_at_end, "N")
    ]
    result = figure("cin_rate_10k", {"cin_episode": episodes}, POPULATION_2024)
    assert result.numerator == open_at_end
    assert round(result.value, 1) == 330.3


def test_child_protection_rate_and_repeat_plans():
    at_end = published("d5_cpps_at31march_by_duration_2013_to_2025.csv", "CPP_At31")
    plans = [
        {"cp_plan_id": c, "referral_id": c, "child_id": c, "start_date": date(2024, 9, 1)}
        for c in children(at_end, "P")
    ]
    assert round(figure("cpp_rate_10k", {"cp_plan": plans}, POPULATION_2024).value, 1) == 40.6
    started = published("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_start")
    repeats = published("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent")
    new_plans = [
        {
            "cp_plan_id": c,
            "referral_id": c,
            "child_id": c,
            "start_date": date(2024, 9, 1),
            "previous_plans": int(i < repeats),
        }
        for i, c in enumerate(children(started, "S"))
    ]
    result = figure("cpp_repeat_ever", {"cp_plan": new_plans})
    assert (result.numerator, result.denominator) == (repeats, started)
    assert round(result.value, 1) == 24.5


def test_looked_after_rate():
    file, group = "cla_number_and_rate_per_10k_children.csv", "Children looked after on 31 March each year"
    looked_after = published(file, "children_count", population_type=group)
    assert int(published(file, "population_estimate", population_type=group)) == POPULATION_2024
    episodes = [
        {
            "episode_id": c,
            "child_id": c,
            "start_date": date(2024, 1, 1),
            "start_reason": "S",
            "legal_status": "C2",
            "placement_type": "U4",
        }
        for c in children(looked_after, "L")
    ]
    result = figure("cla_rate_10k", {"cla_episode": episodes}, POPULATION_2024)
    assert result.numerator == looked_after
    assert round(result.value) == 67  # published to whole numbers


def test_long_term_stability():
    file, group = (
        "la_cla_placement_stability.csv",
        "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
    )
    total = published(file, "children_count", cla_group=group, placement_stability="Total children")
    stable = published(
        file, "children_count", cla_group=group, placement_stability="Living with the same carer for at least 2 years"
    )
    episodes, kids = [], []
    for i, c in enumerate(children(total, "T")):
        kids.append({"child_id": c, "birth_date": date(2014, 1, 1)})
        episodes.append(
            {
                "episode_id": f"{c}/1",
                "child_id": c,
                "start_date": date(2021, 1, 1),
                "start_reason": "S",
                "legal_status": "C2",
                "placement_type": "U4",
                "end_date": None if i < stable else date(2024, 1, 1),
                "end_reason": None if i < stable else "X1",
            }
        )
        if i >= stable:
            episodes.append(
                {
                    "episode_id": f"{c}/2",
                    "child_id": c,
                    "start_date": date(2024, 1, 1),
                    "start_reason": "P",
                    "legal_status": "C2",
                    "placement_type": "U6",
                }
            )
    result = figure("cla_long_term_stability", {"cla_episode": episodes, "child": kids})
    assert (result.numerator, result.denominator) == (stable, total)
    assert round(result.value) == 69  # published to whole numbers


@pytest.mark.parametrize("day", [date(2025, 3, 31) - timedelta(days=d) for d in (0, 1)])
def test_the_year_end_boundary(day):
    """An episode closing on 31 March is not open at 31 March; one closing the day before neither."""
    episodes = [{"referral_id": "A/1", "child_id": "A", "referral_date": date(2024, 6, 1), "closure_date": day}]
    assert figure("cin_count", {"cin_episode": episodes}).value == 0


def test_care_leavers_in_education_employment_or_training():
    """The denominator includes those whose activity is not known, as the DfE's does."""
    file, age = "la_care_leavers_activity.csv", "19 to 21 years"
    total = published(file, "care_leaver_count", care_leaver_age=age, breakdown="Total")
    in_eet = published(
        file, "care_leaver_count", care_leaver_age=age, breakdown="Total in education, employment or training"
    )
    unknown = published(file, "care_leaver_count", care_leaver_age=age, breakdown="Total information not known")
    kids, leavers = [], []
    for i, c in enumerate(children(total, "C")):
        kids.append({"child_id": c, "birth_date": date(2004, 6, 1)})
        activity = "F1" if i < in_eet else "0" if i < in_eet + unknown else "G6"
        leavers.append({"child_id": c, "cohort_year": "2024-25", "in_touch": "YES", "activity": activity})
    result = figure("care_leavers_eet_19_21", {"child": kids, "care_leaver": leavers})
    assert (result.numerator, result.denominator) == (in_eet, total)
    assert round(result.value) == 54
