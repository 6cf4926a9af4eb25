"""Time to import the DfE's published figures (EES files, LAIT, ONS population,
statistical neighbours) from ../shared/reference into an empty store.

    .venv/bin/python performance/published_import.py [--reference ../shared/reference]

Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from scorecard import api

FOLDERS = ("dfe_published", "lait", "statistical_neighbours")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "reference")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        reads = api.import_benchmarks([args.reference / folder for folder in FOLDERS], Path(scratch) / "s.duckdb")
        seconds = time.perf_counter() - started
    rows = sum(r.rows_read for r in reads)
    stored = sum(len(r.figures) + len(r.population) + len(r.neighbours) for r in reads)
    print(f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}\n")
    print("| files | rows read | figures, populations and neighbours stored | seconds |")
    print("|---|---|---|---|")
    print(f"| {len(reads)} | {rows:,} | {stored:,} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
