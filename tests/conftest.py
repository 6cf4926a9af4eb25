"""Shared fixtures: a small synthetic LA, generated once per test run, and the
reference files beside the checkout (tests that need them skip without them)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scorecard import trackers
from scorecard.access import passwords
from scorecard.config import load_config
from scorecard.ingest.load import load
from scorecard.published.importer import import_files
from scorecard.store.database import Store
from scorecard.synth import synthesise
from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_tools
from tests.webapp import AS_AT, cheap_hashing, make_app

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
def six_years_seed_1(tmp_path_factory) -> tuple[Path, Path]:
    """A small synthetic LA over six collection years (2020-21 to 2025-26), seed 1 as the
    demo, loaded whole (every return, the Annex A workbook and the extracts) into a
    store: the LA folder and the store."""
    out = tmp_path_factory.mktemp("six_years")
    synthesise("small", 6, 1, out)
    folder = out / "001_northbridge"
    db = out / "scorecard.duckdb"
    with Store.open(db) as store:
        load(store, [folder])
    return folder, db


@pytest.fixture(scope="session")
def benchmarked_store(loaded_store, small_la, tmp_path_factory) -> Path:
    """A copy of the loaded store with the small LA's synthetic benchmarks imported."""
    db = tmp_path_factory.mktemp("benchmarked") / "scorecard.duckdb"
    shutil.copy(loaded_store, db)
    with Store.open(db) as store:
        import_files(store, [small_la / "benchmarks_synthetic.csv"])
    return db


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, through Playwright (see tests/browser.py)."""
    require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own cookies) that notes every URL it requests in page.requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def web_teams(benchmarked_store, small_la) -> tuple[str, str]:
    """The tracker listing the most children on the small LA, and the team of its first."""
    with Store.open(benchmarked_store, read_only=True) as store:
        config = load_config(small_la / "scorecard.yml")
        listed = {key: trackers.track(store, key, AS_AT, None, config) for key in trackers.definitions()}
    tracker_id = max(listed, key=lambda key: len(listed[key].rows))
    first = listed[tracker_id]
    assert first.rows, "the small LA has no child on any tracker"
    return tracker_id, first.rows[0][first.columns.index("team")]


@pytest.fixture(scope="session")
def web_app(benchmarked_store, small_la, web_teams, tmp_path_factory):
    """The web app on a copy of the small LA's store, with the users of tests/webapp.py."""
    original = cheap_hashing()
    try:
        copy = tmp_path_factory.mktemp("web") / "scorecard.duckdb"
        yield make_app(benchmarked_store, small_la / "scorecard.yml", copy, web_teams[1])
    finally:
        passwords.HASHER = original
