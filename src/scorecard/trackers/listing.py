"""Running a tracker as at a day: its query reads a one-day `period` (the day is the
period's end), so the shared relations the indicators read (children looked after at
the end, the allocation open at the end) mean "at the day" here. Around the query, one
wrapper keeps the rows due within the notice asked for, gives each its status and
puts the most overdue first; the team filter is applied there, with bound parameters,
because team names come from users.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import duckdb

from scorecard.config import Config
from scorecard.dates import Period
from scorecard.indicators.definition import package_definitions
from scorecard.indicators.queries import set_periods, with_parameters
from scorecard.trackers.definition import Tracker, TrackerError

STATUS = ("status", "Status")
OVERDUE, DUE_SOON = "overdue", "due soon"


@dataclass(frozen=True)
class TrackerList:
    """The rows of one tracker as at a day: one tuple per row, in the order of `columns`
    (`headings` are the same columns' headings), most overdue first. The description
    gives the settings in force (the LA's days, not the catalogue's)."""

    tracker_id: str
    title: str
    description: str
    as_at: date
    columns: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[tuple, ...]


def run(
    con: duckdb.DuckDBPyConnection,
    tracker: Tracker,
    as_at: date,
    la_code: str | None,
    config: Config,
    teams: Collection[str] | None,
    within: int | None,
) -> TrackerList:
    values = parameter_values(tracker, config, within)
    query = with_parameters(tracker.query, values, tracker.folder / "query.sql")
    conditions, arguments = _conditions(tracker, values["within"], la_code, teams)
    set_periods(con, [Period(as_at.isoformat(), as_at, as_at, "range")], config)
    rows = con.execute(_listing_sql(tracker, query, conditions), arguments).fetchall()
    named = (*tracker.columns, STATUS)
    return TrackerList(
        tracker.id,
        tracker.title,
        tracker.description.format_map(values),
        as_at,
        tuple(name for name, _ in named),
        tuple(heading for _, heading in named),
        tuple(rows),
    )


def parameter_values(tracker: Tracker, config: Config, within: int | None) -> dict[str, object]:
    """The rule's parameters (the indicator's defaults, then the LA's settings for that
    indicator), then the tracker's own (its defaults, the LA's settings for the tracker),
    then the notice asked for."""
    values: dict[str, object] = {}
    if tracker.rule:
        rule = package_definitions()[tracker.rule]
        values |= rule.defaults() | config.parameters_for(rule.id)
    values |= tracker.defaults() | config.parameters_for(tracker.id)
    if within is not None:
        values["within"] = within
    notice = values["within"]
    if isinstance(notice, bool) or not isinstance(notice, int) or notice < 0:
        raise TrackerError(f"{tracker.id}: within should be a whole number of days, 0 or more (given: {notice!r})")
    return values


def _conditions(
    tracker: Tracker, within: object, la_code: str | None, teams: Collection[str] | None
) -> tuple[list[str], list[object]]:
    """The WHERE conditions and the values bound to them: due within the notice (a row
    with no date to count from is listed), the LA asked for, and only the teams given
    (none given, none listed; a row whose team is not known matches no team)."""
    left = tracker.countdown
    conditions, arguments = [f"({left} IS NULL OR {left} <= ?)"], [within]
    if la_code is not None:
        conditions.append("la_code = ?")
        arguments.append(la_code)
    if teams is not None:
        if isinstance(teams, str):
            raise TrackerError(f"give teams as a list of team names, not the one string {teams!r}")
        conditions.append("list_contains(CAST(? AS VARCHAR[]), team)")
        arguments.append(list(teams))
    return conditions, arguments


def _listing_sql(tracker: Tracker, query: str, conditions: list[str]) -> str:
    """The tracker's query, filtered, with each row's status, most overdue first (a row
    with no date to count from before all)."""
    left = tracker.countdown
    shown = ", ".join(name for name, _ in tracker.columns)
    order = ", ".join((f"{left} NULLS FIRST", "la_code", *tracker.key))
    return (
        f"SELECT {shown}, CASE WHEN {left} IS NULL OR {left} < 0 THEN '{OVERDUE}' ELSE '{DUE_SOON}' END AS status "
        f"FROM ({query}) AS tracked WHERE {' AND '.join(conditions)} ORDER BY {order}"
    )
