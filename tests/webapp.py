"""The web app the web tests share: a copy of the small LA's store with four users,
one per kind of access (an analyst, a manager of one team, a manager of no team and a
councillor), all with PASSWORD, and the day the trackers count from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from argon2 import PasswordHasher
from starlette.applications import Starlette

from scorecard.access import passwords, users
from scorecard.access.audit import Actor
from scorecard.access.database import open_access
from scorecard.web.app import create_app

PASSWORD = "a long enough password"
AS_AT = date(2026, 3, 31)
# Argon2's cheapest settings: the tests sign in dozens of times.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def make_app(store: Path, config: Path, copy: Path, team: str) -> Starlette:
    copy.write_bytes(store.read_bytes())
    people = {"ana": ("analyst", ()), "meg": ("manager", (team,)), "nobody": ("manager", ()), "cllr": ("member", ())}
    with open_access(copy, create=True) as con:
        for name, (role, teams) in people.items():
            users.add_user(con, name, role, PASSWORD, teams, Actor(note="test"))
    return create_app(copy, config, AS_AT)


def cheap_hashing() -> PasswordHasher:
    """Switch to CHEAP; returns the hasher to put back."""
    original, passwords.HASHER = passwords.HASHER, CHEAP
    return original
