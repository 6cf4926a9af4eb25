"""Time to build the committee report for one quarter in every format, on a synthetic
LA's store with its synthetic benchmarks: the model (judgements, trends, narrative,
charts' specs), then each format, then all of them through `scorecard.api.report`
as the command line does it.

    .venv/bin/python benchmarks/report.py [--size medium] [--years 6] [--from DIR]

The store is built first (synthesise, load, import the benchmarks) and is not timed.
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
from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.outputs.model import build
from scorecard.outputs.write import FORMATS, write
from scorecard.store.database import Store

SOURCES = ("cin_census", "ssda903", "csww", "ssd", "local_measures.csv")


def main() -> None:
    parser = arguments(__doc__)
    parser.set_defaults(size="medium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = synthetic_la(args, Path(scratch))
        db, config = Path(scratch) / "scorecard.duckdb", folder / "scorecard.yml"
        api.load([folder / s for s in SOURCES], db)
        api.import_benchmarks([folder / "benchmarks_synthetic.csv"], db)
        quarter = "2025-26 Q4"
        timings = []
        started = time.perf_counter()
        with Store.open(db, read_only=True) as store:
            report = build(store, parse_period(quarter), load_config(config), "001", "public")
        timings.append(("Report model (judgements, trends, narrative, chart specs)", time.perf_counter() - started))
        for form in FORMATS:
            started = time.perf_counter()
            write(report, [form], Path(scratch) / "out")
            timings.append((f"{form} (charts rendered here when first needed)", time.perf_counter() - started))
        started = time.perf_counter()
        paths = api.report(quarter, db, out=Path(scratch) / "all", config=config)
        total = time.perf_counter() - started
        charts = sum(len(e.charts) for s in report.sections for e in s.entries)
        charts += sum(len(s.breakdowns) for s in report.sections)
    print(
        f"{args.size} LA, {quarter}, public report with {charts} charts; {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}\n"
    )
    print("| step | seconds |\n|---|---|")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| All formats ({', '.join(p.suffix[1:] for p in paths)}) through scorecard.api.report | {total:.2f} |")


if __name__ == "__main__":
    main()
