"""Live tracking, for managers (their own teams' children) and analysts (every child):
the trackers with how many children each lists, one tracker's children sortable and
exportable to CSV, and one child's deadlines. Every view and export of child-level data
is written to the audit log. A child's id never appears in a URL: the child page is
reached by a posted form (with its CSRF token), and the server checks the child is one
the user may see."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from scorecard import trackers as tracked
from scorecard.access.audit import record
from scorecard.access.database import open_access
from scorecard.access.sessions import Session
from scorecard.outputs.xlsx import safe
from scorecard.web.auth import CHILD_LEVEL, client, posted, require
from scorecard.web.rendering import fragment, render
from scorecard.web.site import Site, teams_key


def trackers(request: Request) -> HTMLResponse:
    session = require(request, CHILD_LEVEL)
    site: Site = request.app.state.site
    found = [(key, t, len(_track(site, key, session).rows)) for key, t in tracked.definitions().items()]
    return render(request, "trackers.html.j2", session, {"trackers": found, "as_at": site.as_at})


def tracker(request: Request) -> HTMLResponse:
    session = require(request, CHILD_LEVEL)
    site: Site = request.app.state.site
    key, definition = _definition(request)
    within = _within(request)
    teams = _teams(session)
    listed = site.track(key, teams, within)
    sort = request.query_params.get("sort", "")
    descending = request.query_params.get("order") == "descending"
    shown = {
        "key": key,
        "tracker": definition,
        "columns": listed.columns,
        "rows": _sorted(listed.columns, listed.rows, sort, descending),
        "sort": sort,
        "descending": descending,
        "child_column": listed.columns.index("child_id"),
        "within": within,
        "headings": dict(definition.columns),
    }
    # The table is most of the page's work, and the same for everyone who sees these rows.
    table = site.kept(
        ("tracker table", key, teams_key(teams), within, sort, descending),
        lambda: fragment("tracker_table.html.j2", shown),
    )
    _audit(request, session, "view", f"tracker:{key}", f"{len(listed.rows)} children")
    context = {
        **shown,
        "table": table,
        "description": listed.description,
        "as_at": site.as_at,
        "usual": next((p.default for p in definition.parameters if p.name == "within"), None),
    }
    return render(request, "tracker.html.j2", session, context)


def export(request: Request) -> Response:
    session = require(request, CHILD_LEVEL)
    key, _ = _definition(request)
    listed = request.app.state.site.track(key, _teams(session), _within(request))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(listed.columns)
    writer.writerows([safe("" if cell is None else str(cell)) for cell in row] for row in listed.rows)
    _audit(request, session, "export", f"tracker:{key}", f"{len(listed.rows)} rows to CSV")
    name = f"{key}-{request.app.state.site.as_at.isoformat()}.csv"
    return Response(
        out.getvalue(), media_type="text/csv", headers={"content-disposition": f'attachment; filename="{name}"'}
    )


async def child(request: Request) -> HTMLResponse:
    session = require(request, CHILD_LEVEL)
    form = await posted(request, session)
    wanted = str(form.get("child_id", ""))
    site: Site = request.app.state.site
    found = await run_in_threadpool(_deadlines, site, session, wanted)
    if not found:
        # The same answer whether the child does not exist or is another team's.
        _audit(request, session, "view", "child:refused", "not on any of the user's trackers")
        raise HTTPException(404, "No child of that id is on your teams' trackers.")
    _audit(request, session, "view", f"child:{wanted}", f"{sum(len(r) for *_, r in found)} deadlines")
    return render(request, "child.html.j2", session, {"child_id": wanted, "found": found, "as_at": site.as_at})


def _deadlines(site: Site, session: Session, wanted: str) -> list[tuple[tracked.Tracker, tuple[str, ...], list]]:
    """Every tracker's rows for one child, among those the user may see."""
    found = []
    for key, definition in tracked.definitions().items():
        listed = _track(site, key, session)
        index = listed.columns.index("child_id")
        rows = [row for row in listed.rows if str(row[index]) == wanted]
        if rows:
            found.append((definition, listed.columns, rows))
    return found


def _definition(request: Request) -> tuple[str, tracked.Tracker]:
    key = request.path_params["tracker_id"]
    known = tracked.definitions()
    if key not in known:
        raise HTTPException(404, f"There is no tracker {key!r}.")
    return key, known[key]


def _within(request: Request) -> int | None:
    """The days ahead asked for (?within=N, 0 to 365), or None for the tracker's own."""
    text = request.query_params.get("within", "")
    if not text:
        return None
    if not text.isdigit() or int(text) > 365:
        raise HTTPException(400, f"'within' should be a number of days from 0 to 365, not {text!r}.")
    return int(text)


def _teams(session: Session) -> Collection[str] | None:
    """A manager's own teams; None (every team) for an analyst."""
    return None if session.user.role == "analyst" else session.user.teams


def _track(site: Site, key: str, session: Session) -> tracked.TrackerList:
    return site.track(key, _teams(session))


def _sorted(columns: tuple[str, ...], rows: list[tuple], sort: str, descending: bool) -> list[tuple]:
    """Rows sorted by a column (blanks last), or in the tracker's own order (most overdue first)."""
    if sort not in columns:
        return list(rows)
    index = columns.index(sort)
    present = [r for r in rows if r[index] is not None]
    blank = [r for r in rows if r[index] is None]
    return sorted(present, key=lambda r: _key(r[index]), reverse=descending) + blank


def _key(value: object) -> tuple[int, object]:
    # Numbers and dates before text, so a mixed column still sorts.
    return (0, value) if isinstance(value, int | float | date) else (1, str(value))


def _audit(request: Request, session: Session, action: str, target: str, detail: str) -> None:
    with open_access(request.app.state.site.db) as con:
        record(con, session.user.name, action, target, client(request), detail)
