"""What a committee report holds, whatever its format: the front summary, a section
per area of practice with each indicator's figure, judgements, narrative and charts,
breakdown charts, the glossary, and (for managers only) the exception lists. Every
format renders this one model, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from scorecard import indicators
from scorecard.config import Config
from scorecard.dates import Period, parse_period
from scorecard.dates.periods import each_year
from scorecard.dates.periods import series as period_series
from scorecard.dates.spans import add_months
from scorecard.indicators.definition import SECTIONS
from scorecard.indicators.glossary import glossary_sections
from scorecard.indicators.results import Result
from scorecard.judge.benchmarks import Benchmarks
from scorecard.judge.judgement import Judgement, judge
from scorecard.judge.suppress import SECONDARY, fewer_than, for_audience
from scorecard.outputs import charts
from scorecard.outputs.exceptions import ExceptionList, exception_lists
from scorecard.outputs.narrative import Summary, describe, load_wording, summarise
from scorecard.outputs.notes import DataNotes, data_notes
from scorecard.published.mapping import mapping
from scorecard.store.database import Store

# RAG and direction of travel in words, the same in every format, so they never rely on colour.
RAG_WORDS = {"green": "Green: meets the target", "amber": "Amber: within tolerance", "red": "Red: misses the target"}
TRAVEL_WORDS = {
    "improved": "Improved",
    "declined": "Declined",
    "no change": "No change",
    "increased": "Increased",
    "decreased": "Decreased",
}
TREND_POINTS = 8  # quarters (or years) in a trend chart: two years of quarters
COMPARISON_COLUMNS = ("Comparison", "Figure", "Judgement")


@dataclass(frozen=True)
class Entry:
    indicator_id: str
    title: str
    unit: str
    judgement: Judgement
    text: str
    charts: tuple[charts.Chart, ...]

    @property
    def of(self) -> str:
        """What the figure is of: its period and, for a yearly figure, its census or cohort."""
        r = self.judgement.result
        return f"{r.period}, {r.year}" if r.year else r.period

    @property
    def travel(self) -> str:
        """The direction of travel in words, naming what it is against ("Improved since
        2025-26 Q3", "No change since 2024 census"), or "" where there is none."""
        j = self.judgement
        if not (j.vs_previous and j.previous):
            return ""
        return f"{TRAVEL_WORDS[j.vs_previous]} since {j.previous.of}"

    @property
    def comparisons(self) -> list[tuple[str, str, str]]:
        """The rows of the indicator's figures and comparisons table, as COMPARISON_COLUMNS."""
        j, r, c = self.judgement, self.judgement.result, self.judgement.comparison
        rows = [(f"{self.of} (this period)", shown_figure(r), "")]
        if j.target:
            rows.append(("Target", charts.format_figure(j.target.value, r.unit), RAG_WORDS.get(j.rag or "", "")))
        for label, compared, travel in (
            ("The year before" if j.yearly else "Previous period", j.previous, j.vs_previous),
            ("Same period last year", j.last_year, j.vs_last_year),
        ):
            if compared:
                rows.append((f"{label}, {compared.of}", shown_figure(compared), TRAVEL_WORDS.get(travel or "", "")))
        if c:
            england = f"England {c.year}" + (" (synthetic)" if c.synthetic else "")
            rows += [
                (england, charts.format_figure(c.england, r.unit), ""),
                (f"Region {c.year}", charts.format_figure(c.region, r.unit), ""),
                (f"Statistical neighbours' average {c.year}", charts.format_figure(c.neighbours_mean, r.unit), ""),
            ]
            if c.rank:
                rows.append((f"Rank among LAs {c.year}", f"{c.rank} of {c.rank_of}", "1 is the best"))
            if c.quartile_band:
                rows.append((f"Quartile band {c.year}", c.quartile_band, "A is the best quarter, D the worst"))
        return rows


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    entries: tuple[Entry, ...]
    breakdowns: tuple[charts.Chart, ...]


@dataclass(frozen=True)
class Report:
    la_code: str
    la_name: str
    period: Period
    audience: str
    threshold: int  # public reports: numbers below it are not shown
    summary: Summary
    sections: tuple[Section, ...]
    glossary: list
    exceptions: tuple[ExceptionList, ...]
    judged: tuple[Judgement, ...]
    notes: DataNotes

    @property
    def title(self) -> str:
        return f"{self.la_name}: children's services performance, {self.period.display_label}"

    @property
    def privacy(self) -> str:
        """What the version leaves out and how it says so, the same in every format."""
        if self.audience != "public":
            return "Internal version: includes lists of children for managers. Not for publication."
        return (
            f"Published version: to protect children's privacy, a number of children under {self.threshold} is "
            f'shown as "{fewer_than(self.threshold)}", and a figure from which one could be worked out by '
            f'subtraction as "{SECONDARY}". Figures about staff are shown in full.'
        )

    @property
    def charts(self) -> list[charts.Chart]:
        return [c for s in self.sections for c in (*(c for e in s.entries for c in e.charts), *s.breakdowns)]


def shown_figure(result: Result) -> str:
    """The figure as text: what the public is shown instead ("fewer than 5"), or the figure."""
    return charts.format_figure(result.figure, result.unit)


def build(store: Store, period: Period, config: Config, la_code: str, audience: str) -> Report:
    judged = judge(store, period, config, [la_code], audience=audience)
    catalogue = indicators.definitions(config)
    titles = indicators.titles(store, config)
    wording = load_wording()
    region = _region_name(store, la_code, config)
    trends = _trends(store, period, config, la_code, audience, {d.id for d in catalogue.values() if d.yearly})
    headline = [j for j in judged if j.result.breakdown is None]
    sections = []
    for key, section_title in SECTIONS.items():
        in_section = [j for j in headline if _section(j, catalogue) == key]
        entries = tuple(
            Entry(
                j.result.indicator_id,
                titles.get(j.result.indicator_id, j.result.indicator_id),
                j.result.unit,
                j,
                describe(j, titles.get(j.result.indicator_id, j.result.indicator_id), region, wording),
                _charts(j, titles.get(j.result.indicator_id, j.result.indicator_id), trends, config),
            )
            for j in in_section
        )
        breakdowns = _breakdowns(store, period, config, la_code, audience, judged, titles, key, catalogue)
        if entries or breakdowns:
            sections.append(Section(key, section_title, entries, breakdowns))
    return Report(
        la_code=la_code,
        la_name=config.name or f"LA {la_code}",
        period=period,
        audience=audience,
        threshold=config.suppression_threshold,
        summary=summarise(
            [(j, titles.get(j.result.indicator_id, "")) for j in headline],
            period.display_label,
            config.name or f"LA {la_code}",
            wording,
        ),
        sections=tuple(sections),
        glossary=glossary_sections(catalogue, config),
        exceptions=exception_lists(store, period, config, la_code) if audience == "internal" else (),
        judged=tuple(judged),
        notes=data_notes(store, la_code, audience, headline, titles),
    )


def _section(j: Judgement, catalogue: dict) -> str:
    definition = catalogue.get(j.result.indicator_id)
    return definition.section if definition else "local"


def _region_name(store: Store, la_code: str, config: Config) -> str | None:
    """The region's name for the narrative ("the North East average")."""
    return mapping().regions.get(Benchmarks(store.con, la_code, config).region or "")


def _trends(
    store: Store, period: Period, config: Config, la_code: str, audience: str, yearly: set[str]
) -> dict[str, list[tuple[str, float | None]]]:
    """Each indicator's figures over the quarters (or years) up to the period. A yearly
    figure (`yearly`, the ids of a census's or a cohort's) is the same in every quarter of
    its year, so it has one point a year, named by its census or cohort: the period and
    the same period in the years before (as it is judged against the year before's),
    from the first year with a figure."""
    step = "yearly" if period.kind == "year" else "quarterly"
    months = 12 if step == "yearly" else 3
    first = Period("", add_months(period.end + timedelta(days=1), -months * TREND_POINTS), period.end, "range")
    periods = [p for p in period_series(step, first, first) if p.end <= period.end]
    years = each_year(period, TREND_POINTS)
    # One run of the engine for both, so each query runs once.
    asked = list({(p.start, p.end): p for p in [*periods, *years]}.values())
    results = for_audience(
        indicators.compute(store, asked, None, [la_code], config), audience, config.suppression_threshold
    )
    wanted = {(p.start, p.end) for p in periods}
    once_a_year = {(p.start, p.end) for p in years}
    found: dict[str, list[tuple[date, str, charts.Figure]]] = {}
    for r in results:
        dates = (r.period_start, r.period_end)
        if r.breakdown is None and dates in (once_a_year if r.indicator_id in yearly else wanted):
            found.setdefault(r.indicator_id, []).append((r.period_end, r.of, r.figure))
    trends = {}
    for indicator_id, points in found.items():
        ordered = [(label, figure) for _, label, figure in sorted(points, key=lambda p: p[0])]
        if indicator_id in yearly:
            # Years before the first census or cohort loaded are not gaps in the series.
            known = [i for i, (_, figure) in enumerate(ordered) if charts.known(figure)]
            ordered = ordered[known[0] :] if known else []
        trends[indicator_id] = ordered
    return trends


def _charts(j: Judgement, title: str, trends: dict[str, list], config: Config) -> tuple[charts.Chart, ...]:
    r, c = j.result, j.comparison
    made = []
    points = trends.get(r.indicator_id, [])
    if sum(charts.known(v) for _, v in points) >= 2:  # one point is not a trend
        england = c.england if c else None
        label = f"England {c.year}" + (" (synthetic)" if c and c.synthetic else "") if c else "England"
        target = j.target.value if j.target else None
        made.append(charts.trend(title, r.unit, points, target, england, label, yearly=j.yearly))
    if c and r.value is not None and any(v is not None for _, v in c.neighbour_values):
        made.append(
            charts.neighbours(
                f"{title}: statistical neighbours",
                r.unit,
                config.name or r.la_code,
                r.value,
                c.neighbour_values,
                c.england,
            )
        )
    # A control chart where the monthly series shows special cause variation: elsewhere
    # the narrative says the change is within normal variation, and the chart would
    # only repeat the trend's story at twice the length.
    control = control_chart(j, title)
    if control and j.signal and j.signal.signals:
        made.append(control)
    return tuple(made)


def control_chart(j: Judgement, title: str) -> charts.Chart | None:
    """The XmR chart of the figure's monthly series, when it has process limits."""
    if not (j.signal and j.signal.limits and j.months):
        return None
    limits = j.signal.limits
    return charts.spc(
        f"{title}: monthly, with process limits",
        j.result.unit,
        list(j.months),
        limits.mean,
        limits.lower,
        limits.upper,
        sorted({s.index for s in j.signal.signals}),
    )


def _breakdowns(store, period, config, la_code, audience, judged, titles, key, catalogue) -> tuple[charts.Chart, ...]:
    """Bar charts of the section's breakdown indicators (plans by category of abuse,
    children looked after by placement type...) and the workforce's starters and leavers."""
    made = []
    rows: dict[str, list[Result]] = {}
    for j in judged:
        if j.result.breakdown is not None and _section(j, catalogue) == key:
            rows.setdefault(j.result.indicator_id, []).append(j.result)
    for indicator_id, found in rows.items():
        if indicator_id == "sw_starters_leavers":
            continue
        title = titles.get(indicator_id, indicator_id)
        unit = found[0].unit
        made.append(charts.bars(f"{title}, {period.display_label}", unit, [(r.breakdown, r.figure) for r in found]))
    if key == "workforce":
        chart = _starters_leavers(store, period, config, la_code, audience, titles)
        if chart:
            made.append(chart)
    return tuple(made)


def _starters_leavers(store, period, config, la_code, audience, titles) -> charts.Chart | None:
    """Starters and leavers by month over the 12 months to the latest workforce census
    on or before the period's end (30 September)."""
    census = date(period.end.year if period.end.month >= 9 else period.end.year - 1, 9, 30)
    year = parse_period(f"{census.year - 1}-10-01..{census.isoformat()}")
    results = for_audience(
        indicators.compute(store, [year], ["sw_starters_leavers"], [la_code], config),
        audience,
        config.suppression_threshold,
    )
    months: dict[str, dict[str, float | None]] = {}
    for r in results:
        if r.breakdown:
            month, kind = r.breakdown.split(" ", 1)
            months.setdefault(month, {})[kind] = r.value
    if not months:
        return None
    title = f"{titles.get('sw_starters_leavers', 'Starters and leavers')}, 12 months to {census:%d %B %Y}"
    return charts.starters_leavers(title, [(m, v.get("starters"), v.get("leavers")) for m, v in sorted(months.items())])
