"""The indicator engine through the API and the command line: the results contract,
series, drill-down, several LAs, figures that cannot be computed, the LA's config
(parameters and its own indicators), local measures and the glossary."""

from __future__ import annotations

import csv
import io
import json
import re
from calendar import monthrange
from datetime import date
from pathlib import Path

import pytest

from scorecard import api
from scorecard.config import Config, ConfigError, load_config
from scorecard.dates import parse_period
from scorecard.indicators import DefinitionError, compute
from scorecard.indicators.definition import package_definitions
from scorecard.indicators.results import COLUMNS
from scorecard.ingest.load import LoadError, load
from scorecard.judge.targets import Target
from scorecard.store.database import Store
from tests.test_cli import scorecard
from tests.test_indicator_cases import given

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def config(small_la) -> Path:
    return small_la / "scorecard.yml"


@pytest.fixture(scope="module")
def two_las(small_la, tmp_path_factory) -> Path:
    """A store holding LA 001 (CIN census and 903) and LA 002 (the same 903 files only)."""
    db = tmp_path_factory.mktemp("two") / "two.duckdb"
    with Store.open(db) as store:
        load(store, [small_la / "cin_census", small_la / "ssda903"])
        load(store, [small_la / "ssda903"], la_code="002")
    return db


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_exactly_the_contract_columns(loaded_store, config):
    result = scorecard("indicators", "--period", "2025-26 Q4", "--db", str(loaded_store), "--config", str(config),
                       "--format", "csv")  # fmt: skip
    assert result.returncode == 0, result.stderr
    header, *_ = result.stdout.splitlines()
    assert tuple(header.split(",")) == COLUMNS
    rows = _csv(result.stdout)
    catalogue = set(package_definitions())
    assert catalogue <= {r["indicator_id"] for r in rows}, "every catalogue indicator has a row"
    for row in rows:
        assert (row["period"], row["period_start"], row["period_end"]) == ("2025-26 Q4", "2026-01-01", "2026-03-31")
        assert row["value"] or row["note"], f"{row['indicator_id']}: an empty value always says why"


def test_json_rows_match_the_api(loaded_store, config):
    result = scorecard("indicators", "--period", "2025-26", "--ids", "referrals_count,cla_ceased_reason",
                       "--db", str(loaded_store), "--config", str(config), "--format", "json")  # fmt: skip
    rows = json.loads(result.stdout)
    assert all(tuple(row) == COLUMNS for row in rows)
    found = api.indicators("2025-26", loaded_store, ids=["referrals_count", "cla_ceased_reason"], config=config)
    assert [r["value"] for r in rows] == [r.value for r in found]
    reasons = [r for r in rows if r["indicator_id"] == "cla_ceased_reason"]
    assert len(reasons) > 3 and all(r["breakdown"] for r in reasons), "one row per reason for ceasing"


def test_counts_are_whole_and_percentages_rest_on_their_parts(loaded_store, config):
    for r in api.indicators("2025-26", loaded_store, config=config):
        if r.value is None or r.breakdown is not None:
            continue
        if r.unit == "count" and not r.indicator_id.startswith("sw_"):
            assert r.value == int(r.value), r.indicator_id
        if r.unit == "percent" and r.numerator is not None:
            assert r.value == pytest.approx(100 * r.numerator / r.denominator), r.indicator_id


def test_year_to_date(loaded_store, config):
    (ytd,) = api.indicators("2025-26 Q2", loaded_store, ytd=True, ids=["referrals_count"], config=config)
    quarters = api.indicators("2025-26 Q1", loaded_store, ids=["referrals_count"], config=config, series="quarterly",
                              last="2025-26 Q2")  # fmt: skip
    assert (ytd.period_start, ytd.period_end) == (date(2025, 4, 1), date(2025, 9, 30))
    assert ytd.value == sum(q.value for q in quarters)


