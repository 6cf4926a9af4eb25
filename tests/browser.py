"""What the browser tests share: Debian's chromium driven by Playwright, and axe-core
(from npm, pinned in package-lock.json) to check pages against WCAG 2.2 AA. `make test`
installs both; the tests fail, not skip, when either is missing, because the project
requires these checks to run in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"

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


def require_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Debian's chromium ({CHROMIUM})")
    if not AXE.exists():
        missing.append(f"axe-core ({AXE.relative_to(ROOT)})")
    if missing:
        pytest.fail(
            f"the browser tests need {' and '.join(missing)}: run `make test`, which installs them"
            " (chromium with apt-get, as root or with sudo; axe-core with npm ci)",
            pytrace=False,
        )


def axe(page) -> list[dict]:
    """The page's serious and critical WCAG violations, as axe-core reports them."""
    page.add_script_tag(path=str(AXE))
    # resultTypes: full detail for violations only (a report has ~30,000 elements).
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        # A target is a CSS selector path (a list when it crosses frames); keep the end of it.
        targets = "; ".join(" ".join(map(str, node["target"]))[-150:] for node in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} e.g. {targets}")
    return "\n".join(lines)
