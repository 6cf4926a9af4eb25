"""The `scorecard` command: a thin layer over scorecard.api."""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scorecard import api
from scorecard.access.database import AccessError
from scorecard.backends import BackendChoice, BackendError
from scorecard.cli.access import audit, users_app
from scorecard.cli.judgements import benchmarks_table, import_table, judgement_table
from scorecard.cli.render import (
    drill_table,
    findings_csv,
    findings_table,
    load_table,
    loads_table,
    print_all,
    results_table,
    series_table,
    summary_tables,
    synth_table,
    validation_table,
)
from scorecard.config import ConfigError
from scorecard.dates import PeriodError
from scorecard.indicators.definition import DefinitionError
from scorecard.indicators.results import as_csv as results_csv
from scorecard.indicators.results import as_json as results_json
from scorecard.ingest.load import LoadError
from scorecard.judge.table import as_csv as judged_csv
from scorecard.judge.table import as_json as judged_json
from scorecard.published.figures import PublishedFileError
from scorecard.store.database import StoreError
from scorecard.synth import SynthError

app = typer.Typer(
    help="Children's services performance reports and live tracking, from the statutory returns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

Db = Annotated[Path, typer.Option("--db", help="The store (a DuckDB file).")]
Size = Annotated[str, typer.Option(help="small, medium or large LA, or england (152 LAs).")]
Years = Annotated[int, typer.Option(help="Collection years to generate, ending with 2025-26.")]
Seed = Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")]
Paths = Annotated[list[Path], typer.Argument(help="Files or folders of returns and extracts.")]
La = Annotated[str | None, typer.Option(help="3-digit LA code, for files that do not say (903, extracts, Annex A).")]
Year = Annotated[str | None, typer.Option(help="Collection year (2023-24), for 903 files whose folder does not say.")]
Xsd = Annotated[Path | None, typer.Option(help="An XSD to check XML returns against (e.g. the DfE CIN schema).")]


Format = Annotated[Literal["table", "csv"], typer.Option("--format", help="table or csv")]
KNOWN_ERRORS = (
    BackendError,
    LoadError,
    StoreError,
    SynthError,
    PeriodError,
    FileNotFoundError,
    ConfigError,
    DefinitionError,
    api.ChoiceError,
    PublishedFileError,
    AccessError,
)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the synthetic LA's files and its store.")] = api.DEMO_FOLDER,
    size: Size = "medium",
    years: Years = 6,
    seed: Seed = 1,
) -> None:
    """The main job on the embedded default: a synthetic LA generated, loaded, summarised,
    its latest quarter's figures judged, and its committee report written."""
    with _progress() as progress:
        tick, loaded = _bar(progress, "Generating the synthetic LA"), _rows(progress, "Loading")
        result = api.demo(out, _size(size), years, seed, synth_progress=tick, load_progress=loaded)
    print_all(
        console,
        synth_table(result.authorities),
        load_table(result.load),
        series_table(api.series_checks(result.db)[-1:], api.breaks(result.db)),
        import_table(result.benchmarks),
        summary_tables(result.summary),
        judgement_table(result.judged, result.titles, f"Figures for {result.quarter}", console.width),
    )
    for path in result.reports:
        console.print(f"Report: [bold]{path}[/]", highlight=False, soft_wrap=True)
    console.print(
        f"Synthetic files and store in [bold]{out}[/]. To explore: scorecard judge --period "
        f'"{result.quarter}" --db {result.db} --config {result.config}',
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def synth(
    size: Size = "medium",
    years: Years = 6,
    seed: Seed = 1,
    out: Annotated[Path, typer.Option(help="Folder to write to.")] = Path("synthetic"),
) -> None:
    """Generate a synthetic LA (or all of England) as real return files."""
    with _progress() as progress:
        reports = api.synth(_size(size), years, seed, out, progress=_bar(progress, "Generating"))
    print_all(console, synth_table(reports))
    console.print(f"Written to [bold]{out}[/] (see synth.json and each LA's mess.json).")


@app.command()
def load(paths: Paths, db: Db = api.DEFAULT_DB, la: La = None, year: Year = None, xsd: Xsd = None) -> None:
    """Load returns and extracts into the store: per file, rows read = loaded + quarantined, and the findings."""
    with _progress() as progress:
        report = api.load(paths, db, la=la, year=year, xsd=xsd, progress=_rows(progress, "Loading"))
    print_all(console, load_table(report))
    if report.load_id is not None:
        checks = [c for c in api.series_checks(db) if c.load_id == report.load_id]
        print_all(console, series_table(checks, api.breaks(db, report.load_id)))


@app.command()
def validate(paths: Paths, la: La = None, year: Year = None, xsd: Xsd = None, output: Format = "table") -> None:
    """Check returns and extracts without loading them: every finding, as a table or CSV.
    Exits with 1 when any record or file would be refused."""
    report = api.validate(paths, la=la, year=year, xsd=xsd)
    if output == "csv":
        sys.stdout.write(findings_csv(report.findings))
    else:
        print_all(console, validation_table(report))
    if report.failed or any(f.severity == "error" for f in report.findings):
        raise typer.Exit(1)


@app.command()
def loads(db: Db = api.DEFAULT_DB) -> None:
    """The load history: every file of every load, and what became of its rows; then the
    check of every indicator's series made after each load."""
    print_all(console, loads_table(api.loads(db)))
    checks = api.series_checks(db)
    if checks:
        print_all(console, series_table(checks, api.breaks(db)))


@app.command()
def findings(
    db: Db = api.DEFAULT_DB,
    load_id: Annotated[int | None, typer.Option("--load", help="Only this load's findings.")] = None,
    output: Format = "table",
) -> None:
    """The findings kept from loads: file, place, child, field, value, rule, severity and message."""
    found = api.findings(db, load_id)
    if output == "csv":
        sys.stdout.write(findings_csv(found))
    else:
        print_all(console, findings_table(found))


@app.command()
def summary(db: Db = api.DEFAULT_DB) -> None:
    """What the store holds: rows per table and LA, and events per year."""
    print_all(console, summary_tables(api.summary(db)))


@app.command()
def dictionary(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the screen.")] = None,
) -> None:
    """The data dictionary of the store, generated from the canonical model."""
    text = api.dictionary()
    if out:
        out.write_text(text, encoding="utf-8")
        console.print(f"Written to {out}")
    else:
        console.print(text, markup=False, highlight=False)


@app.command()
def period(
    label: Annotated[str, typer.Argument(help="2023-24, 2023-24 Q2, 2023-09 or 2023-04-01..2023-12-31")],
    ytd: Annotated[bool, typer.Option("--ytd", help="Year to date: from 1 April of that financial year.")] = False,
) -> None:
    """The dates a period label stands for."""
    found = api.period(label, ytd)
    console.print(f"{found.display_label}: {found.start.isoformat()} to {found.end.isoformat()} ({found.days} days)")


@app.command()
def workdays(
    start: Annotated[str, typer.Argument(help="YYYY-MM-DD")],
    end: Annotated[str, typer.Argument(help="YYYY-MM-DD")],
) -> None:
    """Working days after START up to and including END (England and Wales bank holidays)."""
    first, last = _date(start), _date(end)
    days = api.working_days_between(first, last)
    console.print(f"{days} working day{'' if days == 1 else 's'} from {first} to {last}")


Config = Annotated[Path | None, typer.Option(help="The LA's config (default: ./scorecard.yml if there is one).")]
Ytd = Annotated[bool, typer.Option("--ytd", help="Year to date: from 1 April of the period's financial year.")]
Period_ = Annotated[str, typer.Option("--period", help="2023-24, 2023-24 Q2, 2023-09 or 2023-04-01..2023-12-31")]
LaChoice = Annotated[
    str | None, typer.Option("--la", help="The LA's 3-digit (or ONS) code, or all (default: the only one).")
]
Ids = Annotated[str | None, typer.Option(help="Only these indicators, comma separated.")]
Audience = Annotated[
    Literal["public", "internal"],
    typer.Option(
        help="public: small numbers of children suppressed (shown as 'fewer than 5'); internal: every figure."
    ),
]
EngineName = Annotated[
    Literal["duckdb", "postgres", "spark"] | None,
    typer.Option(
        "--engine",
        help="Run the indicator queries on duckdb (the store), postgres or spark (default: the config's, or duckdb).",
    ),
]
At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="postgres: a libpq connection string (e.g. 'service=regional'; keep passwords in ~/.pgpass); "
        "spark: the exported folder.",
    ),
]
Master = Annotated[str | None, typer.Option(help="spark: the master URL (default local[*]).")]
benchmarks_app = typer.Typer(help="Published figures to compare with: import them, or show an LA's.")
app.add_typer(benchmarks_app, name="benchmarks")
app.add_typer(users_app, name="users")
app.command()(audit)


