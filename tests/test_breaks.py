"""The check of every indicator's series after a load (indicators/breaks.py): the rule on
hand-made tallies, then nothing found on the clean synthetic LAs and a planted break
found with its cause, through the API and the command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scorecard import api
from scorecard.config import Config, load_config
from scorecard.dates import parse_period
from scorecard.indicators import definitions
from scorecard.indicators.breaks import check_series, find_breaks
from scorecard.indicators.results import Tally
from scorecard.outputs.html import render_html
from scorecard.outputs.model import build
from scorecard.store.database import Store
from scorecard.web.site import Site
from tests.test_cli import scorecard

QUARTERS = [f"2023-24 Q{q}" for q in range(1, 5)] + [f"2024-25 Q{q}" for q in range(1, 5)]
TITLES = {"icpc_15wd": "Conferences on time"}


def _series(counted: list[float], considered: list[int] | None = None, left_out=(), available=None) -> list[Tally]:
    considered = considered or [round(c) for c in counted]
    available = available or [True] * len(counted)
    return [
        Tally("icpc_15wd", "001", q, c, k, tuple(left_out) if c < k else (), a)
        for q, c, k, a in zip(QUARTERS, counted, considered, available, strict=False)
    ]


def test_a_base_that_halves_beyond_chance_is_a_break_with_the_records_left_out_named():
    tallies = _series([120, 130, 125, 118, 20], [122, 131, 126, 120, 124], [("no section 47 enquiry linked", 104)])
    (found,) = find_breaks(tallies, TITLES)
    assert (found.indicator_id, found.period, found.since) == ("icpc_15wd", "2024-25 Q1", "2023-24 Q1 to 2023-24 Q4")
    assert found.before == pytest.approx(123.25) and found.after == 20
    assert "fell from about 123 a quarter (2023-24 Q1 to 2023-24 Q4) to 20 in 2024-25 Q1" in found.message
    left_out = "104 of the 124 records considered in 2024-25 Q1 were left out: no section 47 enquiry linked"
    assert left_out in found.message


def test_a_break_where_the_records_behind_it_fell_as_much_says_so():
    (found,) = find_breaks(_series([120, 130, 125, 118, 30]), TITLES)
    assert "the records it considers changed as much (about 123 a quarter to 30)" in found.message


def test_a_rise_is_a_break_too_and_the_new_level_is_the_baseline_after_it():
    tallies = _series(
        [6, 5, 7, 6, 120, 125, 118, 122], [120, 118, 125, 121, 122, 127, 120, 124], [("no enquiry linked", 115)]
    )
    (found,) = find_breaks(tallies, TITLES)
    assert found.period == "2024-25 Q1" and "rose from about 6 a quarter" in found.message
    assert "115 of the 121 records considered in 2023-24 Q4 were left out: no enquiry linked" in found.message


@pytest.mark.parametrize(
    "counted",
    [
        [12, 9, 11, 10, 4],  # 10 to 4: half, but within what chance gives counts so small
        [120, 130, 125, 118, 70],  # a fall of 43%: not a half
        [3, 2, 4, 1, 0],  # too small to follow
    ],
)
def test_no_break_within_chance_or_short_of_half(counted):
    assert find_breaks(_series(counted), TITLES) == []


def test_quarters_with_no_figure_or_no_records_yet_are_not_a_baseline():
    # The first quarters before anything was recorded, and a quarter not available (no
    # return loaded for it), start the series afresh rather than break it.
    assert find_breaks(_series([0, 0, 110, 120], [0, 0, 110, 120]), TITLES) == []
    unavailable = _series([120, 0, 118, 121], [120, 0, 118, 121], available=[True, False, True, True])
    assert find_breaks(unavailable, TITLES) == []


def _check(db: Path) -> list:
    with Store.open(db) as store:
        return check_series(store, list(definitions().values()), ["001"], Config(), 1)


def test_nothing_on_the_clean_synthetic_las(six_years_seed_1, loaded_store, tmp_path):
    for name, db in (("six", six_years_seed_1[1]), ("three", loaded_store)):
        copy = tmp_path / f"{name}.duckdb"
        shutil.copy(db, copy)
        assert _check(copy) == [], name


@pytest.fixture(scope="module")
def planted(small_la, tmp_path_factory) -> Path:
    """The small LA loaded through the API, its 2024-25 census sending each conference as
    the episode's date alone, not under its enquiry: that year's conferences have no
    enquiry linked to them (the fault of issue 17, planted in one return)."""
    folder = tmp_path_factory.mktemp("planted") / "la"
    shutil.copytree(small_la, folder)
    census = folder / "cin_census" / "cin_census_2024-25.xml"
    text = census.read_text(encoding="utf-8")
    inside = r"(<Section47>(?:(?!</Section47>).)*?)<DateOfInitialCPC>[^<]*</DateOfInitialCPC>"
    planted = re.sub(inside, r"\1", text, flags=re.DOTALL)
    assert planted != text
    census.write_text(planted, encoding="utf-8")
    db = folder.parent / "scorecard.duckdb"
    api.load([folder / part for part in ("cin_census", "ssda903", "csww", "ssd")], db)
    return db


def test_a_planted_break_is_found_with_its_cause(planted):
    found = {(b.indicator_id, b.period): b for b in api.breaks(planted)}
    conferences = found[("icpc_15wd", "2024-25 Q1")]
    assert "no section 47 enquiry linked to the conference" in conferences.message
    (check,) = api.series_checks(planted)
    assert (check.first_period, check.last_period, check.breaks) == ("2023-24 Q1", "2025-26 Q4", len(found))


def test_the_command_line_shows_the_check_after_a_load_and_in_loads_and_findings(planted):
    loads = " ".join(scorecard("loads", "--db", str(planted)).stdout.split())
    assert "Series check after each load" in loads and "2023-24 Q1 to 2025-26 Q4" in loads
    assert "Breaks in series" in loads and "icpc_15wd" in loads
    findings = scorecard("findings", "--db", str(planted), "--format", "csv").stdout
    assert "icpc_15wd, 2024-25 Q1" in findings and ",series_break,warning," in findings


def test_the_report_names_the_break_in_its_data_notes_without_counts_for_the_public(planted, small_la):
    config = load_config(small_la / "scorecard.yml")
    with Store.open(planted, read_only=True) as store:
        public = build(store, parse_period("2025-26 Q4"), config, "001", "public")
        internal = build(store, parse_period("2025-26 Q4"), config, "001", "internal")
    (line,) = [b for b in public.notes.breaks if "Initial child protection conferences" in b and "in 2024-25 Q1" in b]
    assert "change sharply in 2024-25 Q1 against 2023-24" in line
    assert not any(re.search(r"\d+ of the \d+", b) for b in public.notes.breaks)
    assert any("no section 47 enquiry linked" in b for b in internal.notes.breaks)
    assert "Data notes" in render_html(public) and line in render_html(public)


def test_figures_looking_back_before_the_first_return_say_so_in_the_report(loaded_store, small_la):
    """The three-year LA's returns begin in 2023-24: a year later, repeat plans (2 years
    back) and long-term stability (30 months back) still reach before them."""
    with Store.open(loaded_store, read_only=True) as store:
        report = build(store, parse_period("2024-25 Q4"), load_config(small_la / "scorecard.yml"), "001", "public")
    noted = {e.indicator_id: e.judgement.result.history for s in report.sections for e in s.entries}
    assert "before the first return loaded (from 1 April 2023)" in noted["cpp_repeat_2y"]
    assert noted["cla_long_term_stability"] and not noted["rereferrals_12m"]
    assert any(noted["cpp_repeat_2y"] in line for line in report.notes.history)
    html = render_html(report)
    assert f"Note: {noted['cpp_repeat_2y']}." in html


def test_a_load_from_the_dashboard_is_checked_too(loaded_store, small_la, tmp_path):
    copy = tmp_path / "scorecard.duckdb"
    shutil.copy(loaded_store, copy)
    site = Site(copy, small_la / "scorecard.yml")
    census = tmp_path / "cin_census_2025-26.xml"
    text = (small_la / "cin_census" / "cin_census_2025-26.xml").read_text(encoding="utf-8")
    census.write_text(text.replace("<SerialNo>001</SerialNo>", "<SerialNo>002</SerialNo>"), encoding="utf-8")
    report = site.load([census], None, None)
    assert report.files[0].replaced
    (check,) = api.series_checks(copy)
    assert (check.load_id, check.la_code, check.breaks) == (report.load_id, "001", 0)
