"""An LA's figure set among the published ones: England, its region, its statistical
neighbours (mean, as LAIT shows, and median), and its rank and quartile band among
all LAs, for the latest published year that ended on or before the period's end."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import duckdb

from scorecard.config import Config
from scorecard.judge.bands import neighbour_mean, neighbour_median, quartile_band, quartiles, rank


@dataclass(frozen=True)
class Comparison:
    year: str
    synthetic: bool
    england: float | None
    region: float | None
    neighbours_mean: float | None
    neighbours_median: float | None
    neighbours_count: int
    published: float | None  # the LA's own published figure that year
    rank: int | None
    rank_of: int | None
    quartile_band: str | None
    published_rank: int | None
    published_band: str | None
    neighbour_values: tuple[tuple[str, float | None], ...] = ()  # (name, figure), closest first


@dataclass(frozen=True)
class Year:
    year: str
    reference_date: date
    synthetic: bool
    england: float | None
    regions: dict[str, float | None]
    las: dict[str, float | None]


class Benchmarks:
    """The published figures in the store, seen from one LA."""

    def __init__(self, con: duckdb.DuckDBPyConnection, la_code: str, config: Config) -> None:
        self.la_code = resolve_code(con, la_code)
        self.region = config.region or _region_of(con, self.la_code)
        self.neighbours = _neighbours(con, self.la_code, config)
        self.years = _years(con)
        self.names = _names(con)

    def year_for(self, indicator_id: str, period_end: date) -> Year | None:
        """The latest published year that ended on or before the period's end."""
        years = self.years.get(indicator_id, [])
        index = bisect_right([y.reference_date for y in years], period_end)
        return years[index - 1] if index else None

    def compare(self, indicator_id: str, period_end: date, value: float | None, polarity: str) -> Comparison | None:
        year = self.year_for(indicator_id, period_end)
        if year is None:
            return None
        others = [v for code, v in year.las.items() if code != self.la_code]
        bounds = quartiles(list(year.las.values()))
        neighbours = [year.las.get(code) for code in self.neighbours]
        published = year.las.get(self.la_code)

        def place(figure: float | None) -> tuple[tuple[int, int] | None, str | None]:
            if figure is None or polarity == "none":
                return None, None
            return rank(figure, others, polarity), quartile_band(figure, bounds, polarity) if bounds else None

        (ranked, band), (published_ranked, published_band) = place(value), place(published)
        return Comparison(
            year=year.year,
            synthetic=year.synthetic,
            england=year.england,
            region=year.regions.get(self.region or ""),
            neighbours_mean=neighbour_mean(neighbours),
            neighbours_median=neighbour_median(neighbours),
            neighbours_count=sum(v is not None for v in neighbours),
            published=published,
            rank=ranked[0] if ranked else None,
            rank_of=(ranked or published_ranked or (None, None))[1],
            quartile_band=band,
            published_rank=published_ranked[0] if published_ranked else None,
            published_band=published_band,
            neighbour_values=tuple(
                (self.names.get(code, code), v) for code, v in zip(self.neighbours, neighbours, strict=True)
            ),
        )


def _names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The name of every area the benchmarks hold, by code."""
    rows = con.execute(
        "SELECT area_code, name FROM area UNION ALL "
        "SELECT area_code, any_value(area_name) FROM benchmark WHERE area_code NOT IN (SELECT area_code FROM area) "
        "GROUP BY area_code"
    ).fetchall()
    return dict(rows)


def resolve_code(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """The LA's 3-digit code, from either its 3-digit or its ONS code."""
    found = con.execute("SELECT area_code FROM area WHERE new_code = ? AND level = 'la' LIMIT 1", [code]).fetchone()
    return found[0] if found else code


def _region_of(con: duckdb.DuckDBPyConnection, la_code: str) -> str | None:
    found = (
        con.execute(
            "SELECT region_code FROM area WHERE area_code = ? AND region_code IS NOT NULL LIMIT 1", [la_code]
        ).fetchone()
        or con.execute(
            "SELECT region_code FROM benchmark WHERE area_code = ? AND region_code IS NOT NULL "
            "ORDER BY reference_date DESC LIMIT 1",
            [la_code],
        ).fetchone()
    )
    return found[0] if found else None


def _neighbours(con: duckdb.DuckDBPyConnection, la_code: str, config: Config) -> tuple[str, ...]:
    """The config's list of neighbours, or the DfE model's (the edition asked for, or the latest)."""
    chosen = config.statistical_neighbours
    if isinstance(chosen, tuple):
        return tuple(resolve_code(con, code) for code in chosen)
    rows = con.execute(
        "SELECT model, neighbour_code FROM neighbour WHERE area_code = ? AND (? IS NULL OR model = ?) "
        "ORDER BY model DESC, rank",
        [la_code, chosen, chosen],
    ).fetchall()
    latest = rows[0][0] if rows else None
    return tuple(code for edition, code in rows if edition == latest)


def _years(con: duckdb.DuckDBPyConnection) -> dict[str, list[Year]]:
    """Every indicator's published years, oldest first; the best source wins each figure."""
    rows = con.execute(
        """
        SELECT indicator_id, year, reference_date, level, area_code, value, synthetic
        FROM benchmark
        QUALIFY row_number() OVER (PARTITION BY indicator_id, area_code, year ORDER BY priority) = 1
        ORDER BY indicator_id, reference_date
        """
    ).fetchall()
    years: dict[tuple[str, str], Year] = {}
    for indicator_id, year, day, level, code, value, synthetic in rows:
        held = years.get((indicator_id, year))
        if held is None:
            held = years[(indicator_id, year)] = Year(year, day, synthetic, None, {}, {})
        if level == "england":
            years[(indicator_id, year)] = held = Year(year, day, synthetic, value, held.regions, held.las)
        elif level == "region":
            held.regions[code] = value
        else:
            held.las[code] = value
    by_indicator: dict[str, list[Year]] = {}
    for (indicator_id, _), year in years.items():
        by_indicator.setdefault(indicator_id, []).append(year)
    for listed in by_indicator.values():
        listed.sort(key=lambda y: y.reference_date)
    return by_indicator