@app.command()
def indicators(
    period: Annotated[
        str,
        typer.Option(
            "--period", "--from", help="2023-24, 2023-24 Q2, 2023-09 or 2023-04-01..2023-12-31; the first of a --series"
        ),
    ],
    db: Db = api.DEFAULT_DB,
    ytd: Ytd = False,
    ids: Ids = None,
    la: LaChoice = None,
    config: Config = None,
    output: Annotated[Literal["table", "csv", "json"], typer.Option("--format", help="table, csv or json")] = "table",
    audience: Audience = "internal",
    series: Annotated[
        Literal["monthly", "quarterly", "yearly"] | None, typer.Option(help="A series from --from to --to.")
    ] = None,
    to: Annotated[str | None, typer.Option(help="The last period of a --series.")] = None,
    engine: EngineName = None,
    at: At = None,
    master: Master = None,
) -> None:
    """The results table: every indicator (or --ids) for a period, per LA."""
    found = api.indicators(period, db, ytd, _ids(ids), la, config, series, to, audience, _engine(engine, at, master))
    _emit(
        output,
        lambda: results_csv(found, with_la=la == "all"),
        lambda: results_json(found, with_la=la == "all"),
        lambda: results_table(found, api.titles(db, config)),
    )


@app.command()
def judge(
    period: Period_,
    db: Db = api.DEFAULT_DB,
    ytd: Ytd = False,
    ids: Ids = None,
    la: LaChoice = None,
    config: Config = None,
    output: Annotated[Literal["table", "csv", "json"], typer.Option("--format", help="table, csv or json")] = "table",
    audience: Audience = "internal",
    engine: EngineName = None,
    at: At = None,
    master: Master = None,
) -> None:
    """The results table with every judgement: target and RAG, direction of travel, England,
    region and statistical neighbours, rank and quartile band, 95% interval, SPC signal."""
    judged = api.judge(period, db, ytd, _ids(ids), la, config, audience, _engine(engine, at, master))
    _emit(
        output,
        lambda: judged_csv(judged, with_la=la == "all"),
        lambda: judged_json(judged, with_la=la == "all"),
        lambda: judgement_table(
            judged, api.titles(db, config), f"Judgements for {api.period(period, ytd).display_label}", console.width
        ),
    )


