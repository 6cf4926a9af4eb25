"""The audit log in the web app, for analysts: the latest entries, newest first,
filtered by user or action. Reading it is itself recorded."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from scorecard.access.audit import ACTIONS, entries, record
from scorecard.access.database import open_access
from scorecard.web.auth import EVERYTHING, client, require
from scorecard.web.rendering import render

SHOWN = 500  # the newest entries; the command line (`scorecard audit`) has them all


def audit_page(request: Request) -> HTMLResponse:
    session = require(request, EVERYTHING)
    user = request.query_params.get("user") or None
    action = request.query_params.get("action") or None
    with open_access(request.app.state.site.db) as con:
        found = entries(con, user=user, action=action if action in ACTIONS else None)
        record(con, session.user.name, "view", "audit log", client(request))
    newest = list(reversed(found))[:SHOWN]
    context = {"entries": newest, "total": len(found), "user": user or "", "action": action or "", "actions": ACTIONS}
    return render(request, "audit.html.j2", session, context)
