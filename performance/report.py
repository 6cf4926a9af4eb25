"""Time to build the committee report for one quarter in every format, on a synthetic
LA's store with its synthetic benchmarks: first all of it through `scorecard.api.report`
as the command line does it (the PDF laid out in a worker process while the other
formats are written), then step by step: the model (judgements, trends, narrative,
charts' specs), drawing the charts (in worker processes), and each format alone.

    .venv/bin/python performance/report.py [--size medium] [--years 6] [--from DIR]

The store is built first (synthesise, load, import the benchmarks) and is not timed.
Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from pathlib import Path

from common import arguments, benchmarked_store
from pypdf import PdfReader

from scorecard import api
from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.outputs import drawing
from scorecard.outputs.model import build
from scorecard.outputs.write import FORMATS, write
from scorecard.store.database import Store


def main() -> None:
    parser = arguments(__doc__)
    parser.set_defaults(size="medium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db, config = benchmarked_store(args, Path(scratch))
        quarter = "2025-26 Q4"
        started = time.perf_counter()
        paths = api.report(quarter, db, out=Path(scratch) / "all", config=config)
        total = time.perf_counter() - started
        timings = []
        started = time.perf_counter()
        with Store.open(db, read_only=True) as store:
            report = build(store, parse_period(quarter), load_config(config), "001", "public")
        timings.append(("Report model (judgements, trends, narrative, chart specs)", time.perf_counter() - started))
        drawing.forget()
        started = time.perf_counter()
        drawing.draw_all(chart.spec for chart in report.charts)
        timings.append(("Drawing the charts, SVG and PNG (worker processes)", time.perf_counter() - started))
        for form in FORMATS:
            started = time.perf_counter()
            write(report, [form], Path(scratch) / "out")
            timings.append((f"{form} alone", time.perf_counter() - started))
        charts = len(report.charts)
        pages = len(PdfReader(next(p for p in paths if p.suffix == ".pdf")).pages)
    print(
        f"{args.size} LA, {quarter}, public report with {charts} charts, {pages} A4 pages; {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}\n"
    )
    print("| step | seconds |\n|---|---|")
    print(f"| All formats ({', '.join(p.suffix[1:] for p in paths)}) through scorecard.api.report | {total:.2f} |")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
