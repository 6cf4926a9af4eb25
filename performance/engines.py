"""The same catalogue on each engine, side by side: export the store's tables, then the
whole catalogue for one quarter for every LA in the store, on DuckDB (the store),
PostgreSQL (a throwaway server, as in the tests) and Spark (local mode, both cores).

    .venv/bin/python performance/engines.py [--size small] [--years 3] [--from DIR] [--db STORE]

Given --db, that store is used as it is (e.g. an England store); otherwise an LA is
synthesised (or taken --from a folder) and loaded. Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from common import arguments, benchmarked_store

from scorecard import api
from scorecard.backends import BackendChoice

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import postgres_server

PERIOD = "2025-26 Q4"


def measure(db: Path, choice: BackendChoice | None) -> tuple[str, str, int]:
    exported = ""
    if choice is not None:
        start = time.perf_counter()
        api.export(choice, db)
        exported = f"{time.perf_counter() - start:.1f} s"
    start = time.perf_counter()
    results = api.indicators(PERIOD, db, la="all", run_on=choice)
    return exported, f"{time.perf_counter() - start:.1f} s", len(results)


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to use as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or benchmarked_store(args, Path(scratch))[0]
        rows = [("duckdb", *measure(db, None))]
        with postgres_server() as dsn:
            rows.append(("postgres", *measure(db, BackendChoice("postgres", dsn))))
        rows.append(("spark", *measure(db, BackendChoice("spark", str(Path(scratch) / "spark"), "local[2]"))))
    print(f"| engine | export | all indicators, all LAs, {PERIOD} | results |")
    print("|---|---|---|---|")
    for engine, exported, computed, count in rows:
        print(f"| {engine} | {exported or '-'} | {computed} | {count:,} |")


if __name__ == "__main__":
    main()
