"""Access control: users and passwords, lockout, sessions, the audit log and its
hash chain, and the `scorecard users` and `scorecard audit` commands."""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import os
import sqlite3
import stat
import subprocess
import sys
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from scorecard.access import audit, passwords, sessions, users
from scorecard.access.accounts import User
from scorecard.access.audit import Actor
from scorecard.access.database import AccessError, access_path, open_access
from scorecard.cli import app

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
CLI = Actor(note="by OS user tester")
# Argon2's cheapest settings, so that tests which hash dozens of times take moments;
# test_hash_is_argon2id_with_the_defaults checks the real settings.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def con(db, monkeypatch):
    monkeypatch.setattr(passwords, "HASHER", CHEAP)
    with open_access(db, create=True) as connection:
        yield connection


def add(con, name="j.smith", role="manager", password=PASSWORD, teams=("Team A",)) -> users.User:
    return users.add_user(con, name, role, password, teams, CLI, now=T0)


def actions(con) -> list[str]:
    return [entry.action for entry in audit.entries(con)]


# The access file


def test_the_access_file_sits_beside_the_store():
    assert access_path(Path("data/my.duckdb")) == Path("data/my.access.sqlite")
    assert access_path(Path("store.v2.duckdb")) == Path("store.v2.access.sqlite")


def test_the_access_file_is_private_even_under_an_open_umask(db):
    before = os.umask(0)
    try:
        with open_access(db, create=True) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            audit.record(connection, "", "view", now=T0)
            wal = Path(f"{access_path(db)}-wal")
            assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    finally:
        os.umask(before)
    assert stat.S_IMODE(access_path(db).stat().st_mode) == 0o600


def test_a_missing_access_file_is_not_created_by_reading(db):
    with pytest.raises(AccessError, match="has no users yet"), open_access(db):
        pass
    assert not access_path(db).exists()


def test_a_file_that_is_not_sqlite_is_refused(db):
    access_path(db).write_bytes(b"not a database at all, just text " * 50)
    with pytest.raises(AccessError, match="cannot open the access file"), open_access(db):
        pass


def test_two_processes_writing_at_once_keep_the_chain(db, con):
    script = (
        "import sys; from pathlib import Path; from scorecard.access import audit;"
        "from scorecard.access.database import open_access\n"
        "with open_access(Path(sys.argv[1])) as con:\n"
        "    for n in range(25): audit.record(con, sys.argv[2], 'view', target=str(n))"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, str(db), f"w{i}"]) for i in range(4)]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0, 0]
    assert audit.count(con) == 100
    assert audit.verify(con) == []


# Users and passwords


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("j.smith", "elevenchars", "too short: it needs at least 12 characters \\(it has 11\\)"),
        ("j.smith", "", "it has 0"),
        ("j.smith", "my J.SMITH password", "must not contain the user name"),
        ("Ann", "plannedannuallyx", "must not contain the user name"),
    ],
)
def test_password_rules(con, name, password, message):
    with pytest.raises(AccessError, match=message):
        add(con, name=name, password=password)
    assert users.list_users(con) == []
    assert audit.entries(con) == []


def test_a_password_of_exactly_twelve_characters_is_enough(con):
    assert add(con, password="twelve chars").name == "j.smith"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "boss"}, "'boss' is not a role: choose member, manager or analyst"),
        ({"name": "j smith"}, "'j smith' cannot be a user name"),
        ({"name": "[red]x"}, "cannot be a user name"),
        ({"name": ""}, "'' cannot be a user name"),
        ({"teams": ("Team A", "  ")}, "'' cannot be a team name"),
    ],
)
def test_bad_users_are_refused_with_what_is_wrong(con, kwargs, message):
    with pytest.raises(AccessError, match=message):
        add(con, **kwargs)


def test_names_are_unique_whatever_their_case(con):
    add(con, name="J.Smith")
    with pytest.raises(AccessError, match=r"there is already a user J\.Smith"):
        add(con, name="j.smith")
    assert users.get_user(con, "J.SMITH").name == "J.Smith"


def test_a_user_holds_role_and_teams(con):
    user = add(con, role="manager", teams=(" Team A", "Team B", "Team A"))
    assert (user.role, user.teams, user.disabled, user.failures, user.locked_until) == (
        "manager",
        ("Team A", "Team B"),
        False,
        0,
        None,
    )
    assert user.created == T0
    with pytest.raises(AccessError, match="there is no user nobody"):
        users.get_user(con, "nobody")


