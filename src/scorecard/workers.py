"""Work shared out among fresh Python processes, for the few jobs that hold a process
to themselves (drawing charts in vl-convert's JavaScript engine, laying out a PDF) and
would otherwise leave the second core idle.

Each worker is `python -m scorecard.workers`, handed a function and its arguments on
stdin and answering on stdout. Unlike multiprocessing's spawn, it never re-runs the
caller's own script, so calling the API from a script without a `__main__` guard is
safe; unlike fork, it copies none of the parent's threads (DuckDB's, vl-convert's)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


def start(function: Callable[..., Any], *args: Any) -> Future:
    """function(*args) begun in a process of its own; the future's result is its
    result, and an exception in the worker is raised by the future's result()."""
    thread = ThreadPoolExecutor(max_workers=1)  # waits for the worker, so this one need not
    future = thread.submit(_run, function, args)
    thread.shutdown(wait=False)
    return future


def run_each(function: Callable[..., Any], calls: Sequence[tuple]) -> list[Any]:
    """function(*args) for each args in calls, each in a process of its own, all at
    once; the results in order."""
    return [future.result() for future in [start(function, *args) for args in calls]]


def _run(function: Callable[..., Any], args: tuple) -> Any:
    # Only ever our own child's answer to our own request is unpickled.
    done = subprocess.run(
        [sys.executable, "-m", "scorecard.workers"], input=pickle.dumps((function, args)), capture_output=True
    )
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError(f"a worker process failed: {lines[-1] if lines else f'exit code {done.returncode}'}")
    failed, value = pickle.loads(done.stdout)
    if failed:
        raise value
    return value


def _serve() -> None:
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever the work prints must not corrupt the answer
    function, args = pickle.load(sys.stdin.buffer)
    try:
        result = (False, function(*args))
    except Exception as error:  # handed back to the caller, which raises it
        result = (True, error)
    pickle.dump(result, answer)


if __name__ == "__main__":
    _serve()