@app.command()
def report(
    period: Period_,
    out: Annotated[Path, typer.Option(help="Folder to write the report to.")],
    db: Db = api.DEFAULT_DB,
    ytd: Ytd = False,
    output: Annotated[
        str, typer.Option("--format", help="Formats, comma separated: html, pdf, docx, xlsx.")
    ] = "html,pdf,docx,xlsx",
    audience: Annotated[
        Literal["public", "internal"],
        typer.Option(help="public: small numbers suppressed, no child-level data; internal: adds exception lists."),
    ] = "public",
    la: LaChoice = None,
    config: Config = None,
    template: Annotated[Path | None, typer.Option(help="The LA's Word template (.docx), for house style.")] = None,
    engine: EngineName = None,
    at: At = None,
    master: Master = None,
) -> None:
    """The committee performance report: summary, sections, charts, narrative and glossary."""
    formats = [f.strip() for f in output.split(",") if f.strip()]
    with _progress() as progress:
        progress.add_task("Building the report", total=None)
        written = api.report(period, db, ytd, formats, audience, out, la, config, template, _engine(engine, at, master))
    for path in written:
        console.print(f"Written {path}", highlight=False)


@benchmarks_app.command("import")
def benchmarks_import(
    paths: Annotated[
        list[Path], typer.Argument(help="EES CSVs, the LAIT folder, neighbour models, or folders of them.")
    ],
    db: Db = api.DEFAULT_DB,
) -> None:
    """Import published figures: DfE EES statistics, the LAIT table, ONS population, the
    statistical neighbour models, or a synthetic benchmarks file. All or nothing."""
    with _progress() as progress:
        task = progress.add_task("Importing", total=None)
        reads = api.import_benchmarks(paths, db, lambda name: progress.update(task, description=f"Importing {name}"))
    print_all(console, import_table(reads))


