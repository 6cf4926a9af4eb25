"""How the command line shows results: Rich tables, nothing else."""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from scorecard.api import StoreSummary
from scorecard.findings import Finding
from scorecard.indicators.breaks import SeriesBreak, SeriesCheck
from scorecard.indicators.results import EXCLUDED, Result, rounded
from scorecard.ingest.load import LoadReport
from scorecard.store.summary import LoadedFile
from scorecard.synth import AuthorityReport

STATUS_STYLE = {"loaded": "green", "unchanged": "cyan", "skipped": "dim", "failed": "red"}
MAX_FINDINGS_SHOWN = 10
MAX_FILES_LISTED = 60  # more files than this are summed per kind and year
SUFFIX = {"percent": "%", "rate_per_10k": " per 10k", "days": " days"}


def synth_table(reports: list[AuthorityReport]) -> Table:
    table = Table(title="Synthetic local authorities written", title_justify="left")
    for column in (
        "LA",
        "year",
        "children in CIN census",
        "referrals",
        "903 episodes",
        "903 children",
        "workers (CSWW)",
    ):
        table.add_column(column, justify="right" if column not in ("LA", "year") else "left")
    for report in reports[:12]:
        for year in report.years:
            table.add_row(
                f"{report.la_code} {report.name}",
                year.year,
                f"{year.cin_children:,}",
                f"{year.referrals:,}",
                f"{year.cla_episodes:,}",
                f"{year.ssda903_children:,}",
                f"{year.workers:,}",
            )
    if len(reports) > 12:
        table.caption = f"... and {len(reports) - 12} more LAs (see synth.json)"
    return table


def load_table(report: LoadReport) -> Group | Text:
    if report.load_id is None and not report.failed:
        unchanged = sum(f.status == "unchanged" for f in report.files)
        return Text(f"Nothing new to load: {unchanged} files were already loaded with the same content.")
    return _files(report, f"Load {report.load_id}: rows read = loaded + quarantined")


def validation_table(report: LoadReport) -> Group:
    return _files(report, "Validation (nothing loaded): rows read = would be loaded + would be quarantined")


def _files(report: LoadReport, title: str) -> Group:
    table = _by_kind(report, title) if len(report.files) > MAX_FILES_LISTED else _each_file(report, title)
    lines: list[object] = [table]
    if report.findings:
        lines.append(findings_table(report.findings, MAX_FINDINGS_SHOWN))
    return Group(*lines)


