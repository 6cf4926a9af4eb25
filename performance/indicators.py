"""Indicator engine speed on a large synthetic LA's store: the whole catalogue for one
quarter, monthly series of the whole catalogue over six years, each in one call, and
the whole catalogue judged for a quarter (targets, the two earlier periods, 24 months
of signals, benchmarks), with the synthetic benchmarks imported (import timed too).

    .venv/bin/python performance/indicators.py [--size large] [--years 6] [--repeat 3] [--from DIR]

The store is built first (synthesise, load every return and extract) and is not timed.
Each figure is the best of --repeat runs, through the same API the CLI uses, so it
includes opening the store, reading the config and setting up the period relations.
Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from pathlib import Path

from common import arguments, synthetic_la

from scorecard import api

SOURCES = ("cin_census", "ssda903", "csww", "ssd", "local_measures.csv")


def timed(repeat: int, run) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(run())
        best = min(best, time.perf_counter() - started)
    return best, rows


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = synthetic_la(args, Path(scratch))
        db, config = Path(scratch) / "scorecard.duckdb", folder / "scorecard.yml"
        report = api.load([folder / s for s in SOURCES], db)
        started = time.perf_counter()
        api.import_benchmarks([folder / "benchmarks_synthetic.csv"], db)
        imported = time.perf_counter() - started
        records = sum(f.rows_loaded for f in report.files)
        years = sorted({f.info.collection_year for f in report.files if f.info and f.info.collection_year})
        first, last = years[-args.years], years[-1]
        quarter = f"{last} Q4"
        runs = {
            f"Whole catalogue, one quarter ({quarter})": lambda: api.indicators(quarter, db, config=config),
            f"Whole catalogue, monthly series {first} to {last}": lambda: api.indicators(
                f"{first[:4]}-04", db, config=config, series="monthly", last=f"{last[:2]}{last[5:]}-03"
            ),
            f"Whole catalogue, quarterly series {first} to {last}": lambda: api.indicators(
                f"{first} Q1", db, config=config, series="quarterly", last=quarter
            ),
            f"Whole catalogue judged, one quarter ({quarter})": lambda: api.judge(quarter, db, config=config),
        }
        print(
            f"{args.size} LA, {len(years)} years loaded ({records:,} records); {os.cpu_count()} cores, "
            f"{platform.machine()}, Python {platform.python_version()}\n"
        )
        print(f"| run | result rows | seconds (best of {args.repeat}) |")
        print("|---|---|---|")
        for name, run in runs.items():
            seconds, rows = timed(args.repeat, run)
            print(f"| {name} | {rows:,} | {seconds:.2f} |")
        print(f"\nSynthetic benchmarks imported in {imported:.2f} s.")


if __name__ == "__main__":
    main()
