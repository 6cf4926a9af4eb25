"""The Python API. The command line is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.access.database import access_path
from scorecard.backends import BackendChoice
from scorecard.backends.export import export as export_tables
from scorecard.config import Config, load_config
from scorecard.dates import Period, parse_period, working_days
from scorecard.dates.periods import series as period_series
from scorecard.findings import Finding
from scorecard.indicators import compute, polarities
from scorecard.indicators import definitions as catalogue_of
from scorecard.indicators import drill as drill_rows
from scorecard.indicators import titles as titles_of
from scorecard.indicators.breaks import SeriesBreak, SeriesCheck, check_load, stored_breaks, stored_checks
from scorecard.indicators.glossary import glossary
from scorecard.indicators.results import Result
from scorecard.ingest.load import LoadReport
from scorecard.ingest.load import load as load_files
from scorecard.ingest.load import validate as validate_files
from scorecard.judge.benchmarks import Benchmarks, Comparison, resolve_code
from scorecard.judge.judgement import Judgement
from scorecard.judge.judgement import judge as judge_figures
from scorecard.judge.suppress import for_audience
from scorecard.outputs.model import build as build_report
from scorecard.outputs.write import FORMATS as REPORT_FORMATS
from scorecard.outputs.write import write as write_report
from scorecard.published.figures import Read
from scorecard.published.importer import import_files
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

if TYPE_CHECKING:
    from starlette.applications import Starlette

DEMO_FOLDER = Path("scorecard-demo")
# The parts of a synthetic LA's folder that the demo loads: the returns and the
# local extract. Annex A repeats the census, and benchmarks are not case data.
DEMO_SOURCES = ("cin_census", "ssda903", "csww", "ssd", "local_measures.csv")
DEMO_BENCHMARKS = "benchmarks_synthetic.csv"

__all__ = [
    "DEFAULT_DB",
    "StoreSummary",
    "benchmarks",
    "breaks",
    "definitions",
    "demo",
    "dictionary",
    "drill",
    "findings",
    "import_benchmarks",
    "indicators",
    "judge",
    "load",
    "loads",
    "period",
    "report",
    "series_checks",
    "summary",
    "synth",
    "titles",
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
    benchmarks: list[Read]
    summary: StoreSummary
    db: Path
    config: Path
    quarter: str
    judged: list[Judgement]
    titles: dict[str, str]
    reports: list[Path]


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
    """Load files and folders into the store at `db`, then check the series of every
    indicator of the LAs loaded for breaks (see `breaks`)."""
    with Store.open(db) as store:
        report = load_files(store, list(paths), la_code=la, year=year, xsd=xsd, progress=progress)
        check_load(store, report, Config())
        return report


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
    """The findings kept from loads (all, or one load's), then the breaks in series found
    by the check after that load (or each LA's latest check)."""
    with Store.open(db, read_only=True) as store:
        return stored_findings(store, load_id) + [b.as_finding() for b in stored_breaks(store, load_id)]


def breaks(db: Path = DEFAULT_DB, load_id: int | None = None) -> list[SeriesBreak]:
    """The breaks in indicators' series found by the check after a load: that load's, or
    each LA's latest check's."""
    with Store.open(db, read_only=True) as store:
        return stored_breaks(store, load_id)


def series_checks(db: Path = DEFAULT_DB) -> list[SeriesCheck]:
    """Every check of the series made after a load."""
    with Store.open(db, read_only=True) as store:
        return stored_checks(store)


def summary(db: Path = DEFAULT_DB) -> StoreSummary:
    with Store.open(db, read_only=True) as store:
        yearly = {la: yearly_counts(store, la) for la in la_codes(store)}
        return StoreSummary(Path(db), table_counts(store), yearly)


def demo(
    out: Path = DEMO_FOLDER,
    size: Size = "medium",
    years: int = 6,
    seed: int = 1,
    synth_progress: Callable[[int, int, str], None] | None = None,
    load_progress: Callable[[str, int], None] | None = None,
) -> DemoResult:
    """The main job on the embedded default: a synthetic LA generated, loaded into its
    own store (out/scorecard.duckdb, apart from any real one) with its synthetic
    benchmarks, and its latest quarter's figures computed and judged, and its committee
    report written in every format (out/report/)."""
    authorities = synthesise(size, years, seed, out, progress=synth_progress)
    first = authorities[0]
    db, config = out / "scorecard.duckdb", out / first.folder / "scorecard.yml"
    loaded = load([out / first.folder / part for part in DEMO_SOURCES], db, progress=load_progress)
    imported = import_benchmarks([out / first.folder / DEMO_BENCHMARKS], db)
    quarter = f"{first.years[-1].year} Q4"
    judged = judge(quarter, db, config=config)
    reports = report(quarter, db, out=out / "report", config=config)
    return DemoResult(
        authorities, loaded, imported, summary(db), db, config, quarter, judged, titles(db, config), reports
    )


def period(label: str, ytd: bool = False) -> Period:
    return parse_period(label, ytd)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (England and Wales)."""
    return working_days().between(start, end)


def dictionary() -> str:
    return data_dictionary()


class ChoiceError(ValueError):
    """A choice (of LA, period or series) that cannot be met; the message says why."""


def indicators(
    period: str,
    db: Path = DEFAULT_DB,
    ytd: bool = False,
    ids: list[str] | None = None,
    la: str | None = None,
    config: Path | None = None,
    series: str | None = None,
    last: str | None = None,
    audience: str = "internal",
    run_on: BackendChoice | None = None,
) -> list[Result]:
    """The results table for a period, or for a series of periods from `period` to `last`;
    for the public audience, with small numbers suppressed."""
    settings = _settings(config, run_on)
    if series:
        periods = period_series(series, parse_period(period), parse_period(last or period))
    else:
        periods = [parse_period(period, ytd)]
    with Store.open(db, read_only=True) as store:
        results = compute(store, periods, ids, choose_las(store, la, settings), settings)
    return for_audience(results, audience, settings.suppression_threshold)


def judge(
    period: str,
    db: Path = DEFAULT_DB,
    ytd: bool = False,
    ids: list[str] | None = None,
    la: str | None = None,
    config: Path | None = None,
    audience: str = "internal",
    run_on: BackendChoice | None = None,
) -> list[Judgement]:
    """The results table for a period with every judgement: target and RAG, direction of
    travel, benchmarks, rank and quartile band, interval and signals."""
    settings = _settings(config, run_on)
    with Store.open(db, read_only=True) as store:
        chosen = choose_las(store, la, settings, published=True)
        return judge_figures(store, parse_period(period, ytd), settings, chosen, ids, audience)


def report(
    period: str,
    db: Path = DEFAULT_DB,
    ytd: bool = False,
    formats: list[str] | None = None,
    audience: str = "public",
    out: Path = Path("report"),
    la: str | None = None,
    config: Path | None = None,
    template: Path | None = None,
    run_on: BackendChoice | None = None,
) -> list[Path]:
    """The committee report for a period, in each format asked for (all by default),
    for the public (small numbers suppressed, no child-level data) or for managers."""
    settings = _settings(config, run_on)
    chosen = list(formats or REPORT_FORMATS)
    unknown = [f for f in chosen if f not in REPORT_FORMATS]
    if unknown:
        raise ChoiceError(f"'{', '.join(unknown)}' is not a report format: choose from {', '.join(REPORT_FORMATS)}")
    if template is not None and not template.is_file():
        raise ChoiceError(f"{template}: there is no such Word template")
    with Store.open(db, read_only=True) as store:
        (la_code,) = choose_las(store, la, settings, one=True)
        built = build_report(store, parse_period(period, ytd), settings, la_code, audience)
    return write_report(built, chosen, out, template)


def import_benchmarks(
    paths: Iterable[Path], db: Path = DEFAULT_DB, progress: Callable[[str], None] | None = None
) -> list[Read]:
    """Published figures, populations and statistical neighbours into the store."""
    with Store.open(db) as store:
        return import_files(store, list(paths), progress)


def benchmarks(
    period: str, la: str, db: Path = DEFAULT_DB, config: Path | None = None, ids: list[str] | None = None
) -> list[tuple[str, str, Comparison]]:
    """The LA's published figures for the latest year ended by the period's end, set
    among England, its region, its neighbours and all LAs: (id, unit, comparison)."""
    settings = load_config(config)
    end = parse_period(period).end
    catalogue = catalogue_of(settings)
    with Store.open(db, read_only=True) as store:
        seen = Benchmarks(store.con, la, settings)
        polarity = polarities(store, settings)
        found = []
        for indicator_id in ids or sorted(seen.years):
            comparison = seen.compare(indicator_id, end, None, polarity.get(indicator_id, "none"))
            if comparison and indicator_id in catalogue:
                found.append((indicator_id, catalogue[indicator_id].unit, comparison))
        return found


def drill(
    indicator_id: str,
    period: str,
    db: Path = DEFAULT_DB,
    ytd: bool = False,
    la: str | None = None,
    config: Path | None = None,
    run_on: BackendChoice | None = None,
) -> tuple[list[str], list[tuple]]:
    """The children (or workers) behind one figure, with the dates used."""
    settings = _settings(config, run_on)
    with Store.open(db, read_only=True) as store:
        (chosen,) = choose_las(store, la, settings, one=True)
        return drill_rows(store, indicator_id, parse_period(period, ytd), chosen, settings)


def web_app(db: Path = DEFAULT_DB, config: Path | None = None, as_at: date | None = None) -> Starlette:
    """The live dashboard as an ASGI app, for `scorecard serve` or any ASGI server."""
    # Imported here: the web stack is needed by this function alone, and it uses this module.
    from scorecard.web.app import create_app

    if not access_path(db).exists():
        raise ChoiceError(f"{db} has no users yet: add one with scorecard users add NAME --role analyst --db {db}")
    return create_app(db, config, as_at)


def titles(db: Path = DEFAULT_DB, config: Path | None = None) -> dict[str, str]:
    """Titles of the indicators and of the local measures loaded."""
    with Store.open(db, read_only=True) as store:
        return titles_of(store, load_config(config))


def definitions(form: str = "markdown", config: Path | None = None) -> str:
    """The glossary of every indicator, with the settings in force."""
    settings = load_config(config)
    return glossary(catalogue_of(settings), settings, form)


def export(
    engine: BackendChoice,
    db: Path = DEFAULT_DB,
    config: Path | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """A copy of the store's tables on PostgreSQL or for Spark, for --engine; the rows
    copied per table."""
    settings = load_config(config)
    with Store.open(db, read_only=True) as store:
        return export_tables(store.con, engine, settings, progress or (lambda name, rows: None))


def _settings(config: Path | None, run_on: BackendChoice | None) -> Config:
    """The config, with the engine asked for in place of its own."""
    settings = load_config(config)
    return replace(settings, engine=run_on) if run_on else settings


def choose_las(store: Store, la: str | None, config: Config, one: bool = False, published: bool = False) -> list[str]:
    """The LAs to report: the one asked for (by 3-digit or ONS code), `all`, the config's,
    or the store's only one. With `published`, an LA the store holds only published
    figures for will do."""
    held = la_codes(store)
    if la == "all":
        if one:
            raise ChoiceError(f"this shows one LA at a time: choose one with --la (the store holds {', '.join(held)})")
        return held
    wanted = la or config.la_code
    if wanted:
        wanted = resolve_code(store.con, wanted)
        if published and wanted not in held and _published_for(store, wanted):
            return [wanted]
        if wanted not in held:
            raise ChoiceError(f"the store holds no data for LA {wanted} (it holds: {', '.join(held) or 'none'})")
        return [wanted]
    if len(held) == 1:
        return held
    if not held:
        raise ChoiceError("the store holds no data yet: load some returns first (scorecard load)")
    raise ChoiceError(
        f"the store holds several LAs ({', '.join(held)}): choose one with --la" + ("" if one else ", or --la all")
    )


def _published_for(store: Store, la: str) -> bool:
    return store.con.execute("SELECT count(*) FROM benchmark WHERE area_code = ?", [la]).fetchone()[0] > 0
