"""The Python API. The command line is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scorecard.dates import Period, parse_period, working_days
from scorecard.findings import Finding
from scorecard.ingest.load import LoadReport
from scorecard.ingest.load import load as load_files
from scorecard.ingest.load import validate as validate_files
from scorecard.store.database import DEFAULT_DB, Store
from scorecard.store.dictionary import data_dictionary
from scorecard.store.summary import (
    LoadedFile,
    TableCount,
    la_codes,
    load_history,
    stored_findings,
    table_counts,
    yearly_counts,
)
from scorecard.synth import AuthorityReport, Size, synthesise

DEMO_FOLDER = Path("scorecard-demo")
# The parts of a synthetic LA's folder that the demo loads: the returns and the
# local extract. Annex A repeats the census, and benchmarks are not case data.
DEMO_SOURCES = ("cin_census", "ssda903", "csww", "ssd", "local_measures.csv")

__all__ = [
    "DEFAULT_DB",
    "StoreSummary",
    "demo",
    "dictionary",
    "findings",
    "load",
    "loads",
    "period",
    "summary",
    "synth",
    "validate",
    "working_days_between",
]


@dataclass
class StoreSummary:
    path: Path
    tables: list[TableCount]
    yearly: dict[str, dict[str, dict[str, int]]]  # la_code -> event -> year -> count


@dataclass
class DemoResult:
    authorities: list[AuthorityReport]
    load: LoadReport
    summary: StoreSummary


def synth(
    size: Size = "medium",
    years: int = 6,
    seed: int = 1,
    out: Path = Path("synthetic"),
    progress: Callable[[int, int, str], None] | None = None,
) -> list[AuthorityReport]:
    """Generate a synthetic LA (or all of England) as real return files."""
    return synthesise(size, years, seed, out, progress=progress)


def load(
    paths: Iterable[Path],
    db: Path = DEFAULT_DB,
    la: str | None = None,
    year: str | None = None,
    xsd: Path | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> LoadReport:
    """Load files and folders into the store at `db`."""
    with Store.open(db) as store:
        return load_files(store, list(paths), la_code=la, year=year, xsd=xsd, progress=progress)


def validate(
    paths: Iterable[Path], la: str | None = None, year: str | None = None, xsd: Path | None = None
) -> LoadReport:
    """Everything loading these files would find and do, without touching a store."""
    return validate_files(list(paths), la_code=la, year=year, xsd=xsd)


def loads(db: Path = DEFAULT_DB) -> list[LoadedFile]:
    """The load history: every file of every load."""
    with Store.open(db, read_only=True) as store:
        return load_history(store)


def findings(db: Path = DEFAULT_DB, load_id: int | None = None) -> list[Finding]:
    """The findings kept from loads (all, or one load's)."""
    with Store.open(db, read_only=True) as store:
        return stored_findings(store, load_id)


def summary(db: Path = DEFAULT_DB) -> StoreSummary:
    with Store.open(db, read_only=True) as store:
        yearly = {la: yearly_counts(store, la) for la in la_codes(store)}
        return StoreSummary(Path(db), table_counts(store), yearly)


def demo(
    out: Path = DEMO_FOLDER,
    db: Path = DEFAULT_DB,
    size: Size = "medium",
    years: int = 6,
    seed: int = 1,
    synth_progress: Callable[[int, int, str], None] | None = None,
    load_progress: Callable[[str, int], None] | None = None,
) -> DemoResult:
    """The main job on the embedded default: a synthetic LA, generated and loaded."""
    authorities = synthesise(size, years, seed, out, progress=synth_progress)
    paths = [out / a.folder / part for a in authorities for part in DEMO_SOURCES]
    report = load(paths, db, progress=load_progress)
    return DemoResult(authorities, report, summary(db))


def period(label: str, ytd: bool = False) -> Period:
    return parse_period(label, ytd)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (England and Wales)."""
    return working_days().between(start, end)


def dictionary() -> str:
    return data_dictionary()
