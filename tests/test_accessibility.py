"""The HTML report, public and internal, checked for accessibility (WCAG 2.2 AA) in
headless Chromium with axe-core: no serious or critical violations. A screenshot of
the first page goes to build/screenshots/ for a person to look at.

The browser is Debian's chromium (/usr/bin/chromium) and axe-core comes from npm
(package.json, pinned in package-lock.json); `make test` installs both. The tests fail,
not skip, when either is missing: the project requires this check to run in CI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scorecard import api

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
QUARTER = "2025-26 Q4"

# The machine may have no network: without these flags Chromium keeps trying to reach
# Google's services and fills the log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core has no wcag22a rules: its 2.2 rules are AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def _require_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Debian's chromium ({CHROMIUM})")
    if not AXE.exists():
        missing.append(f"axe-core ({AXE.relative_to(ROOT)})")
    if missing:
        pytest.fail(
            f"the accessibility check needs {' and '.join(missing)}: run `make test`, which installs them"
            " (chromium with apt-get, as root or with sudo; axe-core with npm ci)",
            pytrace=False,
        )


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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    try:
        yield page
    finally:
        context.close()


def _open(page, path: Path) -> None:
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.add_script_tag(path=str(AXE))


def _axe(page) -> list[dict]:
    # resultTypes: full detail for violations only (the page has ~30,000 elements).
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        # A target is a CSS selector path (a list when it crosses frames); keep the end of it.
        targets = "; ".join(" ".join(map(str, node["target"]))[-150:] for node in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} e.g. {targets}")
    return "\n".join(lines)


def _only_local(page) -> None:
    remote = [url for url in page.requests if not url.startswith("file://")]
    assert not remote, f"the report fetched from the network: {remote}"


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_no_serious_or_critical_violations(page, reports, audience):
    _open(page, reports[audience])
    violations = [v for v in _axe(page) if v["impact"] in BLOCKING]
    assert not violations, f"axe-core found in the {audience} report:\n{_describe(violations)}"
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
