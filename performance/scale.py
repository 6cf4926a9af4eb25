"""Load, compute and report at several sizes, side by side in one run, each step run
as the command line runs it (`scorecard ...` in a process of its own) and measured
for wall-clock time and the peak memory of its whole process tree (workers included),
sampled from /proc four times a second.

    .venv/bin/python performance/scale.py --sizes small,large,england --years 6 --work /tmp/scale

Per size: synthesise (not an aim; skipped when --work already holds the files), load
every LA's returns and extracts into a new store, import their synthetic benchmarks,
compute the whole catalogue for every LA for one quarter and for every quarter of the
years, judge every LA's quarter, and write one LA's committee report. Then the same
files of one LA through the sector's own validators (performance/validators.py, in a
throw-away virtual environment) beside scorecard's load of them.
Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from scorecard import api

QUARTER = "2025-26 Q4"
SCORECARD = [str(Path(sys.executable).with_name("scorecard"))]


@dataclass(frozen=True)
class Step:
    size: str
    name: str
    seconds: float
    peak_mb: float
    detail: str = ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="small,large,england")
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path("build/scale"))
    parser.add_argument("--skip-validators", action="store_true")
    args = parser.parse_args()
    steps: list[Step] = []
    for size in args.sizes.split(","):
        steps.extend(measure_size(size, args.years, args.work / size))
    print(f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}\n")
    print(table(steps, args.sizes.split(",")))
    if not args.skip_validators:
        print(validators_table([s for s in args.sizes.split(",") if s != "england"], args.work))


def measure_size(size: str, years: int, work: Path) -> list[Step]:
    folders = synthesised(size, years, work / "files")
    db = work / "scorecard.duckdb"
    db.unlink(missing_ok=True)
    first_year = f"{2025 - years + 1}-{(2025 - years + 2) % 100:02d}"
    parts = [str(folder / part) for folder in folders for part in api.DEMO_SOURCES if (folder / part).exists()]
    benchmarks = [str(folder / api.DEMO_BENCHMARKS) for folder in folders]
    config = str(folders[0] / "scorecard.yml")
    las = f"{len(folders)} LA{'s' if len(folders) > 1 else ''}"
    runs = [
        ("load every return and extract", ["load", *parts, "--db", str(db)], las),
        ("import the synthetic benchmarks", ["benchmarks", "import", *benchmarks, "--db", str(db)], las),
        (
            f"whole catalogue, every LA, {QUARTER}",
            ["indicators", "--period", QUARTER, "--la", "all", "--format", "csv", "--db", str(db)],
            las,
        ),
        (
            f"whole catalogue, every LA, every quarter {first_year} Q1 to {QUARTER}",
            [
                "indicators",
                "--series",
                "quarterly",
                "--from",
                f"{first_year} Q1",
                "--to",
                QUARTER,
                "--la",
                "all",
                "--format",
                "csv",
                "--db",
                str(db),
            ],
            las,
        ),
        (
            f"judge every LA, {QUARTER}",
            ["judge", "--period", QUARTER, "--la", "all", "--format", "csv", "--db", str(db), "--config", config],
            las,
        ),
        (
            f"committee report, one LA, {QUARTER}, four formats",
            ["report", "--period", QUARTER, "--db", str(db), "--config", config, "--out", str(work / "report")],
            "html, pdf, docx, xlsx",
        ),
    ]
    steps = []
    for name, command, detail in runs:
        seconds, peak = run(SCORECARD + command, work / f"{len(steps)}.out")
        steps.append(Step(size, name, seconds, peak, detail))
        print(f"{size}: {name}: {seconds:.1f} s, {peak:,.0f} MB", file=sys.stderr)
    return steps


def synthesised(size: str, years: int, out: Path) -> list[Path]:
    """The LA folders of a synthetic run, made unless `out` already holds them."""
    manifest = out / "synth.json"
    if not manifest.exists():
        seconds, peak = run([*SCORECARD, "synth", "--size", size, "--years", str(years), "--out", str(out)], None)
        print(f"{size}: synthesised in {seconds:.0f} s ({peak:,.0f} MB)", file=sys.stderr)
    made = json.loads(manifest.read_text(encoding="utf-8"))
    return [out / la["folder"] for la in made["authorities"]]


def run(command: list[str], output: Path | None) -> tuple[float, float]:
    """Run a command to the end; its wall-clock seconds and the peak resident memory
    (MB) of it and every process it started, taken together."""
    sink = output.open("wb") if output else subprocess.DEVNULL
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            peak[0] = max(peak[0], tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if output:
        sink.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} ... failed: {errors.decode(errors='replace')[-2000:]}")
    return seconds, peak[0] / 1024


def tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            status = Path(entry.path, "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[pid] = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def table(steps: list[Step], sizes: list[str]) -> str:
    names = list(dict.fromkeys(s.name for s in steps))
    found = {(s.size, s.name): s for s in steps}
    lines = ["| step | " + " | ".join(f"{size}: seconds (peak MB)" for size in sizes) + " |"]
    lines.append("|---|" + "---|" * len(sizes))
    for name in names:
        cells = [found.get((size, name)) for size in sizes]
        shown = [f"{c.seconds:,.1f} ({c.peak_mb:,.0f})" if c else "" for c in cells]
        lines.append(f"| {name} | " + " | ".join(shown) + " |")
    return "\n".join(lines) + "\n"


def validators_table(sizes: list[str], work: Path) -> str:
    """The latest year of one LA's files through the sector's validators and through
    scorecard's load, per size (not England's: that is 152 LAs' worth of one LA)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import validators

    venv = validators.ensure_venv(work / "validator-venvs")
    parts = []
    for size in sizes:
        made = json.loads((work / size / "files" / "synth.json").read_text(encoding="utf-8"))
        folder = work / size / "files" / made["authorities"][0]["folder"]
        timings = validators.validate_times(folder, venv, latest_only=True)
        parts.append(f"{size} LA ({folder.name}), latest year:\n\n{validators.markdown(timings)}\n")
    return "\n".join(parts)


if __name__ == "__main__":
    main()
