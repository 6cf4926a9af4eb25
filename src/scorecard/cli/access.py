"""The `scorecard users` commands and `scorecard audit`: a thin layer over scorecard.access."""

from __future__ import annotations

import csv
import getpass
import sys
from dataclasses import astuple, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from scorecard import api
from scorecard.access import audit as audit_log
from scorecard.access import passwords, users
from scorecard.access.accounts import Role, User
from scorecard.access.audit import Action, Actor, Entry
from scorecard.access.database import AccessError, open_access

users_app = typer.Typer(help="The people who may use the web app: add them, list, disable, reset a password.")
console = Console()
errors = Console(stderr=True)

Db = Annotated[
    Path,
    typer.Option(
        "--db", help="The store (a DuckDB file); its users and audit log are kept beside it in X.access.sqlite."
    ),
]
Name = Annotated[str, typer.Argument(help="The user's name, such as j.smith.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input (one line) instead of asking.")
]


@users_app.command("add")
def add(
    name: Name,
    role: Annotated[Role, typer.Option(help="member, manager (sees child-level data for their teams) or analyst.")],
    team: Annotated[list[str] | None, typer.Option(help="A team the user belongs to; give it once per team.")] = None,
    password_stdin: PasswordStdin = False,
    db: Db = api.DEFAULT_DB,
) -> None:
    """Add a user; the password is asked for twice, hidden."""
    password = _password(name, password_stdin)
    with open_access(db, create=True) as con:
        user = users.add_user(con, name, role, password, team or [], _actor())
    console.print(f"Added {user.name} ({user.role}).", highlight=False, markup=False)


@users_app.command("list")
def list_(db: Db = api.DEFAULT_DB) -> None:
    """Every user: role, teams, whether disabled or locked, and when added."""
    with open_access(db) as con:
        console.print(_users_table(users.list_users(con), datetime.now(UTC)))


@users_app.command("disable")
def disable(name: Name, db: Db = api.DEFAULT_DB) -> None:
    """Stop a user logging in, and end their sessions."""
    with open_access(db) as con:
        user = users.disable_user(con, name, _actor())
    console.print(f"Disabled {user.name}: their sessions have ended.", highlight=False, markup=False)


@users_app.command("reset")
def reset(name: Name, password_stdin: PasswordStdin = False, db: Db = api.DEFAULT_DB) -> None:
    """Give a user a new password (asked for twice, hidden), unlock them and end their sessions."""
    with open_access(db) as con:
        users.get_user(con, name)  # before asking for a password it could not be given
        user = users.reset_password(con, name, _password(name, password_stdin), _actor())
    still = " (still disabled)" if user.disabled else ""
    console.print(f"New password set for {user.name}; unlocked{still}.", highlight=False, markup=False)


def audit(
    db: Db = api.DEFAULT_DB,
    user: Annotated[str | None, typer.Option(help="Only what this user did (logins, views, exports...).")] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only entries from this day on (YYYY-MM-DD, UTC).")
    ] = None,
    action: Annotated[Action | None, typer.Option(help="Only this action, such as login_failed or view.")] = None,
    output: Annotated[Literal["table", "csv"], typer.Option("--format", help="table or csv")] = "table",
    verify: Annotated[bool, typer.Option("--verify", help="Check the log's hash chain instead of listing it.")] = False,
) -> None:
    """The audit log: logins and refusals, changes to users, views and exports."""
    with open_access(db) as con:
        if verify:
            _verify(audit_log.verify(con), audit_log.count(con))
            return
        found = audit_log.entries(con, user, since and since.replace(tzinfo=UTC), action)
    if output == "csv":
        _entries_csv(found)
    else:
        console.print(_entries_table(found))


def _password(name: str, from_stdin: bool) -> str:
    """The password from one line of standard input, or asked for twice, hidden, until it
    meets the rules (click's own check would hide why it was refused). Never echoed."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    while True:
        password = typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
        try:
            passwords.check(name, password)
        except AccessError as error:
            errors.print(f"{error}; try again.", highlight=False, markup=False)
            continue
        return password


def _actor() -> Actor:
    return Actor(note=f"by OS user {getpass.getuser()}")


def _users_table(found: list[User], now: datetime) -> Table:
    table = Table(title="Users", title_justify="left")
    for column in ("name", "role", "teams", "disabled", "locked until", "created"):
        table.add_column(column)
    for u in found:
        locked = u.locked_until.isoformat(" ") if u.locked_until and u.locked(now) else ""
        cells = (u.name, u.role, ", ".join(u.teams), "yes" if u.disabled else "", locked, u.created.isoformat(" "))
        table.add_row(*(Text(cell) for cell in cells))  # Text: names and teams are never read as markup
    return table


def _entries_table(found: list[Entry]) -> Table:
    table = Table(title="Audit log", title_justify="left")
    for column in audit_log.FIELDS:  # all but the hash, which the CSV has
        table.add_column(column, justify="right" if column == "id" else "left")
    for entry in found:
        table.add_row(*(Text(str(getattr(entry, column))) for column in audit_log.FIELDS))
    return table


def _entries_csv(found: list[Entry]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(field.name for field in fields(Entry))
    writer.writerows(astuple(entry) for entry in found)


def _verify(problems: list[str], checked: int) -> None:
    for problem in problems:
        console.print(f"- {problem}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(1)
    console.print(f"{checked} entries checked: the hash chain is intact.")
