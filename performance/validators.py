"""Load-and-validate time of the sector's own validators against scorecard's load, on identical files.

    .venv/bin/python performance/validators.py --size large --years 1
    .venv/bin/python performance/validators.py --size small --years 2 --keep-venv

The children's social care sector validates its returns with the DfE-rule validators
that Data to Insight publish on PyPI: csc-validator-be-903 (SSDA903, children looked
after) and csc-validator-be-cin (CIN census). This script times them on the files of a
synthetic LA (or the LA folder given with --from) and, for comparison, scorecard's own
load of the very same files into a fresh store.

The validators are never a dependency of scorecard and never go into the project's
.venv: the script makes throw-away virtual environments for them, one per validator,
because both wheels ship a top-level `rpc_main.py` and would overwrite each other's.
They live in a temporary folder that is removed afterwards or, with --keep-venv, in
build/validator-venvs/ to be reused next time. Their versions are pinned in PINS; the
pins need Python 3.9 to 3.11 (numpy<1.25 has no wheels for newer Pythons).

Each validator runs the way its web front end runs it: through the package's own API
module `rpc_main` (`lac_validate` with the "This year" and "Prev year" CSV tables and
the collection year and LA; `cin_validate` with one CIN census XML file), in a fresh
Python process in its venv. The time is that process's wall clock, so it includes
interpreter start and imports; the time inside the API call is shown beside it.
scorecard's load runs in this process (already imported), into a new store each time.
"""

from __future__ import annotations

import json
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from common import arguments, synthetic_la

from scorecard import api

PINS = {"903": ("csc-validator-be-903", "0.1.17"), "cin": ("csc-validator-be-cin", "0.1.13")}
# csc-validator-be-cin caps pandas below 2 but not numpy, so pip pairs pandas 1.5 with
# numpy 2, which it was not built for ("numpy.dtype size changed"): cap numpy as the
# 903 package does.
ALSO = {"903": [], "cin": ["numpy<2"]}
TITLES = {"903": "SSDA903 validator", "cin": "CIN validator"}
KEPT_VENVS = Path(__file__).resolve().parent.parent / "build" / "validator-venvs"
DEFAULT_TIMEOUT = 3600.0

# Run inside a validator's venv: `python driver.py spec.json result.json`. It calls the
# package's rpc_main the way the front end does and writes what it reported as JSON.
DRIVER = r'''
import contextlib, io, json, logging, pkgutil, sys, time

spec = json.load(open(sys.argv[1]))
kind = spec["kind"]


def ruleset_year(package, prefix):
    """The end year asked for, or the nearest one the package has rules for."""
    years = sorted(int(m.name[len(prefix):len(prefix) + 4]) + 1 for m in pkgutil.iter_modules(package.__path__)
                   if m.name.startswith(prefix) and m.name[len(prefix):len(prefix) + 4].isdigit())
    return min(years, key=lambda year: abs(year - int(spec["end_year"])))


class Crashes(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += "failed to run" in record.getMessage()


import rpc_main

printed = io.StringIO()
if kind == "903":
    import lac_validator.rules
    import qlacref_authorities

    crashes = Crashes()
    logging.getLogger("lac_validator.lac_validator").addHandler(crashes)
    year = ruleset_year(lac_validator.rules, "lac")
    district = spec["district"]
    la = next((r["UTLA21CD"] for r in qlacref_authorities.records if r["LTLA21CD"] == district), district)
    files = {"This year": spec["this_year"]}
    if spec["prev_year"]:
        files["Prev year"] = spec["prev_year"]
    called = time.perf_counter()
    result = rpc_main.lac_validate(files, {"collectionYear": str(year), "localAuthority": la})
    call_seconds = time.perf_counter() - called
    crashed = crashes.count
    la_level = 0
else:
    import cin_validator.rules

    year = ruleset_year(cin_validator.rules, "cin")
    with open(spec["this_year"][0], "rb") as xml, contextlib.redirect_stdout(printed):
        called = time.perf_counter()
        result = rpc_main.cin_validate({"This year": [xml]}, {"collectionYear": str(year)})
        call_seconds = time.perf_counter() - called
    crashed = sum(line.startswith("Error with rule") for line in printed.getvalue().splitlines())
    la_level = len(json.loads(result["multichild_issues"][0]))

issues = json.loads(result["issue_locations"][0])
flagged = {(i["rule_code"], str(i["tables_affected"]), str(i["row_id"])) for i in issues}
json.dump({
    "ruleset": f"{kind if kind == 'cin' else 'lac'}{year - 1}_{str(year)[2:]}",
    "errors": len(flagged) + la_level,
    "rules": len({i["rule_code"] for i in issues}),
    "crashed": crashed,
    "call_seconds": call_seconds,
}, open(sys.argv[2], "w"))
'''


@dataclass
class ValidatorTiming:
    """One tool's load (and validation) of one year's file set: a row of the table."""

    tool: str
    version: str
    year: str
    files: int
    megabytes: float
    records: int | None
    seconds: float | None
    call_seconds: float | None = None
    cpu_seconds: float | None = None
    errors: int | None = None
    note: str = ""


