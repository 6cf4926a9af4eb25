"""What the performance scripts share: a synthetic LA to measure, made afresh or given."""

from __future__ import annotations

import argparse
from pathlib import Path

from scorecard import api


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", default="large")
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--from", dest="source", type=Path, help="an LA folder written by scorecard synth")
    return parser


def synthetic_la(args: argparse.Namespace, scratch: Path) -> Path:
    """The LA folder given with --from, or one synthesised into `scratch`."""
    if args.source is not None:
        return args.source
    reports = api.synth(args.size, args.years, 1, scratch)
    return scratch / reports[0].folder


def benchmarked_store(args: argparse.Namespace, scratch: Path) -> tuple[Path, Path]:
    """The LA (given or synthesised) loaded into a store in `scratch`, its synthetic
    benchmarks imported: the store and the LA's config."""
    folder = synthetic_la(args, scratch)
    db = scratch / "scorecard.duckdb"
    api.load([folder / part for part in api.DEMO_SOURCES], db)
    api.import_benchmarks([folder / api.DEMO_BENCHMARKS], db)
    return db, folder / "scorecard.yml"
