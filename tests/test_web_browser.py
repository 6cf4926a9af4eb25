"""The live dashboard in a real browser: Debian's chromium, driven by Playwright, against
the app served by uvicorn on the loopback. Each role signs in through the form and sees
what it may; a manager follows a tracker to a child and exports it, and the audit log has
both; direct URLs and forged or cross-site requests are refused; the pages pass axe-core
(WCAG 2.2 AA) and work from the keyboard. See tests/browser.py for the tools."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from scorecard.access.audit import entries
from scorecard.access.database import open_access
from tests.browser import SCREENSHOTS, axe, describe
from tests.webapp import PASSWORD


@pytest.fixture(scope="module")
def site(web_app) -> Iterator[str]:
    """The app served on a free loopback port, for the length of this module."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _sign_in(page, site: str, name: str) -> None:
    page.goto(f"{site}/overview")
    assert "/login" in page.url
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/overview")


def _menu(page) -> list[str]:
    return page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()


def _audit(web_app) -> list:
    with open_access(web_app.state.site.db) as con:
        return entries(con)


@pytest.mark.parametrize(
    ("name", "menu"),
    [
        ("cllr", ["Overview"]),
        ("meg", ["Overview", "Trackers"]),
        ("ana", ["Overview", "Trackers", "Data and settings", "Audit log"]),
    ],
)
def test_each_role_signs_in_and_sees_its_own_menu(page, site, name, menu):
    _sign_in(page, site, name)
    assert _menu(page) == menu
    assert page.get_by_role("heading", level=1).inner_text().startswith("Overview")


def test_direct_urls_beyond_a_role_are_refused(page, site):
    _sign_in(page, site, "cllr")
    for path in ("/trackers", "/audit"):
        answer = page.goto(f"{site}{path}")
        assert answer.status == 403 and "Not allowed" in page.content(), path
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site}/login")
    _sign_in(page, site, "meg")
    assert page.goto(f"{site}/audit").status == 403


def test_a_manager_follows_a_tracker_to_a_child_and_exports_it(page, site, web_app, web_teams):
    tracker_id, _ = web_teams
    _sign_in(page, site, "meg")
    page.get_by_role("link", name="Trackers").click()
    page.locator(f'a[href="/trackers/{tracker_id}"]').click()
    page.wait_for_url(f"{site}/trackers/{tracker_id}")
    first = page.locator('button[name="child_id"]').first.get_attribute("value")
    page.get_by_role("button", name=f"Open child {first}").first.click()
    page.wait_for_url(f"{site}/child")
    assert page.get_by_role("heading", level=1).inner_text() == f"Child {first}"
    assert first not in page.url
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    exported = download.value.path().read_text()
    assert exported.startswith("la_code,child_id") and first in exported
    log = [e for e in _audit(web_app) if e.user == "meg"]
    assert any(e.action == "view" and e.target == f"child:{first}" for e in log)
    assert any(e.action == "export" and e.target == f"tracker:{tracker_id}" for e in log)


def test_forged_and_cross_site_requests_are_refused(page, site):
    _sign_in(page, site, "meg")
    forged = page.request.post(f"{site}/child", form={"child_id": "1", "csrf": "forged"})
    assert forged.status == 403
    # A page elsewhere posting a form here: the SameSite=Strict cookie is not sent, so
    # the request arrives from nobody and is sent to sign in.
    attack = (
        f'<form method="post" action="{site}/child"><input name="child_id" value="1">'
        '<input name="csrf" value="x"><button>go</button></form>'
    )
    page.route("http://elsewhere.test/", lambda route: route.fulfill(body=attack, content_type="text/html"))
    page.goto("http://elsewhere.test/")
    page.get_by_role("button", name="go").click()
    page.wait_for_load_state()
    assert "/login" in page.url


@pytest.mark.parametrize("path", ["/overview", "/indicators/icpc_15wd", "/trackers", "TRACKER", "/audit", "/data"])
def test_pages_have_no_serious_accessibility_problems(browser, site, web_teams, path):
    # The pages' Content-Security-Policy forbids scripts, axe-core's too: set aside for it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        _sign_in(page, site, "ana")
        page.goto(f"{site}{path.replace('TRACKER', f'/trackers/{web_teams[0]}')}")
        violations = axe(page)
    finally:
        context.close()
    assert not violations, f"axe-core found on {path}:\n{describe(violations)}"
    assert all(url.startswith(site) for url in requests), "a page fetched from elsewhere"


def test_the_pages_allow_no_script(page, site):
    _sign_in(page, site, "cllr")
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'injected'")
    assert page.title() != "injected"


def test_the_keyboard_reaches_the_skip_link_first_and_the_content(page, site):
    _sign_in(page, site, "cllr")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "dashboard-overview.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
