"""Live tracking: as at a day (normally today), the children about to miss a statutory
deadline or past it, one list per tracker (trackers/definitions/, one folder per id),
each following the rule and parameters of a catalogue indicator. The lists are
child-level data for managers, filtered to their teams; never for publication.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from scorecard.config import Config
from scorecard.store.database import Store
from scorecard.trackers.definition import Tracker, TrackerError, package_trackers
from scorecard.trackers.listing import TrackerList, run

__all__ = ["Tracker", "TrackerError", "TrackerList", "definitions", "track"]


def definitions() -> dict[str, Tracker]:
    """Every tracker by id, in the catalogue's order of sections."""
    return dict(package_trackers())


def track(
    store: Store,
    tracker_id: str,
    as_at: date,
    la_code: str | None,
    config: Config,
    teams: Collection[str] | None = None,
    within: int | None = None,
) -> TrackerList:
    """The rows of one tracker as at `as_at`, due within `within` days (the tracker's
    own count of days; by default its `within` parameter) or overdue, most overdue
    first. `la_code` None gives every LA in the store; `teams` None gives every team,
    and an empty collection gives no rows at all."""
    trackers = package_trackers()
    if tracker_id not in trackers:
        raise TrackerError(f"no tracker has the id '{tracker_id}' (the trackers are: {', '.join(trackers)})")
    return run(store.con, trackers[tracker_id], as_at, la_code, config, teams, within)
