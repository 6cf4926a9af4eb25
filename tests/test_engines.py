"""The same definitions on PostgreSQL and Spark: translated from DuckDB's SQL, run over
an exported copy of the store, giving the same results table and drill-down as DuckDB.
The PostgreSQL server is a throwaway one started here; Spark runs in local mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from scorecard import api
from scorecard.backends import BackendChoice, BackendError, runner
from scorecard.backends.translate import Translator
from tests.servers import postgres_binaries, postgres_server

PERIODS = ("2025-26 Q4", "2024-25")
DRILLED = ("assessments_45wd", "cpp_open_2y_plus", "cla_placements_3plus", "cla_visits_timely", "cpp_reviews_timely")


def key(result) -> tuple:
    return (result.indicator_id, result.la_code, result.period, result.breakdown)


def same_results(store: Path, choice: BackendChoice) -> None:
    for period in PERIODS:
        expected = {key(r): r for r in api.indicators(period, store)}
        found = {key(r): r for r in api.indicators(period, store, run_on=choice)}
        assert found.keys() == expected.keys()
        differing = [k for k in expected if found[k] != expected[k]]
        assert not differing, [(expected[k], found[k]) for k in differing[:3]]
        assert any(r.value is not None for r in expected.values())


def same_drill(store: Path, choice: BackendChoice) -> None:
    for indicator in DRILLED:
        expected = api.drill(indicator, PERIODS[0], store)
        assert expected[1], f"{indicator}: nothing to drill into"
        assert api.drill(indicator, PERIODS[0], store, run_on=choice) == expected


@pytest.fixture(scope="module")
def postgres():
    if postgres_binaries() is None:
        pytest.fail("no PostgreSQL server installed: make test installs postgresql-15")
    with postgres_server() as dsn:
        yield dsn


@pytest.fixture(scope="module")
def store(loaded_store, tmp_path_factory) -> Path:
    """A copy of the loaded store that these tests may add a load to."""
    copy = tmp_path_factory.mktemp("engines") / "scorecard.duckdb"
    shutil.copy(loaded_store, copy)
    return copy


@pytest.fixture(scope="module")
def on_postgres(store, postgres) -> BackendChoice:
    choice = BackendChoice("postgres", postgres)
    copied = api.export(choice, store)
    assert copied["cla_episode"] > 0 and copied["calendar"] > 0
    return choice


@pytest.fixture(scope="module")
def on_spark(store, tmp_path_factory) -> BackendChoice:
    choice = BackendChoice("spark", str(tmp_path_factory.mktemp("spark") / "copy"), "local[2]")
    api.export(choice, store)
    return choice


def test_a_difference_of_dates_is_whole_days_on_spark():
    translator = Translator("spark", {"t": {"a": "DATE", "b": "DATE", "n": "BIGINT"}})
    assert "DATEDIFF(t.a, t.b)" in translator.translate("SELECT a - b AS days, n - 1 AS m FROM t")
    assert "DATEDIFF" not in Translator("postgres", translator.schema.mapping).translate("SELECT a - b FROM t")


def test_division_is_not_whole_numbers_on_postgres():
    translator = Translator("postgres", {"t": {"n": "BIGINT"}})
    assert "DOUBLE PRECISION" in translator.translate("SELECT n / 2 FROM t")


def test_postgres_gives_duckdbs_results(store, on_postgres):
    same_results(store, on_postgres)


def test_postgres_gives_duckdbs_drill_down(store, on_postgres):
    same_drill(store, on_postgres)


def test_judgements_run_on_postgres(store, on_postgres):
    expected = api.judge(PERIODS[0], store)
    found = api.judge(PERIODS[0], store, run_on=on_postgres)
    assert found == expected


def test_spark_gives_duckdbs_results_and_drill_down(store, on_spark):
    same_results(store, on_spark)
    same_drill(store, on_spark)


def test_a_copy_older_than_the_store_is_refused(store, on_postgres, on_spark):
    with duckdb.connect(str(store)) as con:
        con.execute("INSERT INTO load (load_id, started_at) SELECT max(load_id) + 1, now() FROM load")
    try:
        for choice in (on_postgres, on_spark):
            with pytest.raises(BackendError, match="run scorecard export"):
                api.indicators(PERIODS[0], store, run_on=choice)
    finally:
        with duckdb.connect(str(store)) as con:
            con.execute("DELETE FROM load WHERE load_id = (SELECT max(load_id) FROM load)")


def test_a_failed_export_leaves_the_last_copy(store, on_postgres, monkeypatch):
    import scorecard.backends.export as export

    written = []
    copy = export._copy

    def fails_third(*args):
        written.append(args[1])
        if len(written) == 3:
            raise RuntimeError("the connection was lost")
        return copy(*args)

    monkeypatch.setattr(export, "_copy", fails_third)
    with pytest.raises(RuntimeError):
        api.export(on_postgres, store)
    monkeypatch.undo()
    assert api.indicators(PERIODS[0], store, ids=["cla_count"], run_on=on_postgres)


def test_the_engine_must_be_named_with_where_it_is():
    with pytest.raises(BackendError, match="needs --at"):
        BackendChoice("postgres")
    with pytest.raises(BackendError, match="not an engine"):
        BackendChoice("oracle", "x")


def test_no_server_is_a_message_without_the_password(store):
    choice = BackendChoice("postgres", "host=/nonexistent user=u password=secret dbname=x connect_timeout=2")
    with pytest.raises(BackendError) as raised:
        api.indicators(PERIODS[0], store, run_on=choice)
    assert "cannot connect to PostgreSQL" in str(raised.value) and "secret" not in str(raised.value)


@pytest.mark.parametrize(
    ("at", "shown"),
    [
        ("host=/run/pg user=u password=secret dbname=x", "user=u password=*** dbname=x host=/run/pg"),
        ("postgresql://u:secret@db.example:5432/x", "user=u password=*** dbname=x host=db.example port=5432"),
        ("host=db password = 'se cret'", "password=*** host=db"),
        ("service=regional", "service=regional"),
        ("user=u password='unclosed secret", "(a connection string libpq cannot read)"),
    ],
)
def test_a_postgres_connection_string_is_shown_without_its_password(at, shown):
    assert runner._safe(at) == shown


def test_a_spark_folder_is_shown_as_given():
    assert runner._shown(BackendChoice("spark", "/shared/scorecard-copy")) == "/shared/scorecard-copy"


def test_the_command_line_runs_on_postgres(store, on_postgres):
    from typer.testing import CliRunner

    from scorecard.cli import app

    args = ["indicators", "--period", PERIODS[0], "--db", str(store), "--format", "csv", "--ids", "cla_count"]
    expected = CliRunner().invoke(app, args)
    found = CliRunner().invoke(app, [*args, "--engine", "postgres", "--at", on_postgres.at])
    assert found.exit_code == 0, found.output
    assert found.output == expected.output
