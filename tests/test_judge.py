"""Judgements of the small synthetic LA's figures against its synthetic benchmarks:
targets and RAG, direction of travel, England / region / neighbours, rank and band,
intervals and signals; checked against figures worked out here from the parts."""

from __future__ import annotations

import csv
import io
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard import api
from scorecard.indicators.results import COLUMNS
from scorecard.judge.interval import wilson
from scorecard.judge.judgement import shown
from scorecard.judge.polarity import change_word
from scorecard.judge.spc import judge_series
from scorecard.judge.table import JUDGEMENT_COLUMNS

QUARTER = "2025-26 Q4"
SCORECARD = (sys.executable, "-m", "scorecard")


@pytest.fixture(scope="module")
def store(benchmarked_store) -> Path:
    return benchmarked_store


@pytest.fixture(scope="module")
def judged(store, small_la) -> dict[str, object]:
    found = api.judge(QUARTER, store, config=small_la / "scorecard.yml")
    return {j.result.indicator_id: j for j in found if j.result.breakdown is None}


def _published(small_la: Path, indicator_id: str, time_period: str) -> dict[str, float]:
    with (small_la / "benchmarks_synthetic.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["indicator_id"] == indicator_id]
    return {r["la_code"] or r["la_name"]: float(r["value"]) for r in rows if r["time_period"] == time_period}


def test_rag_against_the_config_targets_respects_polarity(judged):
    # The demo config: re-referrals (lower is better) 20 with tolerance 2, assessments in
    # 45 working days (higher is better) 85 with tolerance 5.
    for indicator_id, target, tolerance, polarity in (
        ("rereferrals_12m", 20, 2, "down"),
        ("assessments_45wd", 85, 5, "up"),
    ):
        j = judged[indicator_id]
        value = shown(j.result.value, j.result.unit)
        gap = (value - target) if polarity == "down" else (target - value)
        expected = "green" if gap <= 0 else "amber" if gap <= tolerance else "red"
        assert (j.target.value, j.target.tolerance, j.rag) == (target, tolerance, expected)
    assert judged["cin_count"].target is None and judged["cin_count"].rag is None


def test_direction_of_travel_against_the_previous_quarter_and_last_year(judged, store, small_la):
    config = small_la / "scorecard.yml"
    previous = {r.indicator_id: r for r in api.indicators("2025-26 Q3", store, config=config) if r.breakdown is None}
    last_year = {r.indicator_id: r for r in api.indicators("2024-25 Q4", store, config=config) if r.breakdown is None}
    checked = 0
    for indicator_id, j in judged.items():
        if indicator_id not in previous or indicator_id not in last_year:
            continue  # a breakdown-only figure in one of the periods
        now, before, year_ago = (
            shown(r.value, r.unit) for r in (j.result, previous[indicator_id], last_year[indicator_id])
        )
        if None in (now, before, year_ago) or j.yearly:
            continue  # a yearly figure is compared with the year before's: see below
        assert j.vs_previous == change_word(now, before, j.polarity), indicator_id
        assert j.vs_last_year == change_word(now, year_ago, j.polarity), indicator_id
        assert j.previous.period == "2025-26 Q3" and j.last_year.period == "2024-25 Q4"
        checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    ("indicator_id", "this", "year_before", "before_label"),
    [
        # 2025-26 Q3 ends 31 December 2025: the census of 30 September 2025, and the cohort
        # of the latest financial year ended by then, 2024-25. Last quarter (to 30 September)
        # has the same census; the year before's is 2024's, the figure of 2024-25 (to March).
        ("sw_vacancy_rate", "2025 census", "2024 census", "2024-25"),
        ("care_leavers_eet_19_21", "cohort year 2024-25", "cohort year 2023-24", "2023-24"),
    ],
)
def test_a_yearly_figure_judged_for_a_quarter_is_compared_with_the_year_before(
    store, small_la, indicator_id, this, year_before, before_label
):
    config = small_la / "scorecard.yml"
    (j,) = [j for j in api.judge("2025-26 Q3", store, ids=[indicator_id], config=config) if j.result.breakdown is None]
    (earlier,) = [r for r in api.indicators(before_label, store, ids=[indicator_id], config=config) if not r.breakdown]
    assert j.yearly and j.result.year == this and this in j.result.note
    assert (j.previous.year, j.previous.period) == (year_before, "2024-25 Q3")
    assert j.previous.value == earlier.value and earlier.year == year_before
    now, before = shown(j.result.value, j.result.unit), shown(earlier.value, earlier.unit)
    assert j.vs_previous == change_word(now, before, j.polarity) and now != before
    # The year ago is the same comparison: given once. No monthly control chart either.
    assert (j.last_year, j.vs_last_year, j.signal, j.months) == (None, None, None, ())
    if j.interval:
        assert j.beyond_noise == (not j.interval[0] <= earlier.value <= j.interval[1])


