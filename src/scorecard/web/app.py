"""The web app: its routes, the headers every answer carries, and its error pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scorecard.web import auth, data, logbook, pages, tracking
from scorecard.web.rendering import render
from scorecard.web.site import Site

# Nothing from elsewhere, no scripts, no framing; pages hold child-level data, so no
# caching and no referrer.
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}


def create_app(db: Path, config: Path | None = None, as_at: date | None = None) -> Starlette:
    routes = [
        Route("/", lambda request: RedirectResponse("/overview", status_code=303)),
        Route("/login", auth.login_page, methods=["GET"]),
        Route("/login", auth.login, methods=["POST"]),
        Route("/logout", auth.logout, methods=["POST"]),
        Route("/overview", pages.overview),
        Route("/indicators/{indicator_id}", pages.indicator),
        Route("/trackers", tracking.trackers),
        Route("/trackers/{tracker_id}.csv", tracking.export),
        Route("/trackers/{tracker_id}", tracking.tracker),
        Route("/child", tracking.child, methods=["POST"]),
        Route("/audit", logbook.audit_page),
        Route("/data", data.data_page, methods=["GET"]),
        Route("/data", data.upload, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_Headers)],
        exception_handlers={HTTPException: _error_page, auth.SignInFirst: auth.sign_in_first},
    )
    app.state.site = Site(db, config, as_at)
    return app


class _Headers:
    """Adds HEADERS to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *((k.encode(), v.encode()) for k, v in HEADERS.items()),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _error_page(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    titles = {403: "Not allowed", 404: "Not found", 405: "Not allowed"}
    detail = error.detail if isinstance(error, HTTPException) else "Something went wrong."
    return render(
        request,
        "error.html.j2",
        auth.signed_in(request),
        {"title": titles.get(status, "Error"), "message": detail},
        status,
    )