def test_hash_is_argon2id_with_the_defaults_and_never_the_password(db):
    with open_access(db, create=True) as connection:
        add(connection)
        stored = connection.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored
    assert "password_hash" not in {field.name for field in fields(User)}


def test_an_old_hash_is_upgraded_at_login(con, monkeypatch):
    add(con)
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher())
    attempt = users.authenticate(con, "j.smith", PASSWORD, T0)
    assert attempt.outcome == "ok"
    stored = con.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert audit.entries(con, action="login")[0].detail == "password rehashed"
    assert users.authenticate(con, "j.smith", PASSWORD, T0).outcome == "ok"


# Logging in


def test_the_right_password_logs_in_under_any_case_of_the_name(con):
    add(con)
    attempt = users.authenticate(con, "J.Smith", PASSWORD, T0, client="10.0.0.7")
    assert attempt.outcome == "ok"
    assert attempt.user is not None and attempt.user.name == "j.smith"
    entry = audit.entries(con, action="login")[0]
    assert (entry.user, entry.client) == ("j.smith", "10.0.0.7")


def test_a_wrong_password_is_refused_and_counted(con):
    add(con)
    attempt = users.authenticate(con, "j.smith", PASSWORD + "!", T0)
    assert (attempt.outcome, attempt.user) == ("wrong_password", None)
    assert users.get_user(con, "j.smith").failures == 1
    assert audit.entries(con, action="login_failed")[0].detail == "wrong password, 1 in a row"


def test_five_failures_lock_the_account_for_fifteen_minutes(con):
    add(con)
    for minute in range(users.MAX_FAILURES):
        users.authenticate(con, "j.smith", "wrong password!", T0 + timedelta(minutes=minute))
    last_failure = T0 + timedelta(minutes=users.MAX_FAILURES - 1)
    assert users.get_user(con, "j.smith").locked_until == last_failure + timedelta(minutes=15)
    locked = users.authenticate(con, "j.smith", PASSWORD, last_failure + timedelta(minutes=14, seconds=59))
    assert (locked.outcome, locked.user) == ("locked", None)
    assert actions(con)[-2:] == ["login_failed", "login_locked"]
    assert users.authenticate(con, "j.smith", PASSWORD, last_failure + timedelta(minutes=15)).outcome == "ok"
    assert users.get_user(con, "j.smith").locked_until is None


def test_a_success_starts_the_count_again(con):
    add(con)
    for _ in range(users.MAX_FAILURES - 1):
        users.authenticate(con, "j.smith", "wrong password!", T0)
    assert users.authenticate(con, "j.smith", PASSWORD, T0).outcome == "ok"
    assert users.get_user(con, "j.smith").failures == 0
    for _ in range(users.MAX_FAILURES - 1):
        users.authenticate(con, "j.smith", "wrong password!", T0)
    assert users.authenticate(con, "j.smith", PASSWORD, T0).outcome == "ok"


def test_a_reset_unlocks_at_once(con):
    add(con)
    for _ in range(users.MAX_FAILURES):
        users.authenticate(con, "j.smith", "wrong password!", T0)
    assert users.authenticate(con, "j.smith", PASSWORD, T0).outcome == "locked"
    users.reset_password(con, "j.smith", "a brand new passphrase", CLI, now=T0)
    assert users.get_user(con, "j.smith").locked_until is None
    assert users.authenticate(con, "j.smith", PASSWORD, T0).outcome == "wrong_password"
    assert users.authenticate(con, "j.smith", "a brand new passphrase", T0).outcome == "ok"


def test_a_disabled_user_is_refused_even_with_the_right_password(con):
    add(con)
    users.disable_user(con, "j.smith", CLI, now=T0)
    attempt = users.authenticate(con, "j.smith", PASSWORD, T0)
    assert (attempt.outcome, attempt.user) == ("disabled", None)
    assert audit.entries(con)[-1].detail == "account disabled"
    with pytest.raises(AccessError, match=r"j\.smith is already disabled"):
        users.disable_user(con, "J.SMITH", CLI, now=T0)


class RecordingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified: list[str] = []

    def verify(self, stored: str, password: str) -> bool:
        self.verified.append(stored)
        return super().verify(stored, password)


