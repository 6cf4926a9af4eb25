"""The store: created on first use, with a calendar that counts working days in SQL
exactly as the Python calendar does."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.dates import working_days
from scorecard.store.database import Store, StoreError
from scorecard.store.schema import schema


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("store") / "empty.duckdb") as opened:
        yield opened


def test_all_tables_exist_in_main_and_history(store):
    names = {
        (s, t)
        for s, t in store.con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
    }
    for table in schema().tables.values():
        assert ("main", table.name) in names
        assert ("history", table.name) in names or table.system


def test_opening_twice_changes_nothing(store, tmp_path):
    path = tmp_path / "twice.duckdb"
    Store.open(path).close()
    with Store.open(path) as again:
        days = again.con.execute("SELECT count(*) FROM calendar").fetchone()[0]
        assert days == (date(2050, 12, 31) - date(1990, 1, 1)).days + 1


def test_reading_a_missing_store_says_so(tmp_path):
    with pytest.raises(StoreError, match="there is no store"):
        Store.open(tmp_path / "nothing.duckdb", read_only=True)


@settings(max_examples=60, deadline=None)
@given(
    a=st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31)),
    b=st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31)),
)
def test_sql_working_days_match_python(store, a, b):
    sql = store.con.execute(
        "SELECT e.working_day_number - s.working_day_number "
        "FROM calendar s, calendar e WHERE s.date = ? AND e.date = ?",
        [a, b],
    ).fetchone()[0]
    assert sql == working_days().between(a, b)


@pytest.mark.parametrize(
    ("day", "year", "quarter", "month"),
    [
        (date(2024, 3, 31), "2023-24", 4, "2024-03"),
        (date(2023, 4, 1), "2023-24", 1, "2023-04"),
        (date(2023, 10, 1), "2023-24", 3, "2023-10"),
    ],
)
def test_calendar_periods(store, day, year, quarter, month):
    row = store.con.execute("SELECT financial_year, quarter, month FROM calendar WHERE date = ?", [day]).fetchone()
    assert row == (year, quarter, month)


def test_bank_holiday_names_are_in_the_calendar(store):
    name = store.con.execute("SELECT bank_holiday FROM calendar WHERE date = DATE '2023-05-08'").fetchone()[0]
    assert "Coronation" in name


def test_the_store_keeps_duckdb_within_its_memory_limit(tmp_path, monkeypatch):
    """DuckDB would otherwise cache up to 80% of the machine's memory during a national load."""
    with Store.open(tmp_path / "a.duckdb") as store:
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "3.7 GiB"
    monkeypatch.setenv("SCORECARD_MEMORY_LIMIT", "1GB")
    with Store.open(tmp_path / "a.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"
