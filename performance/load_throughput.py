"""Load throughput per kind of file (MB/s and records/s) on a large synthetic LA,
and the time to load its six years of returns (CIN census, SSDA903, CSWW) at once.

    .venv/bin/python performance/load_throughput.py [--size large] [--years 6] [--from DIR]

Each kind is loaded into a new store, so every figure includes the rebuild of
the current tables and the checks across records. Prints Markdown for
docs/performance.md.
"""

from __future__ import annotations

import platform
import tempfile
import time
from pathlib import Path

from common import arguments, synthetic_la

from scorecard import api

KINDS = {
    "CIN census XML": ["cin_census"],
    "SSDA903 CSV": ["ssda903"],
    "CSWW XML": ["csww"],
    "SSD extract CSV": ["ssd"],
    "Annex A workbook": ["annex_a"],
    "Local measures CSV": ["local_measures.csv"],
    "All six years of returns (CIN, 903, CSWW)": ["cin_census", "ssda903", "csww"],
}


def measure(folder: Path, parts: list[str]) -> tuple[float, float, int]:
    paths = [folder / p for p in parts]
    megabytes = sum(f.stat().st_size for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        report = api.load(paths, Path(scratch) / "scorecard.duckdb", la="001")
        seconds = time.perf_counter() - started
    return megabytes / 1e6, seconds, sum(f.rows_read for f in report.files)


def main() -> None:
    args = arguments(__doc__).parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = synthetic_la(args, Path(scratch))
        print(f"{args.size} LA, {args.years} years; {platform.machine()}, Python {platform.python_version()}\n")
        print("| files | MB | records | seconds | MB/s | records/s |")
        print("|---|---|---|---|---|---|")
        for kind, parts in KINDS.items():
            megabytes, seconds, records = measure(folder, parts)
            print(
                f"| {kind} | {megabytes:.1f} | {records:,} | {seconds:.1f} | {megabytes / seconds:.1f} "
                f"| {records / seconds:,.0f} |"
            )


if __name__ == "__main__":
    main()
