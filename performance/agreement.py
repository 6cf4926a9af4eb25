"""Scorecard against an independent implementation of the catalogue (tests/independent):
every indicator, for every financial year 2021-22 to 2025-26 and every quarter of the
last two years, figure by figure (numerator, denominator and value to 1e-9, and "not
available" where the product gives no value).

    .venv/bin/python performance/agreement.py [--size small|medium] [--years 6] [--work DIR]
        [--ids a,b] [--explain ID PERIOD] [--reuse]

It writes the synthetic LA with `scorecard synth` (seed 1, as the demo), loads it with
`scorecard load` into a store in --work, runs `scorecard indicators` (yearly and
quarterly series), computes the same figures from the raw files, and prints how many
agree and a table of every disagreement; exit status 1 if any disagree. --explain ID
PERIOD lists, for one figure, the children (or workers) each side counts that the
other does not, from `scorecard drill`. --reuse keeps the LA and store already in
--work (from an earlier run with the same size and years).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.independent.compare import (
    compare,
    explain,
    independent_results,
    product_results,
    standard_periods,
    synth_and_load,
)
from tests.independent.returns import read_la


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "medium"], default="medium")
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--work", type=Path, help="folder for the LA and the store (default: a temporary one)")
    parser.add_argument("--ids", help="only these indicators, comma separated")
    parser.add_argument("--explain", nargs=2, metavar=("ID", "PERIOD"), help="who each side counts for one figure")
    parser.add_argument("--reuse", action="store_true", help="keep the LA and store already in --work")
    args = parser.parse_args()
    if args.work is None:
        with tempfile.TemporaryDirectory(prefix="agreement-") as scratch:
            return run(args, Path(scratch))
    args.work.mkdir(parents=True, exist_ok=True)
    return run(args, args.work)


def run(args: argparse.Namespace, work: Path) -> int:
    started = time.perf_counter()
    db = work / "scorecard.duckdb"
    if args.reuse and db.exists():
        folder = next(p for p in (work / "synth").iterdir() if (p / "scorecard.yml").exists())
    else:
        print(f"writing and loading a {args.size} synthetic LA over {args.years} years in {work} ...", flush=True)
        folder, db = synth_and_load(args.size, args.years, work)
    config = folder / "scorecard.yml"
    timed = time.perf_counter()
    la = read_la(folder)
    if args.explain:
        print(explain(la, db, config, *args.explain))
        return 0
    ids = args.ids.split(",") if args.ids else None
    years, quarters = standard_periods()
    independent = independent_results(la, years, quarters, ids)
    took = time.perf_counter() - timed
    product = product_results(db, config, years, quarters, ids)
    comparison = compare(product, independent, ids)
    print(f"{comparison.agreed} of {comparison.total} figures agree ({args.size} LA, {args.years} years)")
    print(f"independent figures read and computed in {took:.1f} s; whole run {time.perf_counter() - started:.0f} s")
    if comparison.disagreements:
        print(comparison.table())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
