"""The folder where a load's records wait, as Parquet files, until the store takes
them all in one transaction. It is beside the store (a national load stages a few
gigabytes, and the store's disk is the one sized for them), readable by its owner
only, and removed when the load ends; one left by a load that was killed is removed
by the next load beside the same store, as it holds child-level records."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".scorecard-load-"


@contextmanager
def staging_folder(store_path: Path) -> Iterator[Path]:
    beside = None if str(store_path) == ":memory:" else store_path.resolve().parent
    _remove_abandoned(Path(beside or tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_abandoned(where: Path) -> None:
    """Staging folders whose load's process has gone."""
    for folder in where.glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