def test_an_unknown_user_is_refused_after_the_same_work_and_not_named(con, monkeypatch):
    hasher = RecordingHasher()
    monkeypatch.setattr(passwords, "HASHER", hasher)
    add(con)
    typed_in_the_wrong_box = "correct horse battery staple"
    attempt = users.authenticate(con, typed_in_the_wrong_box, PASSWORD, T0, client="10.0.0.9")
    assert (attempt.outcome, attempt.user) == ("unknown", None)
    # A dummy hash of the same cost was verified, as a real user's would be.
    assert [h.split("$")[3] for h in hasher.verified] == ["m=8,t=1,p=1"]
    entry = audit.entries(con)[-1]
    assert (entry.user, entry.action, entry.client, entry.detail) == ("", "login_failed", "10.0.0.9", "no such user")
    assert all(typed_in_the_wrong_box not in str(e) for e in audit.entries(con))


class ResettingHasher(PasswordHasher):
    """Resets j.smith's password, from another connection, while a login is being checked."""

    def __init__(self, db: Path) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.db = db

    def verify(self, stored: str, password: str) -> bool:
        matched = super().verify(stored, password)
        with open_access(self.db) as other:
            users.reset_password(other, "j.smith", "a brand new passphrase", CLI, now=T0)
        return matched


def test_a_password_reset_during_a_login_refuses_the_old_password(db, con, monkeypatch):
    add(con)
    monkeypatch.setattr(passwords, "HASHER", ResettingHasher(db))
    assert users.authenticate(con, "j.smith", PASSWORD, T0).outcome == "wrong_password"


def test_there_is_no_default_account(con):
    assert users.list_users(con) == []
    for name in ("admin", "administrator", "root", "scorecard"):
        assert users.authenticate(con, name, name, T0).outcome == "unknown"


# Sessions


def start(con, now=T0) -> tuple[str, str]:
    return sessions.create_session(con, users.get_user(con, "j.smith"), now)


def test_the_session_token_is_stored_only_as_its_hash(con):
    add(con)
    token, csrf = start(con)
    assert len(token) >= 43 and len(csrf) >= 43 and token != csrf
    stored = con.execute("SELECT * FROM sessions").fetchall()
    assert token not in str(stored)
    assert hashlib.sha256(token.encode()).hexdigest() in str(stored)
    session = sessions.session_user(con, token, T0)
    assert session is not None and session.user.name == "j.smith" and session.csrf_token == csrf


def test_an_unknown_token_has_no_session(con):
    add(con)
    start(con)
    assert sessions.session_user(con, "not-a-token", T0) is None


def test_a_session_ends_after_thirty_idle_minutes(con):
    add(con)
    token, _ = start(con)
    used = T0 + timedelta(minutes=29)
    assert sessions.session_user(con, token, used) is not None  # use moves the idle clock
    assert sessions.session_user(con, token, used + timedelta(minutes=29, seconds=59)) is not None
    assert sessions.session_user(con, token, used + timedelta(minutes=59, seconds=59)) is None
    assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_a_page_within_a_minute_of_the_last_writes_nothing(con):
    add(con)
    token, _ = start(con)
    stored = "SELECT last_seen FROM sessions"
    assert sessions.session_user(con, token, T0 + timedelta(seconds=59)) is not None
    assert con.execute(stored).fetchone()[0] == T0.isoformat(timespec="seconds")
    assert sessions.session_user(con, token, T0 + timedelta(minutes=1)) is not None
    assert con.execute(stored).fetchone()[0] == (T0 + timedelta(minutes=1)).isoformat(timespec="seconds")


def test_a_session_ends_eight_hours_after_it_began_however_busy(con):
    add(con)
    token, _ = start(con)
    moment = T0
    while moment < T0 + timedelta(hours=7, minutes=50):
        moment += timedelta(minutes=10)
        assert sessions.session_user(con, token, moment) is not None
    assert sessions.session_user(con, token, T0 + timedelta(hours=8)) is None


def test_logging_out_ends_the_session_and_is_recorded(con):
    add(con)
    token, _ = start(con)
    assert sessions.end_session(con, token, T0, client="10.0.0.7") is True
    assert sessions.session_user(con, token, T0) is None
    assert sessions.end_session(con, token, T0) is False
    entry = audit.entries(con)[-1]
    assert (entry.user, entry.action, entry.client) == ("j.smith", "logout", "10.0.0.7")


@pytest.mark.parametrize("change", ["disable", "reset"])
def test_disabling_or_resetting_ends_every_session_of_that_user(con, change):
    add(con)
    add(con, name="a.jones", role="analyst", teams=())
    theirs = [start(con)[0], start(con)[0]]
    other = sessions.create_session(con, users.get_user(con, "a.jones"), T0)[0]
    if change == "disable":
        users.disable_user(con, "j.smith", CLI, now=T0)
    else:
        users.reset_password(con, "j.smith", "a brand new passphrase", CLI, now=T0)
    assert [sessions.session_user(con, token, T0) for token in theirs] == [None, None]
    assert sessions.session_user(con, other, T0) is not None
    assert audit.entries(con)[-1].detail == "sessions ended: 2; by OS user tester"


