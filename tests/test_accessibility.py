"""The HTML report, public and internal, checked for accessibility (WCAG 2.2 AA) in
headless Chromium with axe-core: no serious or critical violations. A screenshot of
the first page goes to build/screenshots/ for a person to look at. The browser and
axe-core are as tests/browser.py says."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard import api
from tests.browser import SCREENSHOTS, axe, describe

QUARTER = "2025-26 Q4"


@pytest.fixture(scope="module")
def reports(benchmarked_store, small_la, tmp_path_factory) -> dict[str, Path]:
    """The small LA's HTML report for each audience."""
    out = tmp_path_factory.mktemp("a11y")
    config = small_la / "scorecard.yml"
    built = {}
    for audience in ("public", "internal"):
        (path,) = api.report(
            QUARTER, benchmarked_store, formats=["html"], out=out / audience, config=config, audience=audience
        )
        built[audience] = path
    return built


def _open(page, path: Path) -> None:
    page.goto(path.resolve().as_uri(), wait_until="load")


def _only_local(page) -> None:
    remote = [url for url in page.requests if not url.startswith("file://")]
    assert not remote, f"the report fetched from the network: {remote}"


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_no_serious_or_critical_violations(page, reports, audience):
    _open(page, reports[audience])
    violations = axe(page)
    assert not violations, f"axe-core found in the {audience} report:\n{describe(violations)}"
    _only_local(page)


def test_screenshot_of_first_page(page, reports):
    _open(page, reports["public"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "report-first-page.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000, f"{shot} is only {shot.stat().st_size} bytes: is the page blank?"
    _only_local(page)
