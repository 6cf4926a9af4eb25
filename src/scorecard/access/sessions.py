"""Signed-in sessions of the web app.

The browser holds a random token; the access file holds only its sha256, so a copy of
the file does not let anyone act as a signed-in user. A session ends after IDLE without
use or LIFETIME after it began, whichever comes first, and when its user is disabled or
given a new password. Each carries a CSRF token for the forms it posts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from scorecard.access.accounts import User, by_id
from scorecard.access.audit import record
from scorecard.access.database import stamp, writing

IDLE = timedelta(minutes=30)
# How stale last_seen may be before a request writes it again: a page is read-only for
# the access file, bar its audit entry, and the idle limit loses a minute at most.
TOUCH = timedelta(minutes=1)
LIFETIME = timedelta(hours=8)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    created: datetime
    last_seen: datetime


def create_session(con: sqlite3.Connection, user: User, now: datetime) -> tuple[str, str]:
    """A new session for a user who has just logged in: its token (for the cookie, never
    kept) and its CSRF token. Expired sessions of anyone are cleared on the way."""
    token, csrf_token = secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
    with writing(con):
        con.execute(
            "DELETE FROM sessions WHERE created <= ? OR last_seen <= ?", (stamp(now - LIFETIME), stamp(now - IDLE))
        )
        con.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created, last_seen) VALUES (?, ?, ?, ?, ?)",
            (_digest(token), user.id, csrf_token, stamp(now), stamp(now)),
        )
    return token, csrf_token


def session_user(con: sqlite3.Connection, token: str, now: datetime) -> Session | None:
    """The live session a token belongs to, marked as used now; None for an unknown
    token, and for an expired session or a disabled user's, which is ended."""
    digest = _digest(token)
    row = con.execute(
        "SELECT user_id, csrf_token, created, last_seen FROM sessions WHERE token_hash = ?", (digest,)
    ).fetchone()
    if row is None:
        return None
    user_id, csrf_token, created, last_seen = row
    user = by_id(con, user_id)
    began, used = datetime.fromisoformat(created), datetime.fromisoformat(last_seen)
    if user.disabled or now - began >= LIFETIME or now - used >= IDLE:
        with writing(con):
            con.execute("DELETE FROM sessions WHERE token_hash = ?", (digest,))
        return None
    if now - used >= TOUCH:
        with writing(con):
            con.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (stamp(now), digest))
        used = now
    return Session(user, csrf_token, began, used)


def end_session(con: sqlite3.Connection, token: str, now: datetime, client: str = "") -> bool:
    """Log out: end the token's session and record it. False when there was none."""
    with writing(con):
        row = con.execute("DELETE FROM sessions WHERE token_hash = ? RETURNING user_id", (_digest(token),)).fetchone()
        if row is None:
            return False
        record(con, by_id(con, row[0]).name, "logout", client=client, now=now)
    return True


def end_sessions_for(con: sqlite3.Connection, user: User) -> int:
    """End every session of a user; how many there were."""
    with writing(con):
        return con.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,)).rowcount


def check_csrf(session: Session, submitted: str) -> bool:
    """Whether a form's CSRF token is the session's, compared in constant time."""
    return hmac.compare_digest(session.csrf_token.encode(), submitted.encode())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
