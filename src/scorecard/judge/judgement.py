"""Every figure of a period judged: against its target (RAG), the previous period and
the same period last year, England, the region and the statistical neighbours, its
rank and quartile band among all LAs, its confidence interval and the signals of its
monthly series. Judgements compare figures as the report shows them (rounded), so a
figure shown as 85.0% against a target of 85% is green.

A yearly figure (a workforce census's or an annual cohort's, `Definition.yearly`) is the
same in every period until the next census or cohort, so "last quarter" is the same
figure or, across a 31 March, silently another year's. Its previous figure is the year
before's, the previous census or cohort (the figure of the same period last year); that
is also the year-ago comparison, so it is given once, as the previous figure, and the
year ago is left empty. It has no monthly signal either: its months are one figure
repeated, which the SPC rules would read as runs."""

from __future__ import annotations

from dataclasses import dataclass

from scorecard import indicators
from scorecard.config import Config
from scorecard.dates import Period, financial_year_label
from scorecard.dates.periods import previous_period, same_period_last_year
from scorecard.dates.periods import series as period_series
from scorecard.dates.spans import add_months
from scorecard.indicators.results import Result, Withheld, presented
from scorecard.judge.benchmarks import Benchmarks, Comparison
from scorecard.judge.interval import differs, wilson
from scorecard.judge.polarity import change_word
from scorecard.judge.spc import SpcResult, judge_series
from scorecard.judge.suppress import for_audience
from scorecard.judge.targets import Target, rag
from scorecard.store.database import Store

SERIES_MONTHS = 24  # the monthly series behind the signals: two years, enough for stable limits


@dataclass(frozen=True)
class Judgement:
    result: Result
    polarity: str
    target: Target | None
    rag: str | None
    previous: Result | None  # the previous period's figure; for a yearly figure, the year before's
    vs_previous: str | None
    last_year: Result | None  # the same period last year's; None for a yearly figure (that is `previous`)
    vs_last_year: str | None
    interval: tuple[float, float] | None
    beyond_noise: bool | None  # the previous figure lies outside this one's 95% interval
    signal: SpcResult | None
    months: tuple[tuple[str, float | Withheld | None], ...]  # the monthly series behind the signal
    comparison: Comparison | None
    note: str  # why a judgement is missing, where that is not plain from the figures
    yearly: bool = False  # a census's or cohort's figure (`Definition.yearly`): `previous` is the year before's


def judge(
    store: Store,
    period: Period,
    config: Config,
    la_codes: list[str],
    ids: list[str] | None = None,
    audience: str = "internal",
) -> list[Judgement]:
    compared = (previous_period(period), same_period_last_year(period))
    months = _months(period)
    # One run of the engine for the period, the two it is compared with and the months of
    # its signals: each query then runs once for all of them.
    results = _results(
        store, _distinct([period, *(p for p in compared if p), *months]), ids, la_codes, config, audience
    )
    held = {_key(r): r for r in results}
    polarity = indicators.polarities(store, config)
    catalogue = indicators.definitions(config)
    yearly = {d.id for d in catalogue.values() if d.yearly}
    flows = {d.id for d in catalogue.values() if d.kind == "flow"}
    benchmarks = {la: Benchmarks(store.con, la, config) for la in la_codes}
    judged = []
    for r in results:
        if (r.period_start, r.period_end) != (period.start, period.end):
            continue
        # A yearly figure's previous one is the year before's: see the module's docstring.
        against = (compared[1], None) if r.indicator_id in yearly else compared
        before = [held.get(_key(r, p)) if p else None for p in against]
        monthly = None if r.indicator_id in yearly else [(m.label, _figure(held.get(_key(r, m)))) for m in months]
        not_compared = _not_compared(r, r.indicator_id in flows, period)
        seen = None if not_compared else benchmarks[r.la_code]
        judged.append(
            _judge(
                r,
                polarity.get(r.indicator_id, "none"),
                config,
                before,
                monthly,
                seen,
                not_compared,
                r.indicator_id in yearly,
            )
        )
    return judged


