"""Signing in and out, and the checks every page makes: who is signed in (from the
session cookie), whether their role may see the page, and the CSRF token on every form
posted. The session cookie is Secure, HttpOnly and SameSite=Strict; the login form has
a token of its own in a cookie (double submit), since there is no session yet."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from scorecard.access.database import open_access, utc_now
from scorecard.access.sessions import Session, check_csrf, create_session, end_session, session_user
from scorecard.access.users import authenticate
from scorecard.web.rendering import render

SESSION_COOKIE = "scorecard_session"
LOGIN_COOKIE = "scorecard_login"
# Who may see what: every page names the roles it admits.
AGGREGATE = ("member", "manager", "analyst")
CHILD_LEVEL = ("manager", "analyst")
EVERYTHING = ("analyst",)


class SignInFirst(Exception):
    """Raised by `require` when nobody is signed in: answered with the login page."""


def client(request: Request) -> str:
    return request.client.host if request.client else ""


def signed_in(request: Request) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with open_access(request.app.state.site.db) as con:
        return session_user(con, token, utc_now())


def require(request: Request, roles: tuple[str, ...]) -> Session:
    """The signed-in session, if its role is one of `roles`; otherwise the request ends
    (the login page for nobody, 403 for a role without access)."""
    session = signed_in(request)
    if session is None:
        raise SignInFirst
    if session.user.role not in roles:
        raise HTTPException(403, "Your role does not give access to this page.")
    return session


async def posted(request: Request, session: Session) -> FormData:
    """A posted form, refused unless it carries the session's CSRF token."""
    form = await request.form()
    token = form.get("csrf", "")
    if not isinstance(token, str) or not check_csrf(session, token):
        raise HTTPException(403, "The form had expired or did not come from this site: reload the page and try again.")
    return form


def login_page(request: Request) -> Response:
    return _login_form(request, "", 200)


async def login(request: Request) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), form.get("csrf", "").encode()):
        return _login_form(request, "The form had expired: please sign in again.", 403)
    # Argon2 takes a good fraction of a second on purpose: not on the event loop.
    token = await run_in_threadpool(_sign_in, request, form.get("name", ""), form.get("password", ""))
    if token is None:
        # One message whatever went wrong, so the page does not tell who has an account.
        return _login_form(request, "Wrong name or password, or the account is locked or disabled.", 401)
    response = RedirectResponse(_safe_next(form.get("next", "")), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=True, samesite="strict")
    response.delete_cookie(LOGIN_COOKIE)
    return response


def _sign_in(request: Request, name: str, password: str) -> str | None:
    """A new session's token, or None when the sign-in is refused."""
    with open_access(request.app.state.site.db) as con:
        attempt = authenticate(con, name, password, utc_now(), client(request))
        if attempt.outcome != "ok" or attempt.user is None:
            return None
        return create_session(con, attempt.user, utc_now())[0]


async def logout(request: Request) -> Response:
    session = require(request, AGGREGATE)
    await posted(request, session)
    with open_access(request.app.state.site.db) as con:
        end_session(con, request.cookies.get(SESSION_COOKIE, ""), utc_now(), client(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, secure=True, httponly=True, samesite="strict")
    return response


def sign_in_first(request: Request, _: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _login_form(request: Request, error: str, status: int) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html.j2",
        None,
        {"error": error, "csrf": token, "next": _safe_next(request.query_params.get("next", ""))},
        status,
    )
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, secure=True, samesite="strict")
    return response


def _safe_next(target: str) -> str:
    """Only a path on this site: never another site's address ("//evil.example", "https://...")."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
