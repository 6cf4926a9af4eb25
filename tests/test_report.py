"""The committee report: every format rendered for the small synthetic LA and read
back, the figures checked against the judged results table, and the public version
checked to hold no child ids and no unsuppressed small numbers."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from scorecard import api
from scorecard.api import ChoiceError
from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.outputs.charts import format_figure
from scorecard.outputs.model import Report, build
from scorecard.outputs.xlsx import safe
from scorecard.store.database import Store

QUARTER = "2025-26 Q4"


@pytest.fixture(scope="module")
def store(benchmarked_store) -> Path:
    return benchmarked_store


def _written(store, small_la, out: Path, audience: str) -> dict[str, Path]:
    paths = api.report(
        QUARTER, store, formats=["html", "xlsx"], out=out, config=small_la / "scorecard.yml", audience=audience
    )
    return {p.suffix[1:]: p for p in paths}


@pytest.fixture(scope="module")
def public(store, small_la, tmp_path_factory) -> dict[str, Path]:
    return _written(store, small_la, tmp_path_factory.mktemp("public"), "public")


@pytest.fixture(scope="module")
def internal(store, small_la, tmp_path_factory) -> dict[str, Path]:
    return _written(store, small_la, tmp_path_factory.mktemp("internal"), "internal")


@pytest.fixture(scope="module")
def child_ids(store) -> set[str]:
    with duckdb.connect(str(store), read_only=True) as con:
        return {row[0] for row in con.execute("SELECT child_id FROM child").fetchall()}


def _headline(store, small_la, audience):
    judged = api.judge(QUARTER, store, config=small_la / "scorecard.yml", audience=audience)
    return [j for j in judged if j.result.breakdown is None]


def test_every_format_is_written_and_named_for_la_period_and_audience(public, internal):
    assert set(public) == {"html", "xlsx"} and set(internal) == {"html", "xlsx"}
    assert public["html"].name == "northbridge-synthetic-2025-26-q4-public.html"
    assert internal["html"].name.endswith("-internal.html")


def test_the_html_holds_every_figure_of_the_results_table(public, store, small_la):
    html = public["html"].read_text(encoding="utf-8")
    for j in _headline(store, small_la, "public"):
        shown = j.result.shown or format_figure(j.result.value, j.result.unit)
        assert shown.replace("<", "&lt;") in html, j.result.indicator_id
    assert "Performing well" in html and "Areas for focus" in html and "Glossary" in html


def test_the_html_is_self_contained(public):
    html = public["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "@import" not in html
    assert html.count("<svg") >= 10 and 'role="img"' in html


def test_the_public_report_holds_no_child_ids_and_no_small_numbers(public, child_ids):
    html = public["html"].read_text(encoding="utf-8")
    words = set(re.findall(r"\b\d{6,}\b", html))
    assert not words & child_ids
    for numerator, denominator in re.findall(r"\((\d[\d,]*) of (\d[\d,]*)\)", html):
        for number in (numerator, denominator):
            assert not 0 < int(number.replace(",", "")) < 5, (numerator, denominator)
    cells = _cells(public["xlsx"])
    assert not {str(c) for sheet in cells.values() for row in sheet for c in row} & child_ids
    assert "Exception lists" not in html


@pytest.fixture(scope="module")
def model(store, small_la) -> Report:
    with Store.open(store, read_only=True) as opened:
        return build(opened, parse_period(QUARTER), load_config(small_la / "scorecard.yml"), "001", "public")


@pytest.mark.parametrize(
    ("indicator_id", "years"),
    [
        # The small LA's three collection years: censuses at 30 September 2023 to 2025,
        # cohorts 2023-24 to 2025-26 (the quarter ends 31 March 2026, ending 2025-26).
        ("sw_vacancy_rate", ["2023 census", "2024 census", "2025 census"]),
        ("care_leavers_eet_19_21", ["cohort year 2023-24", "cohort year 2024-25", "cohort year 2025-26"]),
    ],
)
def test_a_yearly_figure_is_drawn_and_compared_one_year_at_a_time(model, indicator_id, years):
    entry = next(e for s in model.sections for e in s.entries if e.indicator_id == indicator_id)
    (trend,) = [c for c in entry.charts if c.kind == "trend"]
    assert [row["period"] for row in trend.spec["data"]["values"]] == years
    assert [row[0] for row in trend.rows] == years and trend.columns[0] == "Year"
    assert trend.alt.startswith(f"Line chart of {entry.title}, one point a year, {years[0]} to {years[-1]}: ")
    assert not any("process limits" in c.title for c in entry.charts)
    labels = [label for label, _, _ in entry.comparisons]
    assert labels[0] == f"{QUARTER}, {years[-1]} (this period)"
    assert f"The year before, {years[-2]}" in labels
    assert not any(label.startswith(("Previous period", "Same period last year")) for label in labels)
    assert entry.travel.endswith(f" since {years[-2]}")
    assert f"in {QUARTER} ({years[-1]})" in entry.text and f"the year before ({years[-2]})" in entry.text


def test_the_html_says_which_census_or_cohort_a_yearly_figure_is(public):
    html = public["html"].read_text(encoding="utf-8")
    article = html.split('aria-labelledby="sw_turnover_rate"', 1)[1].split("</article>", 1)[0]
    assert "The year before, 2024 census" in article and "since 2024 census</li>" in article
    assert '<th scope="col">Year</th><th scope="col" class="number">2023 census</th>' in article
    assert "last quarter" not in article and "Same period last year" not in article


def test_the_internal_report_adds_exception_lists(internal, child_ids):
    html = internal["html"].read_text(encoding="utf-8")
    assert "Exception lists (not for publication)" in html
    assert set(re.findall(r"\b\d{6,}\b", html)) & child_ids
    assert any(name.startswith("Exceptions") for name in _cells(internal["xlsx"]))


def test_the_workbook_has_a_sheet_per_section_and_the_tidy_data(public, store, small_la):
    cells = _cells(public["xlsx"])
    assert {"Summary", "Data", "Front door and assessment", "Children looked after"} <= set(cells)
    data = cells["Data"]
    header = data[0]
    values = {(row[header.index("indicator_id")]): row[header.index("value")] for row in data[1:] if not row[4]}
    for j in _headline(store, small_la, "public"):
        if j.result.value is not None:
            assert values[j.result.indicator_id] == pytest.approx(j.result.value), j.result.indicator_id


@pytest.mark.parametrize(
    ("text", "stored"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("plain", "plain"), (3, 3)],
)  # fmt: skip
def test_cells_that_look_like_formulas_are_made_safe(text, stored):
    assert safe(text) == stored


def test_an_la_name_like_a_formula_is_written_as_text(store, small_la, tmp_path):
    config = tmp_path / "scorecard.yml"
    config.write_text((small_la / "scorecard.yml").read_text() + "\n", encoding="utf-8")
    text = config.read_text().replace("name: Northbridge (synthetic)", "name: =cmd|' /C calc'!A0")
    config.write_text(text, encoding="utf-8")
    (path,) = api.report(QUARTER, store, formats=["xlsx"], out=tmp_path, config=config)
    title = _cells(path)["Summary"][0][0]
    assert title.startswith("'=cmd")


def test_an_unknown_format_is_refused(store, tmp_path):
    with pytest.raises(ChoiceError, match="'odt' is not a report format"):
        api.report(QUARTER, store, formats=["odt"], out=tmp_path)


def _cells(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