def test_the_csrf_token_must_match(con):
    add(con)
    token, csrf = start(con)
    session = sessions.session_user(con, token, T0)
    assert sessions.check_csrf(session, csrf) is True
    assert sessions.check_csrf(session, csrf[:-1]) is False
    assert sessions.check_csrf(session, "") is False
    assert sessions.check_csrf(session, token) is False


# The audit log


def test_every_action_is_recorded(con):
    add(con)
    users.authenticate(con, "j.smith", PASSWORD, T0)
    token, _ = start(con)
    audit.record(con, "j.smith", "view", target="child 00123", client="10.0.0.7", now=T0)
    audit.record(con, "j.smith", "export", target="icpc_15wd drill", now=T0)
    sessions.end_session(con, token, T0)
    for _ in range(users.MAX_FAILURES + 1):
        users.authenticate(con, "j.smith", "wrong password!", T0)
    users.reset_password(con, "j.smith", "a brand new passphrase", CLI, now=T0)
    users.disable_user(con, "j.smith", CLI, now=T0)
    assert actions(con) == [
        "user_added",
        "login",
        "view",
        "export",
        "logout",
        *["login_failed"] * users.MAX_FAILURES,
        "login_locked",
        "password_reset",
        "user_disabled",
    ]
    added = audit.entries(con)[0]
    assert (added.user, added.target, added.detail) == ("", "j.smith", "role manager, teams: Team A; by OS user tester")
    assert [e.target for e in audit.entries(con, action="view")] == ["child 00123"]


def test_entries_are_chosen_by_user_time_and_action(con):
    audit.record(con, "j.smith", "view", target="a", now=T0)
    audit.record(con, "A.Jones", "view", target="b", now=T0 + timedelta(days=1))
    audit.record(con, "a.jones", "export", target="c", now=T0 + timedelta(days=2))
    assert [e.target for e in audit.entries(con, user="a.jones")] == ["b", "c"]
    assert [e.target for e in audit.entries(con, since=T0 + timedelta(days=1))] == ["b", "c"]
    assert [e.target for e in audit.entries(con, user="a.jones", action="view")] == ["b"]
    assert audit.entries(con, action="logout") == []


def test_an_unknown_action_is_refused(con):
    with pytest.raises(AccessError, match="'looked' is not an audit action"):
        audit.record(con, "j.smith", "looked")


def test_passwords_and_tokens_never_reach_the_file(db, con):
    add(con)
    users.authenticate(con, "j.smith", PASSWORD, T0)
    users.authenticate(con, "j.smith", "a wrong password", T0)
    token, csrf = start(con)
    sessions.session_user(con, token, T0)
    sessions.end_session(con, token, T0)
    users.reset_password(con, "j.smith", "a brand new passphrase", CLI, now=T0)
    written = b"".join(p.read_bytes() for p in db.parent.glob("*.access.sqlite*"))
    for secret in (PASSWORD, "a wrong password", "a brand new passphrase", token):
        assert secret.encode() not in written
    assert csrf.encode() not in b"".join(str(e).encode() for e in audit.entries(con))


@pytest.mark.parametrize("statement", ["UPDATE audit SET detail = 'nothing happened'", "DELETE FROM audit"])
def test_the_audit_log_refuses_changes(con, statement):
    audit.record(con, "j.smith", "view", target="child 00123", now=T0)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute(statement)
    assert [e.detail for e in audit.entries(con)] == [""]


def test_verify_finds_an_edited_entry(con):
    for target in ("child 1", "child 2", "child 3"):
        audit.record(con, "j.smith", "view", target=target, now=T0)
    assert audit.verify(con) == []
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET target = 'child 9' WHERE id = 2")
    assert audit.verify(con) == [
        "the trigger audit_no_update, which keeps the log append-only, is missing",
        "entry 2 (2025-01-06T09:00:00+00:00, view) does not match its hash: "
        "it, or the entry before it, was changed or removed",
    ]


