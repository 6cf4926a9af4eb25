"""The indicators: the catalogue's definitions (indicators/definitions/, one
folder per id), run over the store for any period, per LA, with drill-down to the
children behind each figure."""

from __future__ import annotations

from scorecard.config import Config
from scorecard.dates import Period
from scorecard.indicators.calculate import Calculator
from scorecard.indicators.definition import Definition, DefinitionError, all_definitions
from scorecard.indicators.local import local_results
from scorecard.indicators.results import Result
from scorecard.indicators.windows import window
from scorecard.store.database import Store
from scorecard.store.summary import la_codes as held_las

__all__ = ["Definition", "DefinitionError", "Result", "compute", "definitions", "drill", "polarities", "titles"]


def definitions(config: Config | None = None) -> dict[str, Definition]:
    return all_definitions((config or Config()).indicators_folder)


def compute(
    store: Store,
    periods: list[Period],
    ids: list[str] | None = None,
    la_codes: list[str] | None = None,
    config: Config | None = None,
) -> list[Result]:
    """The results table: every indicator asked for (all, by default), then the LA's
    own local measures, for each period and LA."""
    config = config or Config()
    la_codes = la_codes or held_las(store)
    catalogue = definitions(config)
    local_ids = {row[0] for row in store.con.execute("SELECT DISTINCT measure_id FROM local_measure").fetchall()}
    unknown = [i for i in ids or [] if i not in catalogue and i not in local_ids]
    if unknown:
        raise DefinitionError(f"no indicator has the id {', '.join(unknown)} (scorecard definitions lists them)")
    chosen = [catalogue[i] for i in ids if i in catalogue] if ids else list(catalogue.values())
    results = Calculator(store.con, config, la_codes).compute(chosen, periods)
    windows = [window(i, p) for i, p in enumerate(periods)]
    return results + local_results(store.con, windows, la_codes, set(ids) if ids else None)


def drill(store: Store, indicator_id: str, period: Period, la_code: str, config: Config | None = None):
    config = config or Config()
    catalogue = definitions(config)
    if indicator_id not in catalogue:
        raise DefinitionError(f"no indicator has the id {indicator_id} (scorecard definitions lists them)")
    return Calculator(store.con, config, [la_code]).drill(catalogue[indicator_id], period, la_code)


def titles(store: Store, config: Config | None = None) -> dict[str, str]:
    """The title of every indicator and of each local measure in the store."""
    return _described(store, config, "title")


def polarities(store: Store, config: Config | None = None) -> dict[str, str]:
    """Which direction is better (up, down or none) for every indicator and local measure."""
    return _described(store, config, "polarity")


def _described(store: Store, config: Config | None, attribute: str) -> dict[str, str]:
    named = {d.id: getattr(d, attribute) for d in definitions(config).values()}
    rows = store.con.execute(f"SELECT measure_id, max({attribute}) FROM local_measure GROUP BY measure_id").fetchall()
    return named | dict(rows)