def _each_file(report: LoadReport, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("file", "taken to be", "LA", "year", "read", "loaded", "quarantined", "status"):
        table.add_column(column, justify="right" if column in ("read", "loaded", "quarantined") else "left")
    base = _common_folder([f.path for f in report.files])
    if base:
        table.caption = f"files under {base}"
    for file in report.files:
        info = file.info
        status = file.status + (", replaced an earlier copy" if file.replaced else "")
        table.add_row(
            str(file.path.resolve().relative_to(base) if base else file.path),
            info.kind if info else "-",
            (info.la_code or "") if info else "",
            (info.collection_year or "") if info else "",
            f"{file.rows_read:,}",
            f"{file.rows_loaded:,}",
            f"{file.rows_quarantined:,}",
            f"[{STATUS_STYLE[file.status]}]{status}[/]",
        )
    return table


def _by_kind(report: LoadReport, title: str) -> Table:
    """Too many files to list one by one (a regional or national load): the same
    account summed per kind of file and year; `scorecard loads` lists every file."""
    groups: dict[tuple[str, str], list] = {}
    for file in report.files:
        key = (file.info.kind if file.info else "-", (file.info.collection_year or "") if file.info else "")
        groups.setdefault(key, []).append(file)
    table = Table(title=title, title_justify="left", caption=f"{len(report.files):,} files; each one: scorecard loads")
    for column in ("taken to be", "year", "files", "LAs", "read", "loaded", "quarantined", "status"):
        table.add_column(column, justify="left" if column in ("taken to be", "year", "status") else "right")
    for (kind, year), files in sorted(groups.items()):
        statuses = Counter(f.status for f in files)
        table.add_row(
            kind,
            year,
            f"{len(files):,}",
            f"{len({f.info.la_code for f in files if f.info}):,}",
            f"{sum(f.rows_read for f in files):,}",
            f"{sum(f.rows_loaded for f in files):,}",
            f"{sum(f.rows_quarantined for f in files):,}",
            ", ".join(f"[{STATUS_STYLE[status]}]{status} {n:,}[/]" for status, n in statuses.most_common()),
        )
    return table


def findings_table(findings: list[Finding], limit: int | None = None) -> Table:
    counts = Counter(f.code for f in findings)
    summary = ", ".join(f"{code} {n:,}" for code, n in counts.most_common())
    table = Table(title=f"Findings ({len(findings):,}: {summary})", title_justify="left")
    for column in ("severity", "file", "where", "child", "field", "value", "rule", "message"):
        table.add_column(column, overflow="fold")
    for f in findings[:limit]:
        colour = "red" if f.severity == "error" else "yellow"
        table.add_row(
            f"[{colour}]{f.severity}[/]",
            Path(f.file).name,
            f.location,
            f.child_id or "",
            f.field or "",
            f.value or "",
            f.code,
            f.message,
        )
    if limit is not None and len(findings) > limit:
        table.caption = f"... and {len(findings) - limit:,} more: scorecard findings, or --format csv, lists them all"
    return table


def findings_csv(findings: list[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("file", "location", "child_id", "field", "value", "rule", "severity", "message"))
    for f in findings:
        writer.writerow((f.file, f.location, f.child_id, f.field, f.value, f.code, f.severity, f.message))
    return buffer.getvalue()


def loads_table(files: list[LoadedFile]) -> Table:
    table = Table(title="Loads: every file, rows read = loaded + quarantined", title_justify="left")
    for column in ("load", "started", "file", "kind", "LA", "year", "read", "loaded", "quarantined", "replaced"):
        table.add_column(column, justify="right" if column in ("read", "loaded", "quarantined") else "left")
    for f in files:
        table.add_row(
            str(f.load_id),
            f.started_at.strftime("%Y-%m-%d %H:%M"),
            f.path,
            f.kind,
            f.la_code or "",
            f.collection_year or "",
            f"{f.rows_read:,}",
            f"{f.rows_loaded:,}",
            f"{f.rows_quarantined:,}",
            "replaced" if f.replaced else "",
        )
    return table


def series_table(checks: list[SeriesCheck], breaks: list[SeriesBreak]) -> Group:
    """The series checks made after loads, and the breaks the latest of each LA found."""
    table = Table(
        title="Series check after each load: every indicator's base, quarter by quarter", title_justify="left"
    )
    for column in ("load", "LA", "quarters", "figures", "breaks"):
        table.add_column(column, justify="right" if column in ("figures", "breaks") else "left")
    for c in checks:
        table.add_row(
            str(c.load_id), c.la_code, f"{c.first_period} to {c.last_period}", f"{c.figures:,}", f"{c.breaks:,}"
        )
    parts: list[object] = [table]
    if breaks:
        found = Table(title=f"Breaks in series ({len(breaks):,}): check before publishing", title_justify="left")
        for column in ("LA", "indicator", "quarter", "what changed, and the likely cause"):
            found.add_column(column, overflow="fold")
        for b in breaks:
            found.add_row(b.la_code, b.indicator_id, b.period, b.message)
        parts.append(found)
    elif checks:
        parts.append(Text("No break in any series."))
    return Group(*parts)


def _common_folder(paths: list[Path]) -> Path | None:
    if len(paths) < 2:
        return None
    common = Path(os.path.commonpath([p.resolve() for p in paths]))
    return common if common != Path(common.anchor) else None


def summary_tables(summary: StoreSummary) -> Group:
    tables = Table(title=f"Store {summary.path}: rows per table", title_justify="left")
    for column in ("table", "LA", "current records", "copies kept"):
        tables.add_column(column, justify="left" if column in ("table", "LA") else "right")
    for count in summary.tables:
        tables.add_row(count.table, count.la_code, f"{count.rows:,}", f"{count.copies:,}")
    parts: list[object] = [tables]
    for la, events in summary.yearly.items():
        years = sorted({y for counts in events.values() for y in counts})[-8:]
        yearly = Table(title=f"LA {la}: events by financial year", title_justify="left")
        yearly.add_column("event")
        for year in years:
            yearly.add_column(year, justify="right")
        for event, counts in events.items():
            yearly.add_row(event, *(f"{counts.get(y, 0):,}" for y in years))
        parts.append(yearly)
    return Group(*parts)


def print_all(console: Console, *renderables: object) -> None:
    for renderable in renderables:
        console.print(renderable)
        console.print()


def results_table(results: list[Result], titles: dict[str, str]) -> Table:
    table = Table(title="Indicators", title_justify="left")
    for column in ("indicator", "period", "breakdown", "value", "numerator", "denominator", "unit", "note"):
        table.add_column(column, justify="right" if column in ("value", "numerator", "denominator") else "left")
    for r in results:
        table.add_row(
            titles.get(r.indicator_id, r.indicator_id),
            r.period,
            r.breakdown or "",
            r.shown or rounded(r.value, r.unit),
            _number(r.numerator),
            _number(r.denominator),
            r.unit,
            r.note,
        )
    return table


# A drill-down is for one LA, and in_numerator/in_denominator repeat numerator/denominator.
DRILL_HIDDEN = ("la_code", "in_numerator", "in_denominator")


def drill_table(indicator_id: str, columns: list[str], rows: list[tuple]) -> Table:
    reasons = Counter(row[columns.index(EXCLUDED)] for row in rows) if EXCLUDED in columns else Counter()
    left_out = sum(n for reason, n in reasons.items() if reason is not None)
    title = f"{indicator_id}: the {len(rows) - left_out:,} records behind the figure"
    if left_out:
        title += f", and {left_out:,} considered and left out"
    table = Table(title=f"{title} (not for publication)", title_justify="left")
    if left_out:
        table.caption = "Left out: " + "; ".join(
            f"{n:,} {reason}" for reason, n in sorted(reasons.items(), key=lambda item: -item[1]) if reason is not None
        )
        table.caption_justify = "left"
    # On screen, only what tells rows apart: the CSV keeps every column.
    shown = [
        i for i, column in enumerate(columns) if column not in DRILL_HIDDEN and any(row[i] is not None for row in rows)
    ]
    for i in shown:
        table.add_column(columns[i])
    for row in rows:
        table.add_row(*("" if row[i] is None else str(row[i]) for i in shown))
    return table


def figure_text(value: float | None, unit: str) -> str:
    """A figure with its unit, as a reader wants it: 21.6%, 573.0 per 10k, 2,217."""
    if value is None:
        return "-"
    return f"{rounded(value, unit)}{SUFFIX.get(unit, '')}"


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
