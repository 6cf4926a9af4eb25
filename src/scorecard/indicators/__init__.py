"""The indicator engine: the catalogue's definitions (indicators/definitions/, one
folder per id), run over the store for any period, per LA, with drill-down to the
children behind each figure."""

from __future__ import annotations

from scorecard.config import Config
from scorecard.dates import Period
from scorecard.indicators.definition import Definition, DefinitionError, all_definitions
from scorecard.indicators.engine import Engine, Result
from scorecard.store.database import Store

__all__ = ["Definition", "DefinitionError", "Result", "compute", "definitions", "drill"]


def definitions(config: Config | None = None) -> dict[str, Definition]:
    return all_definitions((config or Config()).indicators_folder)


def compute(
    store: Store,
    periods: list[Period],
    ids: list[str] | None = None,
    la_codes: list[str] | None = None,
    config: Config | None = None,
) -> list[Result]:
    config = config or Config()
    catalogue = definitions(config)
    unknown = [i for i in ids or [] if i not in catalogue]
    if unknown:
        raise DefinitionError(f"no indicator has the id {', '.join(unknown)} (scorecard definitions lists them)")
    chosen = [catalogue[i] for i in ids] if ids else list(catalogue.values())
    return Engine(store.con, config, la_codes or _las(store)).compute(chosen, periods)


def drill(store: Store, indicator_id: str, period: Period, la_code: str, config: Config | None = None):
    config = config or Config()
    catalogue = definitions(config)
    if indicator_id not in catalogue:
        raise DefinitionError(f"no indicator has the id {indicator_id} (scorecard definitions lists them)")
    return Engine(store.con, config, [la_code]).drill(catalogue[indicator_id], period, la_code)


def _las(store: Store) -> list[str]:
    rows = store.con.execute("SELECT DISTINCT la_code FROM source_file WHERE la_code IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows.fetchall()]
