"""Breaks in a series: after every load, each indicator's base (its denominator, or
its count) is followed quarter by quarter over the collection years loaded, and a
quarter whose base halves or doubles against the quarters before it, beyond what
chance explains, is reported with its likely cause. A real change in practice rarely
halves a figure's base in a quarter; a return loaded wrongly, an extract that stops,
or records that lost a link (conferences re-sent without their enquiry) do.

The cause is read from the records the definition considered: when the share of them
left out changed, the reason most of them were left out is named; when the records
considered changed as much as the base, the data behind the figure did."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from scorecard.config import Config
from scorecard.dates.periods import parse_period, series
from scorecard.findings import Finding, finding
from scorecard.indicators.calculate import Calculator
from scorecard.indicators.definition import Definition, all_definitions
from scorecard.indicators.results import Tally
from scorecard.ingest.report import LoadReport
from scorecard.store.database import Store

BASELINE = 4  # quarters before, averaged, that a quarter is set against
SMALLEST = 10  # a base smaller than this on both sides is not followed
NOISE = 4.0  # standard deviations of a count that size the change must exceed: none found in a synthetic England
APART = 1.5  # counted and considered changing this many times apart names the records left out as the cause


@dataclass(frozen=True)
class SeriesBreak:
    la_code: str
    indicator_id: str
    period: str
    since: str  # the quarters it is set against, e.g. "2024-25 Q1 to 2024-25 Q4"
    before: float  # the base, a quarter, averaged over them
    after: float
    message: str

    def as_finding(self) -> Finding:
        """The break as a finding about the store, beside those about files."""
        return finding(
            "series_break",
            f"the store (LA {self.la_code})",
            f"{self.indicator_id}, {self.period}",
            field=self.indicator_id,
            value=f"{self.after:,.0f} against {self.before:,.0f} a quarter",
            detail=self.message,
        )


def find_breaks(tallies: list[Tally], titles: dict[str, str]) -> list[SeriesBreak]:
    """The breaks in each LA's series of each indicator; `tallies` hold consecutive
    quarters in order for each."""
    series_of: dict[tuple[str, str], list[Tally]] = {}
    for tally in tallies:
        series_of.setdefault((tally.la_code, tally.indicator_id), []).append(tally)
    found = []
    for (la, indicator_id), quarters in series_of.items():
        baseline: list[Tally] = []
        for tally in quarters:
            if not tally.available:
                baseline = []
                continue
            if baseline and _breaks(_mean(baseline, "counted"), tally.counted):
                found.append(_described(la, indicator_id, titles.get(indicator_id, indicator_id), baseline, tally))
                baseline = []  # the new level is what later quarters are set against
            if tally.considered or tally.counted:  # a quarter with no records yet is no baseline
                baseline = [*baseline, tally][-BASELINE:]
    return found


def _breaks(before: float, after: float) -> bool:
    if max(before, after) < SMALLEST:
        return False
    low, high = sorted((before, after))
    return low < high / 2 and high - low > NOISE * math.sqrt(high)


def _mean(tallies: list[Tally], field: str) -> float:
    return sum(getattr(t, field) for t in tallies) / len(tallies)


def _left_out(tally: Tally) -> float:
    """The share of the records considered that were left out."""
    return 1 - tally.counted / tally.considered if tally.considered else 0.0


def _apart(before: float, after: float, considered_before: float, considered_after: float) -> bool:
    """Whether the records counted changed more than APART times as much as those considered."""
    if not (before and after and considered_before and considered_after):
        return bool(considered_before and considered_after)
    return abs(math.log(after / before) - math.log(considered_after / considered_before)) > math.log(APART)


def _described(la: str, indicator_id: str, title: str, baseline: list[Tally], tally: Tally) -> SeriesBreak:
    before, considered_before = _mean(baseline, "counted"), _mean(baseline, "considered")
    since = baseline[0].period if len(baseline) == 1 else f"{baseline[0].period} to {baseline[-1].period}"
    moved = "fell" if tally.counted < before else "rose"
    text = (
        f"{title} ({indicator_id}): the records it counts {moved} from about {before:,.0f} a quarter "
        f"({since}) to {tally.counted:,.0f} in {tally.period}"
    )
    if _apart(before, tally.counted, considered_before, tally.considered):
        worse = max((baseline[-1], tally), key=_left_out)
        if worse.left_out:
            why, n = worse.left_out[0]
            left = f"{n:,} of the {worse.considered:,} records considered in {worse.period} were left out: {why}"
        else:
            n = round(worse.considered - worse.counted)
            left = f"{n:,} of the {worse.considered:,} records considered in {worse.period} were not counted"
        cause = f"{left}. Check how those records were loaded (drill down with scorecard drill)"
    else:
        cause = (
            f"the records it considers changed as much (about {considered_before:,.0f} a quarter to "
            f"{tally.considered:,}): a return or extract missing or incomplete for part of the time, "
            "or a change in how the records are kept"
        )
    return SeriesBreak(la, indicator_id, tally.period, since, before, tally.counted, f"{text}, while {cause}.")


def quarters_loaded(store: Store, la_codes: list[str]) -> list[str]:
    """Every quarter of the collection years loaded for these LAs."""
    years = [
        y
        for (y,) in store.con.execute(
            "SELECT DISTINCT collection_year FROM source_file "
            "WHERE NOT replaced AND collection_year IS NOT NULL AND la_code IN (SELECT unnest(?))",
            [la_codes],
        ).fetchall()
    ]
    if not years:
        return []
    first, last = parse_period(f"{min(years)} Q1"), parse_period(f"{max(years)} Q4")
    return [p.label for p in series("quarterly", first, last)]


def check_series(
    store: Store, definitions: list[Definition], la_codes: list[str], config: Config, load_id: int
) -> list[SeriesBreak]:
    """The breaks in the series of these LAs after load `load_id`, kept with that load
    (the store's series_check and series_break tables) and returned."""
    labels = quarters_loaded(store, la_codes)
    if not labels or not la_codes:
        return []
    periods = [parse_period(label) for label in labels]
    tallies = Calculator(store.con, config, la_codes).tallies(definitions, periods)
    found = find_breaks(tallies, {d.id: d.title for d in definitions})
    checked = datetime.now()
    store.con.executemany(
        "INSERT INTO series_check (load_id, la_code, checked_at, first_period, last_period, figures, breaks) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            [load_id, la, checked, labels[0], labels[-1], sum(t.la_code == la and t.available for t in tallies),
             sum(b.la_code == la for b in found)]
            for la in la_codes
        ],
    )  # fmt: skip
    if found:
        store.con.executemany(
            "INSERT INTO series_break (load_id, la_code, indicator_id, period, since, before, after, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[load_id, b.la_code, b.indicator_id, b.period, b.since, b.before, b.after, b.message] for b in found],
        )
    return found


