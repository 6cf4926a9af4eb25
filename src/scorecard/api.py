"""The Python API. The command line is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scorecard.dates import Period, parse_period, working_days
from scorecard.ingest.load import LoadReport
from scorecard.ingest.load import load as load_files
from scorecard.store.database import DEFAULT_DB, Store
from scorecard.store.dictionary import data_dictionary
from scorecard.store.summary import TableCount, la_codes, table_counts, yearly_counts
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
    "load",
    "period",
    "summary",
    "synth",
    "working_days_between",
]


@dataclass
class StoreSummary:
    path: Path
    tables: list[TableCount]
    yearly: dict[str, dict[str, dict[str, int]]]  # la_code -> event -> year -> count
    files: list[tuple]


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
    progress: Callable[[str, int], None] | None = None,
) -> LoadReport:
    """Load files and folders into the store at `db`."""
    with Store.open(db) as store:
        return load_files(store, list(paths), la_code=la, year=year, progress=progress)


def summary(db: Path = DEFAULT_DB) -> StoreSummary:
    with Store.open(db, read_only=True) as store:
        files = store.con.execute(
            "SELECT load_id, path, kind, la_code, collection_year, rows_read, rows_loaded, "
            "rows_quarantined, replaced FROM source_file ORDER BY file_id"
        ).fetchall()
        yearly = {la: yearly_counts(store, la) for la in la_codes(store)}
        return StoreSummary(Path(db), table_counts(store), yearly, files)


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
