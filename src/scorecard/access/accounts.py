"""A user account as the access file holds it: the User record, read from its row.

Apart from users.py (which adds, disables and authenticates users, and so ends their
sessions) so that sessions.py can hand the web app the signed-in user without a
circular import."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

Role = Literal["member", "manager", "analyst"]
ROLES: tuple[str, ...] = get_args(Role)
COLUMNS = "id, name, role, teams, disabled, failures, locked_until, created, updated"


@dataclass(frozen=True)
class User:
    """A user, without the password hash: nothing that shows a User can show it."""

    id: int
    name: str
    role: Role
    teams: tuple[str, ...]  # managers see child-level data only for these
    disabled: bool
    failures: int  # consecutive failed logins
    locked_until: datetime | None
    created: datetime
    updated: datetime

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def find(con: sqlite3.Connection, name: str) -> User | None:
    """The user of that name, in any case."""
    row = con.execute(f"SELECT {COLUMNS} FROM users WHERE name = ?", (name,)).fetchone()
    return from_row(row) if row else None


def by_id(con: sqlite3.Connection, user_id: int) -> User:
    return from_row(con.execute(f"SELECT {COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone())


def from_row(row: tuple) -> User:
    user_id, name, role, teams, disabled, failures, locked_until, created, updated = row
    return User(
        user_id,
        name,
        role,
        tuple(json.loads(teams)),
        bool(disabled),
        failures,
        datetime.fromisoformat(locked_until) if locked_until else None,
        datetime.fromisoformat(created),
        datetime.fromisoformat(updated),
    )