def test_monthly_series_in_one_call(loaded_store, config):
    result = scorecard("indicators", "--series", "monthly", "--from", "2024-04", "--to", "2025-03",
                       "--ids", "referrals_count,rereferrals_12m", "--db", str(loaded_store), "--config", str(config),
                       "--format", "csv")  # fmt: skip
    rows = _csv(result.stdout)
    months = [r["period"] for r in rows if r["indicator_id"] == "referrals_count"]
    assert months == [f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02", "2025-03"]
    (year,) = api.indicators("2024-25", loaded_store, ids=["referrals_count"], config=config)
    assert sum(float(r["value"]) for r in rows if r["indicator_id"] == "referrals_count") == year.value


def test_a_year_not_loaded_is_not_available_never_zero(loaded_store, config):
    for r in api.indicators("2019-20", loaded_store, config=config):
        if r.indicator_id in package_definitions():
            assert r.value is None, r.indicator_id
            assert r.note.startswith("not available"), r.indicator_id


def test_a_return_not_loaded_is_not_available(two_las):
    found = {r.indicator_id: r for r in api.indicators("2025-26", two_las, la="002", ids=["cla_count", "cin_count"])}
    assert found["cla_count"].value is not None
    assert found["cin_count"].value is None
    assert found["cin_count"].note == "not available: no cin_episode records loaded for this LA"


def test_a_rate_without_a_population_is_not_available(loaded_store):
    (rate,) = api.indicators("2025-26", loaded_store, ids=["cla_rate_10k"])
    assert rate.value is None and rate.numerator > 0
    assert "no population of children for mid-2025" in rate.note


def test_every_figure_per_la(two_las):
    found = api.indicators("2025-26", two_las, la="all", ids=["cla_count"])
    assert [r.la_code for r in found] == ["001", "002"]
    assert found[0].value == found[1].value, "the same 903 files loaded for both"
    result = scorecard("indicators", "--period", "2025-26", "--la", "all", "--ids", "cla_count", "--db", str(two_las),
                       "--format", "csv")  # fmt: skip
    assert result.stdout.splitlines()[0] == "la_code," + ",".join(COLUMNS)
    assert [r["la_code"] for r in _csv(result.stdout)] == ["001", "002"]


def test_several_las_need_a_choice(two_las):
    with pytest.raises(api.ChoiceError, match=r"several LAs \(001, 002\): choose one with --la"):
        api.indicators("2025-26", two_las, ids=["cla_count"])
    with pytest.raises(api.ChoiceError, match="no data for LA 999"):
        api.indicators("2025-26", two_las, la="999")
    result = scorecard("drill", "cla_count", "--period", "2025-26", "--db", str(two_las), "--la", "all")
    assert result.returncode == 1
    assert "choose one with --la" in result.stderr and "Traceback" not in result.stderr


def test_drill_lists_the_children_behind_the_figure(loaded_store, config):
    (figure,) = api.indicators("2025-26", loaded_store, ids=["icpc_15wd"], config=config)
    result = scorecard("drill", "icpc_15wd", "--period", "2025-26", "--db", str(loaded_store), "--config", str(config),
                       "--format", "csv")  # fmt: skip
    every = _csv(result.stdout)
    assert {"subject_id", "s47_start_date", "icpc_date", "working_days", "in_numerator", "excluded"} <= set(every[0])
    rows = [r for r in every if r["in_denominator"] == "True"]
    assert sum(r["in_numerator"] == "True" for r in rows) == figure.numerator
    assert len(rows) == figure.denominator
    late = [r for r in rows if r["in_numerator"] == "False"]
    assert late and all(int(r["working_days"]) > 15 for r in late)
    # The conferences left out come last, each with why: here those with no enquiry behind them.
    left_out = every[len(rows) :]
    assert left_out and {r["excluded"] for r in left_out} == {"no section 47 enquiry linked to the conference"}
    assert all(r["excluded"] == "" for r in rows)
    shown = scorecard("drill", "icpc_15wd", "--period", "2025-26", "--db", str(loaded_store), "--config", str(config))
    assert f"{len(left_out)} considered and left out" in shown.stdout
    assert f"Left out: {len(left_out)} no section 47 enquiry linked" in " ".join(shown.stdout.split())


def test_unknown_ids_are_named(loaded_store):
    with pytest.raises(DefinitionError, match="no indicator has the id not_an_indicator"):
        api.indicators("2025-26", loaded_store, ids=["cla_count", "not_an_indicator"])
    result = scorecard("drill", "nope", "--period", "2025-26", "--db", str(loaded_store))
    assert result.returncode == 1 and "no indicator has the id nope" in result.stderr


def test_a_parameter_set_in_the_config(tmp_path):
    """The local assessment timescale: 20 working days by default, 10 calendar days as set."""
    (tmp_path / "scorecard.yml").write_text(
        "la_code: '001'\nparameters:\n  assessments_local_timescale: {days: 10, calendar: calendar}\n", encoding="utf-8"
    )
    authorised = {"A": date(2024, 4, 11), "B": date(2024, 4, 12)}
    rows = {
        "assessment": [
            {
                "assessment_id": c,
                "referral_id": c,
                "child_id": c,
                "start_date": date(2024, 4, 1),
                "authorisation_date": d,
            }
            for c, d in authorised.items()
        ]
    }
    with Store.open(":memory:") as store:
        given(store, rows)
        period = [parse_period("2024-25")]
        (default,) = compute(store, period, ["assessments_local_timescale"], ["001"], Config(la_code="001"))
        config = load_config(tmp_path / "scorecard.yml")
        (local,) = compute(store, period, ["assessments_local_timescale"], ["001"], config)
    assert default.value == 100.0
    assert (local.numerator, local.denominator) == (1, 2)
    assert "Setting `days` = 10 (the catalogue's default is 20)" in api.definitions(config=tmp_path / "scorecard.yml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "parameters:\n  cpp_visits_timely: {dayz: 10}\n",
            "parameters.cpp_visits_timely.dayz: cpp_visits_timely has no parameter 'dayz' (it has: days)",
        ),
        (
            "parameters:\n  cpp_visits_timely: {days: ten}\n",
            "parameters.cpp_visits_timely.days: 'ten' should be like the default, 10",
        ),
        ("parameters:\n  assessments_local_timescale: {calendar: lunar}\n", "parameters.assessments_local_timescale"
         ".calendar: 'lunar' is not one of working, calendar"),
        ("parameters:\n  no_such: {days: 1}\n", "parameters.no_such: no catalogue indicator has this id"),
        ("population: {2024: lots}\n", "population.2024: give a year and a whole number"),
        ("indicators_folder: nowhere\n", "indicators_folder: "),
        ("colour: blue\n", "colour: not a setting scorecard knows"),
        ("targets:\n  icpc_15wd: {target: high}\n", "targets.icpc_15wd.target: 'high' is not a number"),
        ("targets:\n  icpc_15wd: {target: 80, tolerance: -1}\n", "targets.icpc_15wd.tolerance: '-1' should be"),
        ("targets:\n  icpc_15wd: {goal: 80}\n", "targets.icpc_15wd: give a number, or {target: 85"),
        ("targets:\n  icpc_15wd: {target: 80, years: {2026: 85}}\n", "targets.icpc_15wd.years.2026: give the"),
        ("targets:\n  ICPC in 15 days: 80\n", "targets.ICPC in 15 days: 'ICPC in 15 days' is not an indicator id"),
        ("region: Wessex\n", "region: 'Wessex' is not an English region"),
        ("statistical_neighbours: lots\n", "statistical_neighbours: 'lots' should be the DfE model's edition"),
        ("suppression_threshold: 0\n", "suppression_threshold: '0' should be a whole number of 1 or more"),
    ],
)  # fmt: skip
def test_a_broken_config_names_the_key(tmp_path, loaded_store, text, message):
    path = tmp_path / "scorecard.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)
    result = scorecard("indicators", "--period", "2025-26", "--db", str(loaded_store), "--config", str(path))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def _own_indicator(folder: Path, indicator_id: str) -> None:
    """An LA's own indicator: children with a CP plan starting in the period aged under 1."""
    (folder / indicator_id).mkdir(parents=True)
    (folder / indicator_id / "indicator.yml").write_text(
        f"id: {indicator_id}\ntitle: Babies on new plans\nsection: child_protection\nkind: flow\nunit: count\n"
        "polarity: none\nsources: [cp_plan]\ndescription: Plans starting in the period.\n",
        encoding="utf-8",
    )
    (folder / indicator_id / "query.sql").write_text(
        "SELECT p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,\n"
        "       1 AS numerator, 1 AS denominator, c.start_date\n"
        "FROM period AS p JOIN cp_plan AS c ON c.start_date BETWEEN p.period_start AND p.period_end\n",
        encoding="utf-8",
    )
    (folder / indicator_id / "glossary.md").write_text("Our own count of plans.\n", encoding="utf-8")


