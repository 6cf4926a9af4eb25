"""Time `scorecard synth` and `scorecard load` for each LA size, and record the
sizes generated. Each size runs in its own process so peak memory is its own.

    .venv/bin/python performance/synth_and_load.py [--sizes small,medium,large] [--years 6]

Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scorecard import api


def one(size: str, years: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out, db = Path(folder) / "synthetic", Path(folder) / "scorecard.duckdb"
        started = time.perf_counter()
        reports = api.synth(size, years, 1, out)
        synth_seconds = time.perf_counter() - started
        started = time.perf_counter()
        paths = [out / r.folder / part for r in reports for part in api.DEMO_SOURCES]
        report = api.load(paths, db)
        load_seconds = time.perf_counter() - started
        rows = sum(f.rows_read for f in report.files)
        megabytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        last = reports[0].years[-1]
    return {
        "size": size,
        "years": years,
        "synth_seconds": round(synth_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "rows_loaded": rows,
        "megabytes": round(megabytes),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "children_in_cin_census": last.cin_children,
        "referrals": last.referrals,
        "cla_episodes": last.cla_episodes,
        "last_year": last.year,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.years)))
        return
    results = []
    for size in args.sizes.split(","):
        run = subprocess.run(
            [sys.executable, __file__, "--one", size, "--years", str(args.years)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    print(f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}\n")
    print(
        "| size | years | synth (s) | load (s) | records loaded | files (MB) | peak memory (MB) "
        "| children in CIN census | referrals | 903 episodes | (in year) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['size']} | {r['years']} | {r['synth_seconds']} | {r['load_seconds']} | {r['rows_loaded']:,} "
            f"| {r['megabytes']} | {r['peak_mb']} | {r['children_in_cin_census']:,} | {r['referrals']:,} "
            f"| {r['cla_episodes']:,} | {r['last_year']} |"
        )


if __name__ == "__main__":
    main()
