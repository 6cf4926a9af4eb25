"""Users of the web app: adding, listing, disabling, resetting a password, and logging
in, with a lockout after repeated failures.

Roles are member, manager and analyst; managers see child-level data only for their
own teams. There is no default account, ever: the first user is added from the
command line by someone who can already write beside the store.

Each function here writes its own audit entry, in the same transaction as the change
it records, so that no caller can forget one and no change is kept without its entry;
`authenticate` records every attempt, whatever became of it. An attempt under a name
no user has is recorded without that name, as it is often a password typed into the
wrong box."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from scorecard.access import passwords
from scorecard.access.accounts import COLUMNS, ROLES, User, find, from_row
from scorecard.access.audit import Action, Actor, record, record_by
from scorecard.access.database import AccessError, stamp, utc_now, writing
from scorecard.access.sessions import end_sessions_for

MAX_FAILURES = 5  # wrong passwords in a row that lock an account
LOCKOUT = timedelta(minutes=15)
# ASCII only, because SQLite's case-insensitive match (NOCASE) folds only ASCII letters.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")

Outcome = Literal["ok", "wrong_password", "locked", "disabled", "unknown"]


@dataclass(frozen=True)
class Attempt:
    """What became of a login; the user only when it succeeded."""

    outcome: Outcome
    user: User | None = None


def add_user(
    con: sqlite3.Connection,
    name: str,
    role: str,
    password: str,
    teams: Iterable[str],
    actor: Actor,
    now: datetime | None = None,
) -> User:
    now = now or utc_now()
    _check_name(name)
    _check_role(role)
    chosen = _teams(teams)
    passwords.check(name, password)
    digest = passwords.hashed(password)
    with writing(con):
        existing = find(con, name)
        if existing:
            raise AccessError(f"there is already a user {existing.name}")
        con.execute(
            "INSERT INTO users (name, role, teams, password_hash, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
            (name, role, json.dumps(chosen), digest, stamp(now), stamp(now)),
        )
        record_by(con, actor, "user_added", name, f"role {role}, teams: {', '.join(chosen) or 'none'}", now)
    return get_user(con, name)


def get_user(con: sqlite3.Connection, name: str) -> User:
    user = find(con, name)
    if user is None:
        raise AccessError(f"there is no user {name}")
    return user


def list_users(con: sqlite3.Connection) -> list[User]:
    return [from_row(row) for row in con.execute(f"SELECT {COLUMNS} FROM users ORDER BY name")]


def disable_user(con: sqlite3.Connection, name: str, actor: Actor, now: datetime | None = None) -> User:
    """Stop a user logging in, and end their sessions. Users are never deleted, so the
    audit log's names keep meaning someone."""
    now = now or utc_now()
    with writing(con):
        user = get_user(con, name)
        if user.disabled:
            raise AccessError(f"{user.name} is already disabled")
        con.execute("UPDATE users SET disabled = 1, updated = ? WHERE id = ?", (stamp(now), user.id))
        record_by(con, actor, "user_disabled", user.name, _sessions_ended(con, user), now)
    return get_user(con, name)


def reset_password(
    con: sqlite3.Connection, name: str, password: str, actor: Actor, now: datetime | None = None
) -> User:
    """Give a user a new password, clear their failures and lockout, and end their sessions."""
    now = now or utc_now()
    passwords.check(name, password)
    digest = passwords.hashed(password)
    with writing(con):
        user = get_user(con, name)
        con.execute(
            "UPDATE users SET password_hash = ?, failures = 0, locked_until = NULL, updated = ? WHERE id = ?",
            (digest, stamp(now), user.id),
        )
        record_by(con, actor, "password_reset", user.name, _sessions_ended(con, user), now)
    return get_user(con, name)


def authenticate(con: sqlite3.Connection, name: str, password: str, now: datetime, client: str = "") -> Attempt:
    """Check a login and record it. The password is verified (or a dummy, for an unknown
    name) whatever the account's state, so the time taken does not tell names, locks or
    disabled accounts apart."""
    stored = _password_hash(con, name)
    matched = passwords.matches(stored, password)
    # Hashing takes a while, so a new hash is made before the write lock other logins wait on.
    rehashed = passwords.hashed(password) if stored and matched and passwords.needs_rehash(stored) else None
    with writing(con):
        # Read again under the lock: another process may have counted a failure, or reset the password.
        user = find(con, name)
        unchanged = _password_hash(con, name) == stored
        outcome = _outcome(user, matched and unchanged, now)
        action, detail = _settle(con, user, outcome, rehashed, now)
        record(con, user.name if user else "", action, client=client, detail=detail, now=now)
        return Attempt(outcome, find(con, name) if outcome == "ok" else None)


def _outcome(user: User | None, matched: bool, now: datetime) -> Outcome:
    if user is None:
        return "unknown"
    if user.disabled:
        return "disabled"
    if user.locked(now):
        return "locked"
    return "ok" if matched else "wrong_password"


def _settle(
    con: sqlite3.Connection, user: User | None, outcome: Outcome, rehashed: str | None, now: datetime
) -> tuple[Action, str]:
    """Update the user for what became of the login; the audit action and detail recording it."""
    if user is None:
        return "login_failed", "no such user"
    if outcome == "ok":
        con.execute(
            "UPDATE users SET failures = 0, locked_until = NULL, password_hash = coalesce(?, password_hash) "
            "WHERE id = ?",
            (rehashed, user.id),
        )
        return "login", "password rehashed" if rehashed else ""
    if outcome == "wrong_password":
        return "login_failed", _count_failure(con, user, now)
    if outcome == "locked":
        return "login_locked", f"locked until {stamp(user.locked_until)}"
    return "login_failed", "account disabled"


def _count_failure(con: sqlite3.Connection, user: User, now: datetime) -> str:
    """Count a wrong password. The MAX_FAILURES-th in a row locks the account for LOCKOUT
    and starts the count again, so once the lock ends it takes as many to lock it again."""
    failures = user.failures + 1
    if failures < MAX_FAILURES:
        con.execute("UPDATE users SET failures = ? WHERE id = ?", (failures, user.id))
        return f"wrong password, {failures} in a row"
    until = stamp(now + LOCKOUT)
    con.execute("UPDATE users SET failures = 0, locked_until = ? WHERE id = ?", (until, user.id))
    return f"wrong password, {failures} in a row: locked until {until}"


def _sessions_ended(con: sqlite3.Connection, user: User) -> str:
    return f"sessions ended: {end_sessions_for(con, user)}"


def _password_hash(con: sqlite3.Connection, name: str) -> str | None:
    row = con.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise AccessError(
            f"{name!r} cannot be a user name: use up to 64 letters (a-z), digits and . _ - @, "
            "starting with a letter or digit (such as j.smith)"
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccessError(f"{role!r} is not a role: choose {', '.join(ROLES[:-1])} or {ROLES[-1]}")


def _teams(teams: Iterable[str]) -> list[str]:
    """The team names, trimmed, each once, in the order given."""
    chosen = [team.strip() for team in teams]
    for team in chosen:
        if not team or not team.isprintable():
            raise AccessError(f"{team!r} cannot be a team name")
    return list(dict.fromkeys(chosen))