@dataclass
class FileSet:
    """The files one validator takes for one collection year; scorecard loads the same."""

    kind: str
    year: str
    this_year: list[Path]
    prev_year: list[Path]

    @property
    def paths(self) -> list[Path]:
        return self.this_year + self.prev_year

    @property
    def megabytes(self) -> float:
        return sum(p.stat().st_size for p in self.paths) / 1e6


class Unavailable(Exception):
    """A validator that could not be installed or run, with a one-line reason for the table."""


def base_python() -> str:
    """A Python the pinned validators install on: they need numpy<1.25, so 3.9 to 3.11."""
    if (3, 9) <= sys.version_info[:2] <= (3, 11):
        return sys.executable
    for name in ("python3.11", "python3.10", "python3.9"):
        if found := shutil.which(name):
            return found
    raise Unavailable("no Python 3.9-3.11 found to install the validators on")


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def install(venv: Path, kind: str) -> None:
    """Make (or reuse) `venv` with the pinned validator, noting a failure in the venv for
    validate_times to show: a validator that will not install must not stop the others."""
    package, version = PINS[kind]
    wanted = " ".join([f"{package}=={version}", *ALSO[kind]])
    marker, failed = venv / "pinned.txt", venv / "install-failed.txt"
    if marker.is_file() and marker.read_text() == wanted:
        return
    shutil.rmtree(venv, ignore_errors=True)
    try:
        run_quietly([base_python(), "-m", "venv", str(venv)])
        pip = [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        run_quietly([*pip, *wanted.split()])
    except Unavailable as problem:
        venv.mkdir(parents=True, exist_ok=True)
        failed.write_text(f"{wanted} not installed: {problem}")
        return
    marker.write_text(wanted)


def run_quietly(command: list[str]) -> None:
    """Run a setup command, turning its failure into its last line of output."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise Unavailable(lines[-1] if lines else f"exit code {done.returncode}")


def ensure_venv(path: Path) -> Path:
    """The folder of throw-away venvs, one per validator (`path/903`, `path/cin`), made or
    reused if they already hold the pinned versions. Kept out of the project's .venv so
    the validators' old pandas and numpy never meet scorecard's."""
    path.mkdir(parents=True, exist_ok=True)
    for kind in PINS:
        install(path / kind, kind)
    return path


def stack(venv: Path) -> str:
    """What a validator's venv runs on, for the record: Python, pandas, numpy."""
    if (venv / "install-failed.txt").is_file() or not venv_python(venv).is_file():
        return "not installed"
    probe = "import platform, numpy, pandas; print(platform.python_version(), pandas.__version__, numpy.__version__)"
    done = subprocess.run([str(venv_python(venv)), "-c", probe], capture_output=True, text=True)
    if done.returncode != 0:
        return "broken"
    python, pandas, numpy = done.stdout.split()
    return f"Python {python}, pandas {pandas}, numpy {numpy}"


def year_of(name: str) -> str:
    found = re.search(r"\d{4}-\d{2}", name)
    return found.group(0) if found else ""


def file_sets(folder: Path) -> list[FileSet]:
    """Per collection year, the CIN census XML and the SSDA903 tables (with the previous
    year's tables when the folder has them, as an LA would give the 903 validator)."""
    sets = [FileSet("cin", year_of(xml.name), [xml], []) for xml in sorted((folder / "cin_census").glob("*.xml"))]
    years = sorted(d for d in (folder / "ssda903").glob("*") if d.is_dir())
    for previous, current in zip([None, *years], years, strict=False):
        prev_tables = sorted(previous.glob("*.csv")) if previous is not None else []
        sets.append(FileSet("903", current.name, sorted(current.glob("*.csv")), prev_tables))
    return sorted(sets, key=lambda s: (s.year, s.kind))


def la_identity(folder: Path) -> tuple[str, str]:
    """The LA's 3-digit code (which scorecard needs for 903 CSVs) and its first district's
    ONS code (from which the 903 validator tells placements in the LA from those out)."""
    config = yaml.safe_load((folder / "scorecard.yml").read_text())
    districts = config.get("districts") or ["E08000002"]
    return str(config["la_code"]), districts[0]


def scorecard_time(files: FileSet, la: str) -> ValidatorTiming:
    """scorecard's load of the file set into a new store: read, check, store, rebuild."""
    row = ValidatorTiming("scorecard load", "", files.year, len(files.paths), files.megabytes, None, None)
    with tempfile.TemporaryDirectory() as scratch:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            report = api.load(files.paths, Path(scratch) / "scorecard.duckdb", la=la)
        except Exception as problem:
            row.note = f"failed: {first_line(problem)}"
            return row
        row.seconds, row.cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    row.records = sum(f.rows_read for f in report.files)
    row.errors = len(report.findings)
    row.note = "findings (errors and warnings)"
    return row


def first_line(problem: object) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


@contextmanager
def scratch_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as scratch:
        yield Path(scratch)


def validator_time(files: FileSet, venv: Path, district: str, timeout: float) -> ValidatorTiming:
    """The validator's whole process, start to report, on the file set."""
    version = PINS[files.kind][1]
    row = ValidatorTiming(TITLES[files.kind], version, files.year, len(files.paths), files.megabytes, None, None)
    try:
        found = run_validator(files, venv / files.kind, district, timeout)
    except Unavailable as problem:
        row.note = str(problem)
        return row
    row.seconds, row.call_seconds, row.errors = found["seconds"], found["call_seconds"], found["errors"]
    row.cpu_seconds = found["cpu_seconds"]
    row.note = f"rules {found['ruleset']}: {found['rules']} flagged, {found['crashed']} crashed"
    return row


def run_validator(files: FileSet, venv: Path, district: str, timeout: float) -> dict:
    """Run the driver in the validator's venv and return what it wrote, timed from outside."""
    failed = venv / "install-failed.txt"
    if failed.is_file():
        raise Unavailable(failed.read_text())
    if not venv_python(venv).is_file():
        raise Unavailable(f"no venv at {venv}: run ensure_venv first")
    spec = {
        "kind": files.kind,
        "end_year": int(files.year[:4]) + 1,
        "district": district,
        "this_year": [str(p) for p in files.this_year],
        "prev_year": [str(p) for p in files.prev_year],
    }
    with scratch_folder() as scratch:
        (scratch / "driver.py").write_text(DRIVER)
        (scratch / "spec.json").write_text(json.dumps(spec))
        command = [str(venv_python(venv)), "driver.py", "spec.json", "result.json"]
        with open(scratch / "output.log", "w") as log:
            started, cpu = time.perf_counter(), children_cpu()
            try:
                done = subprocess.run(command, cwd=scratch, stdout=log, stderr=subprocess.STDOUT, timeout=timeout)
            except subprocess.TimeoutExpired as expired:
                raise Unavailable(f"stopped after {timeout:.0f} s without finishing") from expired
            seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
        if done.returncode != 0 or not (scratch / "result.json").is_file():
            raise Unavailable(f"failed: {last_error(scratch / 'output.log')}")
        return json.loads((scratch / "result.json").read_text()) | {"seconds": seconds, "cpu_seconds": cpu}


def children_cpu() -> float:
    """CPU seconds of finished child processes: on a shared machine the wall clock also
    counts other people's work, the CPU time does not."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def last_error(log: Path) -> str:
    """The exception line of a traceback (the last line that names an error), for the table."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception)\b", line)]
    return (errors or lines or ["no output"])[-1][:200]


