"""The live dashboard over HTTP (Starlette's test client): sign-in, what each role can
and cannot see, CSRF on every form, child ids kept out of URLs, the team filter on
child-level pages, the audit log of views and exports, and the headers every page
carries. The browser tests (test_web_browser.py) drive the same app in Chromium."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scorecard import trackers
from scorecard.access import passwords
from scorecard.access.audit import entries
from scorecard.access.database import open_access
from tests.webapp import PASSWORD, cheap_hashing, make_app


def _client(web_app) -> TestClient:
    # https, or the client would not send the Secure session cookie back.
    return TestClient(web_app, base_url="https://testserver", follow_redirects=False)


def _sign_in(web_app, name: str) -> TestClient:
    client = _client(web_app)
    token = _login_token(client)
    answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/overview"})
    assert answer.status_code == 303, answer.text
    return client


def _login_token(client: TestClient) -> str:
    page = client.get("/login")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _csrf(client: TestClient, path: str = "/overview") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def _audit(web_app) -> list:
    with open_access(web_app.state.site.db) as con:
        return entries(con)


def _child_from(web_app, name: str, tracker_id: str) -> tuple[TestClient, list[dict]]:
    client = _sign_in(web_app, name)
    answer = client.get(f"/trackers/{tracker_id}.csv")
    return client, list(csv.DictReader(io.StringIO(answer.text)))


# --- signing in ---------------------------------------------------------------------


def test_every_page_asks_for_sign_in_first(web_app):
    client = _client(web_app)
    for path in ("/overview", "/indicators/icpc_15wd", "/trackers", "/trackers/cla_visits_due", "/audit"):
        answer = client.get(path)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next="), path
    assert client.post("/child", data={"child_id": "1"}).status_code == 303


def test_a_wrong_password_gets_one_message_and_is_recorded(web_app):
    client = _client(web_app)
    answer = client.post("/login", data={"name": "meg", "password": "wrong" * 3, "csrf": _login_token(client)})
    assert answer.status_code == 401 and "Wrong name or password" in answer.text
    assert "scorecard_session" not in answer.cookies
    assert any(e.action == "login_failed" and e.user == "meg" for e in _audit(web_app))


def test_a_login_without_its_form_token_is_refused(web_app):
    client = _client(web_app)
    client.get("/login")
    answer = client.post("/login", data={"name": "meg", "password": PASSWORD, "csrf": "forged"})
    assert answer.status_code == 403 and "scorecard_session" not in answer.cookies


def test_the_session_cookie_is_secure_httponly_and_strict(web_app):
    client = _client(web_app)
    token = _login_token(client)
    answer = client.post("/login", data={"name": "cllr", "password": PASSWORD, "csrf": token})
    cookie = answer.headers["set-cookie"].lower()
    assert "scorecard_session=" in cookie
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie


def test_after_sign_in_only_a_path_on_this_site_is_followed(web_app):
    for target, expected in (("/trackers", "/trackers"), ("//evil.example/x", "/"), ("https://evil.example", "/")):
        client = _client(web_app)
        token = _login_token(client)
        answer = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token, "next": target})
        assert answer.headers["location"] == expected


def test_a_figure_resting_on_few_children_says_fewer_than_the_threshold(
    benchmarked_store, small_la, web_teams, tmp_path
):
    """With the LA's threshold at 50, plans ended in the quarter (41 of them) are too few
    to show: a member sees "fewer than 50", in the overview and on its own page."""
    config = tmp_path / "scorecard.yml"
    text = (small_la / "scorecard.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("suppression_threshold: 5", "suppression_threshold: 50"), encoding="utf-8")
    original = cheap_hashing()
    try:
        app = make_app(benchmarked_store, config, tmp_path / "scorecard.duckdb", web_teams[1])
        client = _sign_in(app, "cllr")
        overview = client.get("/overview").text
        page = client.get("/indicators/cpp_ended_2y_plus").text
    finally:
        passwords.HASHER = original
    assert '<td class="number">fewer than 50</td>' in overview
    assert "fewer than 50" in page and "not available" not in page


def test_signing_out_needs_the_form_token_and_ends_the_session(web_app):
    client = _sign_in(web_app, "cllr")
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/overview").status_code == 200
    assert client.post("/logout", data={"csrf": _csrf(client)}).status_code == 303
    assert client.get("/overview").status_code == 303


# --- what each role sees ------------------------------------------------------------


def test_a_member_sees_the_aggregate_pages_suppressed_and_nothing_child_level(web_app):
    client = _sign_in(web_app, "cllr")
    overview = client.get("/overview")
    assert overview.status_code == 200 and "Published version: to protect children&#39;s privacy" in overview.text
    assert client.get("/indicators/icpc_15wd").status_code == 200
    for path in ("/trackers", "/trackers/cla_visits_due", "/trackers/cla_visits_due.csv", "/audit"):
        assert client.get(path).status_code == 403, path
    assert client.post("/child", data={"child_id": "1", "csrf": _csrf(client)}).status_code == 403


def test_the_overview_filters_by_section(web_app):
    client = _sign_in(web_app, "cllr")
    page = client.get("/overview?section=child_protection").text
    assert "Child protection" in page and "Children looked after</caption>" not in page
    assert "<svg" in page  # the sparklines, drawn inline


def test_a_manager_sees_only_their_teams_children(web_app, web_teams):
    tracker_id, team = web_teams
    for key in trackers.definitions():
        _, rows = _child_from(web_app, "meg", key)
        assert all(row["team"] == team for row in rows), key
        _, none = _child_from(web_app, "nobody", key)
        assert none == [], key
    assert _child_from(web_app, "meg", tracker_id)[1]
    everyone = [row for key in trackers.definitions() for row in _child_from(web_app, "ana", key)[1]]
    assert {row["team"] for row in everyone} - {team}


def test_a_manager_cannot_open_another_teams_child(web_app, web_teams):
    tracker_id, _ = web_teams
    own_ids = {row["child_id"] for key in trackers.definitions() for row in _child_from(web_app, "meg", key)[1]}
    everyone = [row for key in trackers.definitions() for row in _child_from(web_app, "ana", key)[1]]
    other = next(row["child_id"] for row in everyone if row["child_id"] not in own_ids)
    _, own = _child_from(web_app, "meg", tracker_id)
    client = _sign_in(web_app, "meg")
    refused = client.post("/child", data={"child_id": other, "csrf": _csrf(client)})
    assert refused.status_code == 404 and other not in refused.text
    opened = client.post("/child", data={"child_id": own[0]["child_id"], "csrf": _csrf(client)})
    assert opened.status_code == 200 and own[0]["child_id"] in opened.text
    log = _audit(web_app)
    assert any(e.user == "meg" and e.target == f"child:{own[0]['child_id']}" for e in log)
    assert any(e.user == "meg" and e.target == "child:refused" for e in log)


def test_a_forged_child_request_is_refused(web_app):
    client = _sign_in(web_app, "ana")
    other = _sign_in(web_app, "meg")
    for token in ("", "forged", _csrf(other)):
        assert client.post("/child", data={"child_id": "x", "csrf": token}).status_code == 403


def test_child_ids_are_never_in_links(web_app, web_teams):
    tracker_id, _ = web_teams
    client, rows = _child_from(web_app, "ana", tracker_id)
    page = client.get(f"/trackers/{tracker_id}").text
    links = re.findall(r'(?:href|action)="([^"]+)"', page)
    assert rows and not [link for link in links if any(row["child_id"] in link for row in rows)]


def test_viewing_and_exporting_a_tracker_are_recorded(web_app, web_teams):
    tracker_id, _ = web_teams
    client = _sign_in(web_app, "meg")
    assert client.get(f"/trackers/{tracker_id}?sort=child_id&order=descending").status_code == 200
    export = client.get(f"/trackers/{tracker_id}.csv")
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    log = [e for e in _audit(web_app) if e.user == "meg"]
    assert any(e.action == "view" and e.target == f"tracker:{tracker_id}" for e in log)
    assert any(e.action == "export" and e.target == f"tracker:{tracker_id}" for e in log)


def test_trackers_sort_by_a_column(web_app, web_teams):
    tracker_id, _ = web_teams
    client = _sign_in(web_app, "ana")
    page = client.get(f"/trackers/{tracker_id}?sort=child_id&order=descending").text
    ids = re.findall(r'name="child_id" value="([^"]+)"', page)
    assert ids == sorted(ids, reverse=True) and 'aria-sort="descending"' in page


def test_only_an_analyst_reads_the_audit_log(web_app):
    assert _sign_in(web_app, "meg").get("/audit").status_code == 403
    page = _sign_in(web_app, "ana").get("/audit?action=export")
    assert page.status_code == 200 and "tracker:" in page.text


def test_every_answer_carries_the_protective_headers(web_app):
    answer = _client(web_app).get("/login")
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-frame-options"] == "DENY"


def test_an_unknown_page_is_a_plain_404(web_app):
    client = _sign_in(web_app, "ana")
    for path in ("/trackers/nonsense", "/indicators/nonsense"):
        answer = client.get(path)
        assert answer.status_code == 404 and "Traceback" not in answer.text


def test_serving_a_store_without_users_says_how_to_add_one(tmp_path: Path):
    from scorecard import api
    from scorecard.api import ChoiceError

    with pytest.raises(ChoiceError, match="users add"):
        api.web_app(tmp_path / "empty.duckdb")


def test_a_tracker_looks_further_ahead_when_asked(web_app, web_teams):
    tracker_id, _ = web_teams
    client = _sign_in(web_app, "ana")
    usual = client.get(f"/trackers/{tracker_id}.csv").text.count("\n")
    further = client.get(f"/trackers/{tracker_id}.csv?within=60").text.count("\n")
    assert further > usual
    assert client.get(f"/trackers/{tracker_id}?within=soon").status_code == 400


def test_the_indicator_page_has_the_control_chart_of_a_monthly_series(web_app):
    page = _sign_in(web_app, "cllr").get("/indicators/contacts_decided_1wd").text
    assert "monthly, with process limits" in page and "Definition" in page


def test_a_yearly_figure_has_its_years_and_no_control_chart(web_app):
    client = _sign_in(web_app, "cllr")
    for indicator_id, this, before in (
        ("sw_vacancy_rate", "2025 census", "2024 census"),
        ("care_leavers_eet_19_21", "cohort year 2025-26", "cohort year 2024-25"),
    ):
        page = client.get(f"/indicators/{indicator_id}").text
        assert f"2025-26 Q4, {this} (this period)" in page and f"The year before, {before}" in page
        assert '<th scope="col">Year</th>' in page and "one point a year" in page
        assert "process limits" not in page and "Previous period" not in page
    overview = client.get("/overview?section=workforce").text
    assert "Direction of travel" in overview and "since 2024 census</td>" in overview


# --- the analyst's data page ------------------------------------------------------------


def test_only_an_analyst_sees_the_data_page(web_app):
    for name in ("cllr", "meg"):
        assert _sign_in(web_app, name).get("/data").status_code == 403
    page = _sign_in(web_app, "ana").get("/data").text
    assert "Files loaded" in page and "cin_census" in page and "Settings in force" in page


def test_a_file_loaded_from_the_browser_is_counted_and_audited(web_app, small_la):
    client = _sign_in(web_app, "ana")
    measures = (small_la / "local_measures.csv").read_bytes()
    files = {"files": ("../../local_measures.csv", measures, "text/csv")}
    answer = client.post("/data", data={"csrf": _csrf(client), "la": "001"}, files=files)
    assert answer.status_code == 200, answer.text
    assert "local_measures.csv" in answer.text and "unchanged" in answer.text  # loaded before
    assert any(e.action == "load" and e.target == "local_measures.csv" for e in _audit(web_app))


def test_a_file_that_cannot_be_read_leaves_the_store_as_it_was(web_app):
    client = _sign_in(web_app, "ana")
    before = client.get("/data").text.count("<tr>")
    files = {"files": ("cin.xml", b"<Message><Header>", "application/xml")}
    answer = client.post("/data", data={"csrf": _csrf(client), "la": "001"}, files=files)
    assert answer.status_code in (200, 400) and "cin.xml" in answer.text
    assert "failed" in answer.text or 'role="alert"' in answer.text
    assert client.get("/data").text.count("<tr>") == before


def test_a_load_needs_the_form_token(web_app, small_la):
    client = _sign_in(web_app, "ana")
    files = {"files": ("m.csv", b"x", "text/csv")}
    assert client.post("/data", data={"csrf": "forged"}, files=files).status_code == 403