def test_england_region_and_neighbours_from_the_benchmarks_file(judged, small_la):
    published = _published(small_la, "rereferrals_12m", "2026")
    comparison = judged["rereferrals_12m"].comparison
    neighbours = [published[f"N{i:02d}"] for i in range(1, 11)]
    assert comparison.year == "2025-26" and comparison.synthetic
    assert comparison.england == published["England"]
    assert comparison.region == published["North East"]
    assert comparison.neighbours_mean == pytest.approx(statistics.mean(neighbours))
    assert comparison.neighbours_median == pytest.approx(statistics.median(neighbours))
    value = shown(judged["rereferrals_12m"].result.value, "percent")
    assert comparison.rank == 1 + sum(v < value for v in neighbours)  # lower is better
    assert comparison.rank_of == 11


def test_counts_and_part_year_rates_are_not_benchmarked(judged):
    assert judged["cin_count"].comparison is None
    assert "counts are not compared" in judged["cin_count"].note
    assert judged["referrals_rate_10k"].comparison is None
    assert "whole year" in judged["referrals_rate_10k"].note
    assert judged["cla_rate_10k"].comparison is not None  # a snapshot rate compares at any date


def test_percentages_carry_a_wilson_interval(judged):
    assert judged["sw_vacancy_rate"].interval is None  # parts in FTE: not counts
    j = judged["assessments_45wd"]
    assert j.interval == wilson(round(j.result.numerator), round(j.result.denominator))
    assert j.interval[0] < j.result.value < j.interval[1]
    assert j.beyond_noise == (not j.interval[0] <= j.previous.value <= j.interval[1])


def test_signals_come_from_the_monthly_series(judged, store, small_la):
    months = api.indicators(
        "2024-04",
        store,
        ids=["contacts_decided_1wd"],
        config=small_la / "scorecard.yml",
        series="monthly",
        last="2026-03",
    )
    values = [r.value for r in months if r.breakdown is None]
    assert len(values) == 24
    assert judged["contacts_decided_1wd"].signal == judge_series(values, "up")
    # Workforce census figures change once a year: no monthly signal.
    assert judged["sw_vacancy_rate"].signal is None


def test_an_la_with_published_figures_only(store, small_la):
    (j,) = api.judge("2025-26", store, la="N01", ids=["rereferrals_12m"])
    assert j.result.value is None and "not available" in j.result.note
    assert j.comparison.published == _published(small_la, "rereferrals_12m", "2026")["N01"]


def test_the_csv_has_the_contract_then_the_judgements(store, small_la):
    result = subprocess.run(
        [
            *SCORECARD,
            "judge",
            "--period",
            QUARTER,
            "--db",
            str(store),
            "--format",
            "csv",
            "--config",
            str(small_la / "scorecard.yml"),
            "--ids",
            "rereferrals_12m,cpp_category",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == (*COLUMNS, *JUDGEMENT_COLUMNS)
    (rereferrals,) = [r for r in rows if r["indicator_id"] == "rereferrals_12m"]
    assert rereferrals["benchmark_year"] == "2025-26" and rereferrals["rag"] in ("green", "amber", "red")
    assert {r["judgement_note"] for r in rows if r["indicator_id"] == "cpp_category"} == {
        "breakdowns are not benchmarked"
    }


def test_the_table_shows_the_benchmark_year(store, small_la):
    result = subprocess.run(
        [
            *SCORECARD,
            "judge",
            "--period",
            QUARTER,
            "--db",
            str(store),
            "--config",
            str(small_la / "scorecard.yml"),
            "--ids",
            "rereferrals_12m",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert "Benchmarks: 2025-26 (synthetic)" in result.stdout
    assert "Re-referrals" in result.stdout


def test_rates_use_the_imported_ons_population_when_the_config_gives_none(store, tmp_path):
    db = tmp_path / "scorecard.duckdb"
    shutil.copy(store, db)
    population = tmp_path / "ons_mid-year_population_estimates_2012_to_2024.csv"
    population.write_text(
        "time_period,time_identifier,geographic_level,country_code,region_code,region_name,old_la_code,"
        "new_la_code,la_name,age_group,population_estimate\n"
        "2024,Reporting year,Local authority,E92000001,E12000001,North East,001,E06000099,Northbridge,"
        "Children aged 0 to 17 years,50000\n",
        encoding="utf-8",
    )
    api.import_benchmarks([population], db)
    (rate,) = api.indicators("2024-25", db, ids=["cla_rate_10k"])  # no config: no population but the ONS one
    assert rate.denominator == 50000
    assert rate.value == pytest.approx(rate.numerator / 50000 * 10_000)