def test_an_la_adds_its_own_indicator(tmp_path, loaded_store):
    _own_indicator(tmp_path / "ours", "plans_started_here")
    (tmp_path / "scorecard.yml").write_text("la_code: '001'\nindicators_folder: ours\n", encoding="utf-8")
    config = tmp_path / "scorecard.yml"
    (own,) = api.indicators("2025-26", loaded_store, ids=["plans_started_here"], config=config)
    (catalogue,) = api.indicators("2025-26", loaded_store, ids=["cpp_started_count"], config=config)
    assert own.value == catalogue.value > 0
    assert "Babies on new plans" in api.definitions(config=config)
    columns, rows = api.drill("plans_started_here", "2025-26", loaded_store, config=config)
    assert "start_date" in columns and len(rows) == own.value


def test_an_la_cannot_reuse_a_catalogue_id(tmp_path, loaded_store):
    _own_indicator(tmp_path / "ours", "cla_count")
    (tmp_path / "scorecard.yml").write_text("indicators_folder: ours\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="id 'cla_count' is already a catalogue indicator"):
        api.indicators("2025-26", loaded_store, config=tmp_path / "scorecard.yml")


def test_a_broken_own_indicator_is_named(tmp_path, loaded_store):
    _own_indicator(tmp_path / "ours", "mine")
    (tmp_path / "ours" / "mine" / "indicator.yml").write_text(
        "id: mine\ntitle: T\nsection: child_protection\nkind: weekly\nunit: count\npolarity: none\n"
        "sources: [cp_plans]\ndescription: D\n",
        encoding="utf-8",
    )
    (tmp_path / "scorecard.yml").write_text("indicators_folder: ours\n", encoding="utf-8")
    result = scorecard("indicators", "--period", "2025-26", "--db", str(loaded_store), "--config",
                       str(tmp_path / "scorecard.yml"))  # fmt: skip
    assert result.returncode == 1
    assert "mine/indicator.yml: kind 'weekly' is not one of" in result.stderr
    assert "source 'cp_plans' is not a table of the store" in result.stderr


def _measures(rows: list[tuple]) -> dict[str, list[dict]]:
    keys = ("measure_id", "period_start", "period_end", "numerator", "denominator", "value", "unit")
    return {"local_measure": [dict(zip(keys, r, strict=True)) | {"polarity": "up", "title": "T"} for r in rows]}


@pytest.mark.parametrize(
    ("label", "value", "numerator", "note"),
    [
        ("2024-05", 50.0, 5, ""),  # given for exactly the month
        ("2024-25 Q1", 40.0, 12, "from 3 figures"),  # months' parts added: 12 of 30
        ("2024-25 Q2", None, None, "not available: no figure supplied for this period"),  # July only
    ],
)
def test_local_measures_for_the_period_asked(label, value, numerator, note):
    rows = _measures(
        [
            ("eet", date(2024, 4, 1), date(2024, 4, 30), 2, 10, 20.0, "percent"),
            ("eet", date(2024, 5, 1), date(2024, 5, 31), 5, 10, 50.0, "percent"),
            ("eet", date(2024, 6, 1), date(2024, 6, 30), 5, 10, 50.0, "percent"),
            ("eet", date(2024, 7, 1), date(2024, 7, 31), 5, 10, 50.0, "percent"),
        ]
    )
    with Store.open(":memory:") as store:
        given(store, rows)
        (result,) = compute(store, [parse_period(label)], ["eet"], ["001"])
    assert (result.value, result.numerator, result.note) == (value, numerator, note)


def test_local_counts_add_and_other_figures_average():
    rows = _measures(
        [(m, date(2024, n, 1), date(2024, n, monthrange(2024, n)[1]), None, None, v, u)
         for m, u, values in (("suspensions", "count", (3, 4, 5)), ("cost", "currency", (100, 200, 600)))
         for n, v in zip((1, 2, 3), values, strict=True)]
    )  # fmt: skip
    with Store.open(":memory:") as store:
        given(store, rows)
        found = {r.indicator_id: r for r in compute(store, [parse_period("2023-24 Q4")], None, ["001"])}
    assert (found["suspensions"].value, found["suspensions"].note) == (12, "sum of 3 figures")
    assert (found["cost"].value, found["cost"].note) == (300, "mean of 3 figures")


def test_a_local_measure_may_not_take_a_catalogue_id(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text(
        "measure_id,period_start,period_end,numerator,denominator,value,unit,polarity,title\n"
        "suspensions,2024-04-01,2024-04-30,,,3,count,down,Suspensions\n"
        "cla_count,2024-04-01,2024-04-30,,,300,count,none,Looked after\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(LoadError) as error:
        load(store, [path])
    assert "line 3" in str(error.value)
    assert "measure_id is 'cla_count', which is the id of a catalogue indicator" in str(error.value)


def test_the_glossary_in_docs_is_generated_from_the_definitions():
    expected = api.definitions()
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == expected, (
        "docs/glossary.md is stale: run scorecard definitions --out docs/glossary.md"
    )
    for definition in package_definitions().values():
        assert f"`{definition.id}`" in expected
        for parameter in definition.parameters:
            assert f"Setting `{parameter.name}` = {parameter.default}" in expected


def test_the_glossary_as_html():
    result = scorecard("definitions", "--format", "html")
    assert result.returncode == 0
    assert result.stdout.lstrip().startswith("<!DOCTYPE html>")
    assert 'id="icpc_15wd"' in result.stdout


# England 2024-25 (shared/reference/README.md); the synthetic LA's journeys follow these rates.
NEAR = {
    "referrals_rate_10k": (519, 120),
    "rereferrals_12m": (22.6, 7),
    "assessments_45wd": (83, 7),
    "icpc_15wd": (78, 10),
    "cin_rate_10k": (330, 110),
    "cpp_rate_10k": (40.6, 18),
    "cpp_repeat_ever": (24.5, 10),
    "cla_rate_10k": (67, 25),
    "referrals_nfa": (7, 5),
    "assessments_child_seen": (96, 4),
    "care_leavers_eet_19_21": (54, 15),
    "sw_agency_rate": (16, 10),
}


def test_the_synthetic_la_sits_near_the_rates_it_was_built_with(loaded_store, config):
    found = {r.indicator_id: r for r in api.indicators("2025-26", loaded_store, ids=list(NEAR), config=config)}
    far = {
        i: round(found[i].value, 1)
        for i, (rate, tolerance) in NEAR.items()
        if found[i].value is None or abs(found[i].value - rate) > tolerance
    }
    assert not far, f"far from the rates the synthetic LA was built with: {far}"


def test_postcodes_are_looked_up_once_at_load(loaded_store):
    with Store.open(loaded_store, read_only=True) as store:
        held, found = store.con.execute("SELECT count(*), count(easting) FROM postcode").fetchone()
        wanted = store.con.execute(
            "SELECT count(DISTINCT upper(replace(p, ' ', ''))) FROM "
            "(SELECT home_postcode AS p FROM cla_episode UNION SELECT placement_postcode FROM cla_episode) "
            "WHERE p IS NOT NULL"
        ).fetchone()[0]
    assert held == wanted > 0
    assert found / held > 0.9, "synthetic homes and placements use real postcodes"


# DuckDB shorthands PostgreSQL and Spark do not read, with the portable form to use.
NOT_PORTABLE = {
    r"INTERVAL \$?\w+ (MONTH|YEAR|DAY)": "INTERVAL '12' MONTH",
    r"\bQUALIFY\b": "a subquery with row_number()",
    r"\bGROUP BY ALL\b": "the grouped columns",
    r"::": "CAST(x AS type)",
    r"\bEXCLUDE\b": "the columns wanted",
    r"\b(arg_max|arg_min|list|count_if|date_diff|strftime|date_trunc)\(": "standard functions",
}


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "src/scorecard/indicators").glob("*/**/*.sql")),
    ids=lambda p: p.parent.name if p.name == "query.sql" else p.stem,
)
def test_definitions_use_portable_sql(path):
    text = "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())
    for pattern, instead in NOT_PORTABLE.items():
        assert not re.search(pattern, text, flags=re.IGNORECASE), (
            f"{path.name}: {pattern} is DuckDB only; use {instead}"
        )


