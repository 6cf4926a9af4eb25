"""Peak memory when reading a very large CIN census file: the reader streams, so
memory should not grow with the file.

    .venv/bin/python performance/stream_memory.py [--copies 25]

Builds a file from a synthetic large LA's census with its children repeated
`copies` times, reads every record from it, and prints the file size, records,
seconds and peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from scorecard.ingest.cin_census import CinCensusReader
from scorecard.ingest.sniff import sniff
from scorecard.synth import synthesise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        synthesise("large", 1, 1, folder / "synthetic")
        census = next((folder / "synthetic").rglob("cin_census_*.xml")).read_text(encoding="utf-8")
        start, end = census.index("<Children>") + len("<Children>"), census.index("</Children>")
        big = folder / "big_cin_census.xml"
        with big.open("w", encoding="utf-8") as file:
            file.write(census[:start])
            for _ in range(args.copies):
                file.write(census[start:end])
            file.write(census[end:])
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        reader = CinCensusReader()
        started = time.perf_counter()
        records = sum(1 for _ in reader.records(big, reader.info(big, sniff(big))))
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"file {big.stat().st_size / 1e6:,.0f} MB, {records:,} records read in {seconds:.1f} s")
        print(f"peak resident memory {after / 1024:,.0f} MB (before reading: {before / 1024:,.0f} MB)")


if __name__ == "__main__":
    main()
