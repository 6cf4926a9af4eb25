"""A throwaway PostgreSQL server for the engine tests: the installed server's own
binaries, a new cluster in a temporary folder, reached only through a Unix socket
in that folder with trust authentication, and removed afterwards. Run as the
`postgres` user when the tests run as root (the server refuses to run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """The connection string of a new, empty server."""
    binaries = postgres_binaries()
    assert binaries is not None, "no PostgreSQL server installed (make test installs postgresql-15)"
    folder = Path(tempfile.mkdtemp(prefix="scorecard-pg-"))
    data = folder / "data"
    as_user = _as_postgres(folder)
    try:
        _run(as_user, binaries / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--locale=C", "-E", "UTF8")
        options = f"-c listen_addresses='' -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(as_user, binaries / "pg_ctl", "-D", data, "-l", folder / "server.log", "-o", options, "-w", "start")
        try:
            yield f"host={folder} user=postgres dbname=postgres"
        finally:
            _run(as_user, binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as_postgres(folder: Path) -> list[str]:
    if os.geteuid() != 0:
        return []
    shutil.chown(folder, "postgres")
    return ["runuser", "-u", "postgres", "--"]


def _run(prefix: list[str], *command: object) -> None:
    subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)
