"""How the command line shows results: Rich tables, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from scorecard.api import StoreSummary
from scorecard.ingest.load import LoadReport
from scorecard.synth import AuthorityReport

STATUS_STYLE = {"loaded": "green", "unchanged": "cyan", "skipped": "dim", "failed": "red"}
MAX_FINDINGS_SHOWN = 10


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
    table = Table(title=f"Load {report.load_id}: rows read = loaded + quarantined", title_justify="left")
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
    findings = [f for file in report.files for f in file.findings]
    lines: list[object] = [table]
    if findings:
        shown = Table(title=f"Findings ({len(findings):,})", title_justify="left", show_header=False)
        shown.add_column("finding")
        for f in findings[:MAX_FINDINGS_SHOWN]:
            shown.add_row(f"[{'red' if f.severity == 'error' else 'yellow'}]{f.severity}[/] {f}")
        if len(findings) > MAX_FINDINGS_SHOWN:
            shown.add_row(f"... {len(findings) - MAX_FINDINGS_SHOWN:,} more: see the quarantine table")
        lines.append(shown)
    return Group(*lines)


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
