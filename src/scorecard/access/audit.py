"""The audit log: every login and refusal, every change to a user, and every view or
export (child-level views included), in the access file.

It is append-only twice over. Triggers refuse UPDATE and DELETE on the table, which
stops any ordinary use of the file from changing it; and each entry stores the sha256
of the previous entry's hash followed by a canonical JSON of its own fields, so an
entry edited or removed around the triggers (by dropping them, or by writing the file
with another tool) shows up in `verify`. The chain cannot show entries cut from the
end of the log; only a copy kept elsewhere can.

Passwords and session tokens never reach the log: no function of this package passes
one to `record`, and callers must not either."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import astuple, dataclass, replace
from datetime import datetime
from typing import Literal, get_args

from scorecard.access.database import AccessError, stamp, utc_now, writing

Action = Literal[
    "login",
    "login_failed",
    "login_locked",
    "logout",
    "user_added",
    "user_disabled",
    "password_reset",
    "view",
    "export",
    "load",
]
ACTIONS: tuple[str, ...] = get_args(Action)
TRIGGERS = ("audit_no_update", "audit_no_delete")
FIELDS = ("id", "at", "user", "action", "target", "client", "detail")  # what each entry's hash covers
COLUMNS = ", ".join((*FIELDS, "hash"))


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    action: str
    target: str
    client: str
    detail: str
    hash: str


@dataclass(frozen=True)
class Actor:
    """Who did something: a signed-in user's name and address, or from the command
    line no name and a note of the operating-system user."""

    user: str = ""
    client: str = ""
    note: str = ""


def record(
    con: sqlite3.Connection,
    user: str,
    action: str,
    target: str = "",
    client: str = "",
    detail: str = "",
    now: datetime | None = None,
) -> Entry:
    """Append an entry, chained to the one before it."""
    if action not in ACTIONS:
        raise AccessError(f"'{action}' is not an audit action (they are: {', '.join(ACTIONS)})")
    with writing(con):
        last = con.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        number, previous = (last[0] + 1, last[1]) if last else (1, "")
        fields = Entry(number, stamp(now or utc_now()), user, action, target, client, detail, hash="")
        entry = replace(fields, hash=_chain_hash(previous, fields))
        con.execute(f"INSERT INTO audit ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", astuple(entry))
    return entry


def record_by(
    con: sqlite3.Connection, actor: Actor, action: Action, target: str, detail: str, now: datetime | None
) -> Entry:
    """Append an entry for something an actor did, with their note after the detail."""
    return record(con, actor.user, action, target, actor.client, "; ".join(filter(None, (detail, actor.note))), now)


def entries(
    con: sqlite3.Connection, user: str | None = None, since: datetime | None = None, action: str | None = None
) -> list[Entry]:
    """The entries, oldest first: only a user's (any case), from a time on, or of one action."""
    conditions = {"user = ? COLLATE NOCASE": user, "at >= ?": since and stamp(since), "action = ?": action}
    chosen = {condition: value for condition, value in conditions.items() if value is not None}
    where = f"WHERE {' AND '.join(chosen)}" if chosen else ""
    rows = con.execute(f"SELECT {COLUMNS} FROM audit {where} ORDER BY id", tuple(chosen.values()))
    return [Entry(*row) for row in rows]


def count(con: sqlite3.Connection) -> int:
    return con.execute("SELECT count(*) FROM audit").fetchone()[0]


def verify(con: sqlite3.Connection) -> list[str]:
    """What is wrong with the log: a missing trigger, a gap in the numbers, or an entry
    whose hash does not follow from its fields and the entry before. Empty when intact."""
    present = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    problems = [
        f"the trigger {name}, which keeps the log append-only, is missing" for name in TRIGGERS if name not in present
    ]
    previous, expected = "", 1
    for entry in entries(con):
        if entry.id != expected:
            problems.append(
                f"the log jumps from entry {expected - 1} to entry {entry.id}: the entries between were removed"
            )
        if _chain_hash(previous, entry) != entry.hash:
            problems.append(
                f"entry {entry.id} ({entry.at}, {entry.action}) does not match its hash: "
                "it, or the entry before it, was changed or removed"
            )
        previous, expected = entry.hash, entry.id + 1
    return problems


def _chain_hash(previous: str, entry: Entry) -> str:
    fields = {name: getattr(entry, name) for name in FIELDS}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((previous + canonical).encode("ascii")).hexdigest()
