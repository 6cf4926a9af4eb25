"""How the command line shows judgements and imported benchmarks: Rich tables."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from scorecard.cli.render import figure_text
from scorecard.judge.benchmarks import Comparison
from scorecard.judge.judgement import Judgement
from scorecard.published.figures import Read

RAG_STYLE = {"green": "green", "amber": "yellow", "red": "red"}
TRAVEL = {
    "improved": "better",
    "declined": "worse",
    "no change": "same",
    "increased": "up",
    "decreased": "down",
}
WIDE = ("figure", "target", "vs last", "vs year ago", "England", "neighbours", "band", "signal")
NARROW = ("figure", "target", "vs last", "England", "band")
WIDE_FROM = 120  # columns of the screen
SIGNAL = {
    "special cause improvement": "improving",
    "special cause concern": "concern",
    "special cause variation": "special cause",
    "common cause": "common cause",
}


def judgement_table(judged: list[Judgement], titles: dict[str, str], title: str, width: int = 160) -> Table:
    """One line per figure (breakdowns are in the CSV): the figure, its target, its
    direction of travel, England, the neighbours, its band and its signal; on a
    narrow screen only the first of each (the CSV and JSON hold everything). The
    benchmarks' year is in the caption."""
    table = Table(title=title, title_justify="left", caption=_years(judged), caption_justify="left")
    columns = WIDE if width >= WIDE_FROM else NARROW
    table.add_column("indicator", min_width=20)
    for column in columns:
        table.add_column(column, justify="right" if column in ("figure", "England", "neighbours") else "left")
    for j in judged:
        if j.result.breakdown is None:
            cells = _cells(j)
            table.add_row(titles.get(j.result.indicator_id, j.result.indicator_id), *(cells[c] for c in columns))
    return table


def _cells(j: Judgement) -> dict[str, str]:
    r, c = j.result, j.comparison

    def published(value: float | None) -> str:
        return figure_text(value, r.unit).replace(" per 10k", "/10k") if value is not None else ""

    return {
        "figure": r.shown or published(r.value) or "-",
        "target": _target(j),
        "vs last": TRAVEL.get(j.vs_previous or "", "") + (" ~" if j.beyond_noise is False else ""),
        "vs year ago": TRAVEL.get(j.vs_last_year or "", ""),
        "England": published(c.england if c else None),
        "neighbours": published(c.neighbours_mean if c else None),
        "band": c.quartile_band or "" if c else "",
        "signal": SIGNAL.get(j.signal.variation, "") if j.signal else "",
    }


def _target(j: Judgement) -> str:
    if not j.target:
        return ""
    rag = f" [{RAG_STYLE[j.rag]}]{j.rag}[/]" if j.rag else ""
    return f"{figure_text(j.target.value, j.result.unit)}{rag}"


def _years(judged: list[Judgement]) -> str:
    years = sorted({(j.comparison.year, j.comparison.synthetic) for j in judged if j.comparison})
    described = ", ".join(f"{year}{' (synthetic)' if synthetic else ''}" for year, synthetic in years)
    key = (
        "vs last: against the previous period (a census's or cohort's figure: the year before's), "
        "~ within its 95% interval; band: A best quarter of LAs to D"
    )
    return f"Benchmarks: {described or 'none'}. {key}."


def import_table(reads: list[Read]) -> Table:
    """Per file: what it was taken to be, rows read, figures stored and those not available."""
    table = Table(title="Benchmarks imported", title_justify="left")
    table.add_column("file", overflow="fold")
    for column in ("taken as", "rows read", "figures", "not available", "other rows", "note"):
        table.add_column(column, justify="right" if column in ("rows read", "figures", "other rows") else "left")
    for read in reads:
        stored = len(read.figures) + len(read.population) + len(read.neighbours)
        missing = ", ".join(f"{code or 'empty'} {count:,}" for code, count in sorted(read.not_available.items()))
        table.add_row(
            Path(read.path).name,
            read.kind,
            f"{read.rows_read:,}",
            f"{stored:,}",
            missing,
            f"{read.rows_not_used:,}",
            read.note,
        )
    return table


def benchmarks_table(la: str, compared: list[tuple[str, str, Comparison]], titles: dict[str, str]) -> Table:
    """The LA's published figures among England, its region, its neighbours and all LAs."""
    table = Table(title=f"Published figures for LA {la}", title_justify="left")
    for column in ("indicator", "year", "LA", "England", "region", "neighbours mean", "median", "rank", "band"):
        table.add_column(column)
    for indicator_id, unit, c in compared:
        rank = f"{c.published_rank} of {c.rank_of or ''}".strip() if c.published_rank else ""
        table.add_row(
            titles.get(indicator_id, indicator_id),
            c.year + (" (synthetic)" if c.synthetic else ""),
            *(
                figure_text(v, unit) if v is not None else ""
                for v in (c.published, c.england, c.region, c.neighbours_mean, c.neighbours_median)
            ),
            rank,
            c.published_band or "",
        )
    return table