def test_targets_by_year_and_the_rest_of_the_judgement_settings(tmp_path):
    path = tmp_path / "scorecard.yml"
    path.write_text(
        "region: E12000003\nstatistical_neighbours: [370, '371']\nsuppression_threshold: 10\n"
        "targets:\n  rereferrals_12m: 18\n"
        "  icpc_15wd: {target: 80, tolerance: 5, years: {2026-27: 85, 2027-28: {target: 90, tolerance: 2}}}\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.region, config.statistical_neighbours, config.suppression_threshold) == (
        "E12000003",
        ("370", "371"),
        10,
    )
    assert config.target_for("rereferrals_12m", "2025-26") == Target(18.0)
    assert config.target_for("icpc_15wd", "2025-26") == Target(80.0, 5.0)
    assert config.target_for("icpc_15wd", "2026-27") == Target(85.0, 5.0)  # the standing tolerance
    assert config.target_for("icpc_15wd", "2027-28") == Target(90.0, 2.0)
    assert config.target_for("cin_count", "2025-26") is None
    assert load_config(_written(tmp_path, "region: Yorkshire and the Humber\n")).region == "E12000003"
    assert load_config(_written(tmp_path, "statistical_neighbours: 2021\n")).statistical_neighbours == "2021"


def _written(folder: Path, text: str) -> Path:
    path = folder / "other.yml"
    path.write_text(text, encoding="utf-8")
    return path
