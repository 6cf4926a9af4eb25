"""Work shared out among fresh Python processes, for the jobs that hold a process to
themselves (drawing charts in vl-convert's JavaScript engine, laying out a PDF,
reading return files) and would otherwise leave the second core idle.

Each worker is `python -m scorecard.workers`, handed a function and its arguments on
stdin and answering on stdout; `imap` keeps workers running and hands each call after
call. Unlike multiprocessing's spawn, it never re-runs the
caller's own script, so calling the API from a script without a `__main__` guard is
safe; unlike fork, it copies none of the parent's threads (DuckDB's, vl-convert's)."""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO


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


def imap(function: Callable[..., Any], calls: Iterable[tuple], processes: int, ahead: int = 2) -> Iterator[Any]:
    """function(*args) for each args in calls, shared among `processes` long-lived
    workers, yielded in the order of calls as they are done. At most `ahead` answers
    per worker wait to be taken, so big answers (a file's records) never pile up."""
    pending: queue.Queue = queue.Queue(maxsize=processes * ahead)
    answers: dict[int, tuple[bool, Any]] = {}
    serving = [processes]  # workers not yet finished, changed under `ready`
    ready = threading.Condition()
    stop = threading.Event()

    def feed() -> None:
        for job in [*enumerate(calls), *[None] * processes]:
            while not stop.is_set():
                try:
                    pending.put(job, timeout=0.1)
                    break
                except queue.Full:
                    continue

    def take() -> tuple[int, tuple] | None:
        """The next call, or None when there are no more or the caller has gone."""
        while not stop.is_set():
            try:
                return pending.get(timeout=0.1)
            except queue.Empty:
                continue
        return None

    def serve() -> None:
        worker = subprocess.Popen(
            [sys.executable, "-m", "scorecard.workers", "--many"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        try:
            while (job := take()) is not None:
                number, args = job
                pickle.dump((function, args), worker.stdin)
                worker.stdin.flush()
                answer = _answer(worker.stdout)
                with ready:
                    answers[number] = answer
                    ready.notify_all()
                    ready.wait_for(lambda: len(answers) < processes * ahead or stop.is_set())
        finally:
            worker.stdin.close()
            worker.wait()
            with ready:
                serving[0] -= 1
                ready.notify_all()

    threads = [threading.Thread(target=feed, daemon=True)]
    threads += [threading.Thread(target=serve, daemon=True) for _ in range(processes)]
    for thread in threads:
        thread.start()
    try:
        for number in range(sys.maxsize):
            with ready:
                ready.wait_for(lambda n=number: n in answers or not serving[0])
                if number not in answers:
                    return
                failed, value = answers.pop(number)
                ready.notify_all()
            if failed:
                raise value
            yield value
    finally:
        stop.set()
        with ready:
            ready.notify_all()


def _answer(stream: BinaryIO) -> tuple[bool, Any]:
    try:
        return pickle.load(stream)
    except EOFError:
        return True, RuntimeError("a worker process failed before it answered")


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


def _serve(many: bool) -> None:
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever the work prints must not corrupt the answer
    while True:
        try:
            function, args = pickle.load(sys.stdin.buffer)
        except EOFError:
            return
        try:
            result = (False, function(*args))
        except Exception as error:  # handed back to the caller, which raises it
            result = (True, error)
        pickle.dump(result, answer)
        answer.flush()
        if not many:
            return


if __name__ == "__main__":
    _serve("--many" in sys.argv[1:])