def validate_times(
    folder: Path, venv: Path, timeout: float = DEFAULT_TIMEOUT, latest_only: bool = False
) -> list[ValidatorTiming]:
    """Per collection year (or the latest alone) and return, scorecard's load then the
    validator, on the same files. `venv` is the folder that ensure_venv made."""
    la, district = la_identity(folder)
    rows: list[ValidatorTiming] = []
    sets = file_sets(folder)
    for files in [s for s in sets if s.year == sets[-1].year] if latest_only else sets:
        rows.append(scorecard_time(files, la))
        rows.append(validator_time(files, venv, district, timeout))
        rows[-1].records = rows[-2].records
    return rows


def markdown(rows: list[ValidatorTiming]) -> str:
    """The table for docs/performance.md."""
    lines = [
        "| year | tool | files | MB | records | seconds | CPU seconds | MB/s | errors reported | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        seconds = "—" if row.seconds is None else f"{row.seconds:.1f}"
        if row.call_seconds is not None:
            seconds += f" ({row.call_seconds:.1f} in call)"
        cpu = "—" if row.cpu_seconds is None else f"{row.cpu_seconds:.1f}"
        rate = "—" if not row.seconds else f"{row.megabytes / row.seconds:.2f}"
        tool = f"{row.tool} {row.version}".strip()
        records = "—" if row.records is None else f"{row.records:,}"
        errors = "—" if row.errors is None else f"{row.errors:,}"
        note = row.note.replace("|", r"\|")
        lines.append(
            f"| {row.year} | {tool} | {row.files} | {row.megabytes:.1f} | {records} | {seconds} | {cpu} | {rate} "
            f"| {errors} | {note} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--keep-venv", action="store_true", help=f"make or reuse the validators' venvs in {KEPT_VENVS}")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds one validator run may take")
    args = parser.parse_args()
    with scratch_folder() as scratch:
        venv = ensure_venv(KEPT_VENVS if args.keep_venv else scratch / "venvs")
        folder = synthetic_la(args, scratch / "la")
        print(f"{args.size} LA, {args.years} years; {platform.machine()}, Python {platform.python_version()}\n")
        for kind, (package, version) in PINS.items():
            print(f"- {package} {version} ({stack(venv / kind)})")
        print()
        print(markdown(validate_times(folder, venv, args.timeout)))


if __name__ == "__main__":
    main()
