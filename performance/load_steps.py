"""Where a load's time goes: each step of `scorecard.ingest.load` timed (wall clock
and the CPU of the loading process; the readers' CPU is their processes' own), to
find what to make faster.

    .venv/bin/python performance/load_steps.py --db /tmp/eng.duckdb /tmp/eng6

The store is made afresh. "Reading, and taking records into history" runs from the
end of the plan to the last file taken: worker processes read while the store takes
each few hundred megabytes of their records. Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path

from scorecard.geo import grid
from scorecard.ingest import load as ingest_load
from scorecard.ingest.intake import Intake
from scorecard.store.database import Store

STEPS = (
    (ingest_load, "plan", "recognise the files, checksums"),
    (Intake, "write_history", "the last records into history"),
    (ingest_load, "_check_sets", "checks across records and files"),
    (Intake, "write_accounts", "accounts, quarantine, findings"),
    (ingest_load, "_rebuild", "current tables rebuilt"),
    (grid, "locate", "postcodes looked up"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    timed: list[tuple[str, float, float, float]] = []  # step, seconds, CPU-seconds, ended at
    started = time.perf_counter()
    for owner, name, label in STEPS:
        setattr(owner, name, _timed(getattr(owner, name), label, timed, started))
    args.db.unlink(missing_ok=True)
    with Store.open(args.db) as store:
        report = ingest_load.load(store, args.paths)
    total = time.perf_counter() - started
    planned, history = timed[0][3], timed[1][3] - timed[1][1]
    timed.insert(1, ("reading, and taking records into history", history - planned, float("nan"), history))
    readers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("| step | seconds | CPU-seconds of the loading process |\n|---|---|---|")
    for label, seconds, cpu, _ in timed:
        print(f"| {label} | {seconds:,.1f} | {'' if cpu != cpu else f'{cpu:,.1f}'} |")
    print(f"| whole load | {total:,.1f} | {time.process_time():,.1f} |")
    taken = sum(f.status == "loaded" for f in report.files)
    print(f"\nReaders: {readers.ru_utime + readers.ru_stime:,.1f} CPU-seconds. {taken:,} files loaded; ", end="")
    read = sum(f.rows_read for f in report.files)
    loaded, quarantined = sum(f.rows_loaded for f in report.files), sum(f.rows_quarantined for f in report.files)
    print(f"{read:,} rows read = {loaded:,} loaded + {quarantined:,} quarantined.")


def _timed(step: Callable, label: str, timed: list, started: float) -> Callable:
    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return step(*args, **kwargs)
        finally:
            ended = time.perf_counter()
            timed.append((label, ended - wall, time.process_time() - cpu, ended - started))

    return run


if __name__ == "__main__":
    main()