def check_load(store: Store, report: LoadReport, config: Config) -> list[SeriesBreak]:
    """The check after a load (none when it loaded nothing), for the LAs of its files,
    of every indicator the config knows (the catalogue and the LA's own)."""
    if report.load_id is None:
        return []
    las = sorted({f.info.la_code for f in report.files if f.status == "loaded" and f.info and f.info.la_code})
    definitions = list(all_definitions(config.indicators_folder).values())
    return check_series(store, definitions, las, config, report.load_id)


# Each LA's latest check.
LATEST = "SELECT la_code, max(load_id) FROM series_check GROUP BY la_code"


def stored_breaks(store: Store, load_id: int | None = None) -> list[SeriesBreak]:
    """The breaks found by the check after load `load_id`, or by each LA's latest check."""
    which = "load_id = ?" if load_id is not None else f"(la_code, load_id) IN ({LATEST})"
    rows = store.con.execute(
        f"SELECT la_code, indicator_id, period, since, before, after, message FROM series_break WHERE {which} "
        "ORDER BY la_code, indicator_id, period",
        [load_id] if load_id is not None else [],
    ).fetchall()
    return [SeriesBreak(*row) for row in rows]


@dataclass(frozen=True)
class SeriesCheck:
    load_id: int
    la_code: str
    checked_at: datetime
    first_period: str
    last_period: str
    figures: int
    breaks: int


def stored_checks(store: Store) -> list[SeriesCheck]:
    """Every check made, load by load."""
    rows = store.con.execute(
        "SELECT load_id, la_code, checked_at, first_period, last_period, figures, breaks FROM series_check "
        "ORDER BY load_id, la_code"
    ).fetchall()
    return [SeriesCheck(*row) for row in rows]