def _not_compared(r: Result, flow: bool, period: Period) -> str:
    """Why the figure is not set against published ones, or "" when it is. Published
    figures are yearly and for whole LAs: a count says more about an LA's size than its
    practice, and a quarter's flow (referrals per 10,000) is a fraction of a year's."""
    if r.breakdown:
        return "breakdowns are not benchmarked"
    if r.unit == "count":
        return "counts are not compared between LAs of different sizes"
    if flow and r.unit == "rate_per_10k" and period.days < 365:
        return "published rates are for a whole year: compare the year's figure"
    return ""


def _results(
    store: Store, periods: list[Period], ids: list[str] | None, la_codes: list[str], config: Config, audience: str
) -> list[Result]:
    results = indicators.compute(store, periods, ids, la_codes, config)
    return for_audience(results, audience, config.suppression_threshold)


def _distinct(periods: list[Period]) -> list[Period]:
    """The periods without repeats of the same dates (a month judged is also the last
    month of its series); the first, with its own label, is kept."""
    seen: dict[tuple, Period] = {}
    for p in periods:
        seen.setdefault((p.start, p.end), p)
    return list(seen.values())


def _figure(result: Result | None) -> float | Withheld | None:
    return result.figure if result else None


def _months(period: Period) -> list[Period]:
    first = add_months(period.end.replace(day=1), 1 - SERIES_MONTHS)
    whole = Period("", first, period.end, "range")
    return [p for p in period_series("monthly", whole, whole) if p.end <= period.end]


def _key(result: Result, period: Period | None = None) -> tuple:
    start, end = (period.start, period.end) if period else (result.period_start, result.period_end)
    return (result.indicator_id, result.la_code, result.breakdown, start, end)


def _judge(
    r: Result,
    polarity: str,
    config: Config,
    before: list[Result | None],
    monthly: list[tuple[str, float | Withheld | None]] | None,
    benchmarks: Benchmarks | None,
    not_compared: str,
    yearly: bool,
) -> Judgement:
    value = shown(r.value, r.unit)
    target = config.target_for(r.indicator_id, financial_year_label(r.period_end)) if not r.breakdown else None
    previous, last_year = before
    interval = _interval(r)
    # The signals read the numbers: a withheld month is a gap, as a missing one is.
    numbers = [None if isinstance(v, Withheld) else v for _, v in monthly or ()]
    return Judgement(
        result=r,
        polarity=polarity,
        target=target,
        rag=rag(value, target, polarity) if target and value is not None else None,
        previous=previous,
        vs_previous=_change(value, previous, polarity),
        last_year=last_year,
        vs_last_year=_change(value, last_year, polarity),
        interval=interval,
        beyond_noise=differs(interval, previous.value)
        if interval and previous and previous.value is not None
        else None,
        signal=judge_series(numbers, polarity) if any(v is not None for v in numbers) else None,
        months=tuple(monthly or ()),
        comparison=benchmarks.compare(r.indicator_id, r.period_end, value, polarity) if benchmarks else None,
        note=not_compared,
        yearly=yearly,
    )


def shown(value: float | None, unit: str) -> float | None:
    """The figure as a report shows it: counts whole, everything else to 1 decimal place."""
    return None if value is None else presented(value, unit)


def _change(value: float | None, other: Result | None, polarity: str) -> str | None:
    earlier = shown(other.value, other.unit) if other else None
    if value is None or earlier is None:
        return None
    return change_word(value, earlier, polarity)


def _interval(r: Result) -> tuple[float, float] | None:
    """The 95% interval of a percentage of children (or records): not of full-time
    equivalents, whose parts are not counts of anything that could vary by chance."""
    if r.unit != "percent" or r.numerator is None or not r.denominator:
        return None
    if not (float(r.numerator).is_integer() and float(r.denominator).is_integer()):
        return None
    return wilson(int(r.numerator), int(r.denominator))
