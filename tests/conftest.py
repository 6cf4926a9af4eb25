"""Shared fixtures: a small synthetic LA, generated once per test run, and the
reference files beside the checkout (tests that need them skip without them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scorecard.ingest.load import load
from scorecard.published.importer import import_files
from scorecard.store.database import Store
from scorecard.synth import synthesise

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
FIXTURES = Path(__file__).parent / "fixtures"


def reference(*parts: str) -> Path:
    """A file of the shared reference data, or skip the test when it is absent."""
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not present: {path} (it sits beside the checkout in ../shared)")
    return path


@pytest.fixture(scope="session")
def small_la(tmp_path_factory) -> Path:
    """A small synthetic LA over three collection years (2023-24 to 2025-26)."""
    out = tmp_path_factory.mktemp("synth")
    synthesise("small", 3, 7, out)
    return out / "001_northbridge"


@pytest.fixture(scope="session")
def ten_years(tmp_path_factory) -> Path:
    """A small synthetic LA over ten years: a CIN census for every schema, 2016-17 to 2025-26."""
    out = tmp_path_factory.mktemp("ten_years")
    synthesise("small", 10, 3, out)
    return out / "001_northbridge"


@pytest.fixture(scope="session")
def loaded_store(small_la, tmp_path_factory) -> Path:
    """The small LA's returns and extract, loaded into a store."""
    db = tmp_path_factory.mktemp("store") / "scorecard.duckdb"
    with Store.open(db) as store:
        parts = ("cin_census", "ssda903", "csww", "ssd", "local_measures.csv")
        load(store, [small_la / p for p in parts])
    return db


@pytest.fixture(scope="session")
def benchmarked_store(loaded_store, small_la, tmp_path_factory) -> Path:
    """A copy of the loaded store with the small LA's synthetic benchmarks imported."""
    db = tmp_path_factory.mktemp("benchmarked") / "scorecard.duckdb"
    shutil.copy(loaded_store, db)
    with Store.open(db) as store:
        import_files(store, [small_la / "benchmarks_synthetic.csv"])
    return db