@benchmarks_app.command("show")
def benchmarks_show(
    period: Period_,
    la: Annotated[str, typer.Option("--la", help="The LA's 3-digit or ONS code, e.g. 382 or E08000034.")],
    db: Db = api.DEFAULT_DB,
    ids: Ids = None,
    config: Config = None,
) -> None:
    """An LA's published figures for the latest year ended by the period, among England, its
    region, its statistical neighbours and all LAs (rank and quartile band), as LAIT shows them."""
    found = api.benchmarks(period, la, db, config, _ids(ids))
    print_all(console, benchmarks_table(la, found, api.titles(db, config)))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; keep 127.0.0.1 behind a TLS proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Db = api.DEFAULT_DB,
    config: Config = None,
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="Count deadlines from this day (YYYY-MM-DD), not the data's latest.")
    ] = None,
) -> None:
    """The live dashboard: overview, indicators and trackers, behind sign-in (add users
    with scorecard users add; there is no default account)."""
    import uvicorn  # only this command needs the server

    app = api.web_app(db, config, _date(as_at) if as_at else None)
    console.print(f"Serving {db} on http://{host}:{port}/ (Ctrl+C to stop)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@app.command()
def drill(
    indicator: Annotated[str, typer.Argument(help="The indicator's id, e.g. icpc_15wd.")],
    period: Period_,
    db: Db = api.DEFAULT_DB,
    ytd: Ytd = False,
    la: LaChoice = None,
    config: Config = None,
    output: Format = "table",
    engine: EngineName = None,
    at: At = None,
    master: Master = None,
) -> None:
    """The children behind a figure: the dates used, the duration, and whether each is in the
    numerator. Child-level data: for managers and analysts, never for publication."""
    columns, rows = api.drill(indicator, period, db, ytd, la, config, _engine(engine, at, master))
    if output == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        print_all(console, drill_table(indicator, columns, rows))


@app.command()
def export(
    engine: Annotated[Literal["postgres", "spark"], typer.Option("--engine", help="postgres or spark.")],
    at: Annotated[str, typer.Option("--at", help="postgres: a libpq connection string; spark: a folder to write.")],
    db: Db = api.DEFAULT_DB,
    config: Config = None,
) -> None:
    """Copy the store's tables to PostgreSQL (the scorecard schema) or to a folder of Parquet
    files for Spark, so that --engine can run the indicators there. Child-level data: the
    server or folder needs the same protection as the store."""
    with _progress() as progress:
        copied = api.export(BackendChoice(engine, at), db, config, _rows(progress, f"exporting to {engine}"))
    console.print(f"exported {len(copied)} tables, {sum(copied.values()):,} rows, to {engine}")


@app.command()
def definitions(
    output: Annotated[Literal["markdown", "html"], typer.Option("--format", help="markdown or html")] = "markdown",
    config: Config = None,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the screen.")] = None,
) -> None:
    """The glossary of every indicator, generated from the definitions, with the settings in force."""
    text = api.definitions(output, config)
    if out:
        out.write_text(text, encoding="utf-8")
        console.print(f"Written to {out}")
    else:
        sys.stdout.write(text)


def _emit(output: str, as_csv: Callable[[], str], as_json: Callable[[], str], table: Callable[[], Table]) -> None:
    """A table's CSV or JSON to standard output, or the Rich table to the console."""
    if output == "csv":
        sys.stdout.write(as_csv())
    elif output == "json":
        sys.stdout.write(as_json())
    else:
        print_all(console, table())


def _engine(name: str | None, at: str | None, master: str | None) -> BackendChoice | None:
    """The engine given on the command line, which replaces the config's; None: the config's."""
    if name is None:
        if at or master:
            raise BackendError("--at and --master go with --engine postgres or --engine spark")
        return None
    return BackendChoice(name, at, master or BackendChoice.master)


def _ids(ids: str | None) -> list[str] | None:
    return [i.strip() for i in ids.split(",") if i.strip()] if ids else None


def _size(size: str) -> api.Size:
    if size not in ("small", "medium", "large", "england"):
        raise typer.BadParameter(f"'{size}': choose small, medium, large or england", param_hint="--size")
    return size  # type: ignore[return-value]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date (YYYY-MM-DD)") from None


@contextmanager
def _progress() -> Iterator[Progress]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=errors, transient=True) as progress:
        yield progress


def _bar(progress: Progress, description: str) -> Callable[[int, int, str], None]:
    """A callback that moves a bar: (done, total, what is happening)."""
    task = progress.add_task(description, total=None)

    def tick(done: int, total: int, label: str) -> None:
        progress.update(task, completed=done, total=total, description=f"{description}: {label}")

    return tick


def _rows(progress: Progress, description: str) -> Callable[[str, int], None]:
    """A callback that shows rows read so far: (file, rows)."""
    task = progress.add_task(description, total=None)

    def loaded(path: str, rows: int) -> None:
        progress.update(task, description=f"{description} {Path(path).name}: {rows:,} rows")

    return loaded


def main() -> None:
    """Entry point: known problems get a plain message and exit code 1, never a traceback."""
    try:
        app()
    except KNOWN_ERRORS as error:
        errors.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except Exception as error:
        if os.environ.get("SCORECARD_DEBUG"):
            raise
        errors.print(
            f"[red]internal error:[/] {error!r}. Set SCORECARD_DEBUG=1 to see where.",
            highlight=False,
        )
        sys.exit(2)
