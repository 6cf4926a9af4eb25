"""Latency of the live dashboard under load: `scorecard serve` on a synthetic LA's
store, on the loopback only, with 20 users signed in at once, each asking in turn for
the overview and a tracker (their team's children) a bounded number of times.

    .venv/bin/python performance/web_load.py [--size large] [--users 20] [--rounds 25] [--from DIR]

The store is built first (synthesise, load, import the benchmarks), then users are
added with random passwords that are never shown. The first overview builds the report
model and is timed apart; every later request is served from memory or a cached
tracker. Prints Markdown for docs/performance.md: p50, p95 and the slowest, per page.
"""

from __future__ import annotations

import asyncio
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
from common import arguments, benchmarked_store

from scorecard.access.audit import Actor
from scorecard.access.database import open_access
from scorecard.access.users import add_user

TEAMS = ("Children in Care Team 1", "Child Protection Team 1", "Assessment Team 1", "Care Leavers Team")
TRACKERS = ("cla_visits_due", "cp_visits_due", "assessments_due", "care_leavers_no_contact")
HOST = "127.0.0.1"  # never anything but the loopback


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=25, help="requests of each page per user")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db, config = benchmarked_store(args, Path(scratch))
        people = _users(db, args.users)
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scorecard",
                "serve",
                "--db",
                str(db),
                "--config",
                str(config),
                "--host",
                HOST,
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            cold, timings = asyncio.run(_run(f"http://{HOST}:{port}", people, args.rounds))
        finally:
            server.terminate()
            server.wait(30)
    print(
        f"{args.size} LA, {args.users} users at once, {args.rounds} requests of each page each; "
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}\n"
    )
    print(f"First overview (builds the report model, once per version of the store): {cold:.2f} s\n")
    print("| page | requests | p50 ms | p95 ms | slowest ms |\n|---|---|---|---|---|")
    for page, seconds in timings.items():
        ms = sorted(s * 1000 for s in seconds)
        p95 = statistics.quantiles(ms, n=20)[-1]
        print(f"| {page} | {len(ms)} | {statistics.median(ms):.0f} | {p95:.0f} | {ms[-1]:.0f} |")


def _users(db: Path, n: int) -> list[tuple[str, str, str]]:
    """n managers, each of one team, with random passwords: (name, password, tracker)."""
    made = []
    with open_access(db, create=True) as con:
        for i in range(n):
            name, password = f"manager{i}", secrets.token_urlsafe(18)
            add_user(con, name, "manager", password, [TEAMS[i % len(TEAMS)]], Actor(note="benchmark"))
            made.append((name, password, TRACKERS[i % len(TRACKERS)]))
    return made


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


async def _run(site: str, people: list, rounds: int) -> tuple[float, dict[str, list[float]]]:
    async with httpx.AsyncClient(base_url=site, timeout=120) as client:
        await _wait_until_up(client)
        cookies = await asyncio.gather(*(_sign_in(client, name, password) for name, password, _ in people))
        started = time.perf_counter()
        await client.get("/overview", headers={"cookie": cookies[0]})
        cold = time.perf_counter() - started
        for (_, _, tracker), cookie in zip(people, cookies, strict=True):  # each team's list, once
            await client.get(f"/trackers/{tracker}", headers={"cookie": cookie})
        timings: dict[str, list[float]] = {"/overview": [], "/trackers/<id>": []}
        await asyncio.gather(
            *(
                _browse(client, cookie, tracker, rounds, timings)
                for (_, _, tracker), cookie in zip(people, cookies, strict=False)
            )
        )
    return cold, timings


async def _wait_until_up(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            await client.get("/login")
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def _sign_in(client: httpx.AsyncClient, name: str, password: str) -> str:
    """The session cookie, set by hand: the client would not send a Secure cookie over
    plain http, which the loopback is."""
    page = await client.get("/login")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    login_cookie = page.cookies["scorecard_login"]
    answer = await client.post(
        "/login",
        data={"name": name, "password": password, "csrf": token},
        headers={"cookie": f"scorecard_login={login_cookie}"},
    )
    assert answer.status_code == 303, answer.text
    return f"scorecard_session={answer.cookies['scorecard_session']}"


async def _browse(client, cookie: str, tracker: str, rounds: int, timings: dict[str, list[float]]) -> None:
    for _ in range(rounds):
        for page, path in (("/overview", "/overview"), ("/trackers/<id>", f"/trackers/{tracker}")):
            started = time.perf_counter()
            answer = await client.get(path, headers={"cookie": cookie})
            timings[page].append(time.perf_counter() - started)
            assert answer.status_code == 200, (path, answer.status_code)


if __name__ == "__main__":
    main()
