"""What the web app knows about its store: the LA's settings, the period it shows, and
the report model (judgements, narrative, charts) for each audience and the trackers'
lists for each set of teams, built once per version of the store and kept, so a page
is served from memory."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scorecard.api import choose_las
from scorecard.config import Config, load_config
from scorecard.dates import Period, parse_period
from scorecard.dates.periods import financial_year_label
from scorecard.indicators.breaks import check_load
from scorecard.ingest.load import load
from scorecard.ingest.report import LoadReport
from scorecard.outputs.model import Report, build
from scorecard.store.database import Store
from scorecard.store.summary import LoadedFile, load_history
from scorecard.trackers import TrackerList, track


@dataclass
class Site:
    db: Path
    config_path: Path | None
    as_at: date | None = None  # the day trackers count from; by default see `_data_as_at`
    config: Config = field(init=False)
    la_code: str = field(init=False)
    _kept: dict[tuple, Any] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.config = load_config(self.config_path)
        with Store.open(self.db, read_only=True) as store:
            (self.la_code,) = choose_las(store, None, self.config, one=True)
            if self.as_at is None:
                self.as_at = _data_as_at(store, date.today())

    @property
    def period(self) -> Period:
        """The latest whole quarter ended by the as-at day."""
        ends_quarter = (self.as_at + timedelta(days=1)).day == 1 and self.as_at.month % 3 == 0
        last_day = self.as_at if ends_quarter else date(self.as_at.year, 3 * ((self.as_at.month - 1) // 3) + 1, 1)
        last_day = last_day if ends_quarter else last_day - timedelta(days=1)
        number = (last_day.month - 4) % 12 // 3 + 1  # financial quarters: April to June is Q1
        return parse_period(f"{financial_year_label(last_day)} Q{number}")

    def report(self, audience: str) -> Report:
        """The report model for an audience."""

        def build_report() -> Report:
            with Store.open(self.db, read_only=True) as store:
                return build(store, self.period, self.config, self.la_code, audience)

        return self.kept(("report", audience), build_report)

    def track(self, tracker_id: str, teams: Collection[str] | None, within: int | None = None) -> TrackerList:
        """A tracker's children for some teams (None: every team), due within `within` days
        (None: the tracker's own setting) or overdue."""

        def run() -> TrackerList:
            with Store.open(self.db, read_only=True) as store:
                return track(store, tracker_id, self.as_at, self.la_code, self.config, teams=teams, within=within)

        return self.kept(("track", tracker_id, teams_key(teams), within), run)

    def loads(self) -> list[LoadedFile]:
        """Every file of every load, newest first."""

        def history() -> list[LoadedFile]:
            with Store.open(self.db, read_only=True) as store:
                return list(reversed(load_history(store)))

        return self.kept(("loads",), history)

    def load(self, paths: list[Path], la: str | None, year: str | None) -> LoadReport:
        """Load files into the store, with nothing else reading it meanwhile; everything
        kept is then made again from the new store."""
        with self._lock:
            with Store.open(self.db) as store:
                report = load(store, paths, la_code=la, year=year)
                check_load(store, report, self.config)
            self._kept = {}
        return report

    def kept(self, key: tuple, make: Callable[[], Any]) -> Any:
        """Whatever `make` makes, made once per version of the store (its file's time) and
        kept; one thing is made at a time, and a request for it waits for it."""
        version = self.db.stat().st_mtime
        with self._lock:
            if (version, *key) not in self._kept:
                self._kept = {k: v for k, v in self._kept.items() if k[0] == version}
                self._kept[(version, *key)] = make()
            return self._kept[(version, *key)]


def teams_key(teams: Collection[str] | None) -> tuple[str, ...] | None:
    """Teams as a key of what is kept: the same teams in any order are the same list."""
    return None if teams is None else tuple(sorted(teams))


def _data_as_at(store: Store, today: date) -> date:
    """The day the data runs to, or today if that is earlier: the latest contact or visit
    recorded, or the end of the latest collection year loaded. Counting deadlines from
    today in data that stops months ago (a demo's synthetic LA, an LA between extracts)
    would show every child overdue."""
    latest = store.con.execute(
        """SELECT max(day) FROM (
               SELECT max(contact_date) AS day FROM contact
               UNION ALL SELECT max(visit_date) FROM cp_visit
               UNION ALL SELECT max(visit_date) FROM cla_visit
               UNION ALL SELECT make_date(CAST(left(max(collection_year), 4) AS INTEGER) + 1, 3, 31)
               FROM source_file WHERE collection_year IS NOT NULL)"""
    ).fetchone()[0]
    return min(today, latest) if latest else today