def test_verify_finds_a_removed_entry(con):
    for target in ("child 1", "child 2", "child 3"):
        audit.record(con, "j.smith", "view", target=target, now=T0)
    con.execute("DROP TRIGGER audit_no_delete")
    con.execute("DELETE FROM audit WHERE id = 2")
    problems = audit.verify(con)
    assert "the log jumps from entry 1 to entry 3: the entries between were removed" in problems
    assert any(p.startswith("entry 3 ") for p in problems)


def test_verify_finds_a_replaced_hash(con):
    audit.record(con, "j.smith", "view", target="child 1", now=T0)
    audit.record(con, "j.smith", "view", target="child 2", now=T0)
    con.execute("DROP TRIGGER audit_no_update")
    forged = hashlib.sha256(b"whatever").hexdigest()
    con.execute("UPDATE audit SET hash = ? WHERE id = 1", (forged,))
    assert any(p.startswith("entry 1 ") for p in audit.verify(con))
    assert any(p.startswith("entry 2 ") for p in audit.verify(con))


# The command line


def scorecard(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the command as a user would (slow to start, so only where main() matters)."""
    return subprocess.run(
        [sys.executable, "-m", "scorecard", *args], input=stdin, capture_output=True, text=True, check=False
    )


def invoke(*args: str, stdin: str = ""):
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_users_add_list_disable_reset_and_audit(db):
    added = invoke(
        "users", "add", "j.smith", "--role", "manager", "--team", "Team A", "--team", "Team B",
        "--password-stdin", "--db", str(db), stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert "Added j.smith (manager)" in added
    assert stat.S_IMODE(access_path(db).stat().st_mode) == 0o600

    listed = invoke("users", "list", "--db", str(db))
    assert "j.smith" in listed and "manager" in listed and "Team B" in listed
    assert "argon2" not in listed and PASSWORD not in listed

    invoke("users", "disable", "j.smith", "--db", str(db))
    assert "yes" in invoke("users", "list", "--db", str(db))
    invoke("users", "reset", "J.SMITH", "--password-stdin", "--db", str(db), stdin="a brand new passphrase")

    assert "user_added" in invoke("audit", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(invoke("audit", "--db", str(db), "--format", "csv"))))
    assert [r["action"] for r in rows] == ["user_added", "user_disabled", "password_reset"]
    assert all(len(r["hash"]) == 64 and r["target"] == "j.smith" for r in rows)
    assert all(r["detail"].endswith(f"by OS user {getpass.getuser()}") for r in rows)
    chosen = invoke("audit", "--db", str(db), "--action", "user_disabled", "--since", "2000-01-01", "--format", "csv")
    assert [r["action"] for r in csv.DictReader(io.StringIO(chosen))] == ["user_disabled"]
    assert "3 entries checked: the hash chain is intact." in invoke("audit", "--db", str(db), "--verify")


def test_audit_verify_fails_on_a_tampered_log(db, con):
    audit.record(con, "j.smith", "view", target="child 00123", now=T0)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET user = 'someone else'")
    result = CliRunner().invoke(app, ["audit", "--db", str(db), "--verify"])
    assert result.exit_code == 1
    assert "entry 1 (2025-01-06T09:00:00+00:00, view) does not match its hash" in result.output
    assert "the trigger audit_no_update, which keeps the log append-only, is missing" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (("users", "add", "bob", "--role", "boss", "--password-stdin"), PASSWORD, 2, "'boss' is not one of"),
        (("users", "add", "bob", "--role", "member", "--password-stdin"), "too short", 1, "at least 12 characters"),
        (("users", "disable", "nobody"), "", 1, "error: there is no user nobody"),
        (("users", "reset", "nobody", "--password-stdin"), PASSWORD, 1, "error: there is no user nobody"),
        (("audit",), "", 1, "has no users yet"),
    ],
)
def test_mistakes_get_a_plain_message(tmp_path, args, stdin, code, message):
    db = tmp_path / "store.duckdb"
    if args[0] == "users":
        with open_access(db, create=True) as connection:
            users.add_user(connection, "j.smith", "member", PASSWORD, [], CLI)
    result = scorecard(*args, "--db", str(db), stdin=stdin)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_password_is_asked_twice_hidden_until_it_meets_the_rules(db):
    answers = "short\n" * 2 + "a long passphrase\n" + "a different one\n" + "a long passphrase\n" * 2
    output = invoke("users", "add", "ann", "--role", "analyst", "--db", str(db), stdin=answers)
    assert "the password for ann is too short" in output
    assert "do not match" in output
    assert "a long passphrase" not in output and "short\n" not in output
    with open_access(db) as connection:
        assert users.authenticate(connection, "ann", "a long passphrase", T0).outcome == "ok"
