"""Reader of the LAIT long table (bds_long_0.parquet): one row per measure, area and
year, areas named (England, regions) or numbered (LAs, by old 3-digit code)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from scorecard.published.figures import ENGLAND, Area, Figure, PublishedFileError, Read, figure, number, reference_date
from scorecard.published.mapping import Mapping

PRIORITY = 2
COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region")
# Years such as 2025, 2025 (Rev) or 2025 (prov): the year the published year ends in.
# A revised figure replaces the first one; a provisional one gives way to both.
YEAR = re.compile(r"^(\d{4})(?:\s*\((rev|final|prov)\))?$", re.IGNORECASE)
EDITION = {"prov": 0, None: 1, "rev": 2, "final": 2}


def read_lait(path: Path, mapping: Mapping) -> Read:
    read = Read(str(path), "LAIT")
    con = duckdb.connect()
    try:
        found = {row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()}
        missing = [c for c in COLUMNS if c not in found]
        if missing:
            raise PublishedFileError(f"{path}: no column {', '.join(missing)}; this is not the LAIT long table")
        read.rows_read = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]
        rows = con.execute(
            'SELECT "Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region" '
            'FROM read_parquet(?) WHERE "Short Desc" IN (SELECT unnest(?))',
            [str(path), list(mapping.lait)],
        ).fetchall()
    finally:
        con.close()
    chosen: dict[tuple, tuple[int, Figure]] = {}
    for short, years, name, cell, number_, region in rows:
        figure_and_edition = _figure(mapping, short, years, name, cell, number_, region, path.name)
        if figure_and_edition is None:
            continue
        edition, found = figure_and_edition
        key = (found.indicator_id, found.area_code, found.year)
        if key not in chosen or chosen[key][0] < edition:
            chosen[key] = (edition, found)
    read.figures = [found for _, found in chosen.values()]
    read.rows_not_used = read.rows_read - len(read.figures)
    return read


def _figure(mapping: Mapping, short, years, name, cell, la_number, region, source) -> tuple[int, Figure] | None:
    measure = mapping.lait[short]
    match = YEAR.match((years or "").strip())
    if not match or not name:
        return None
    day = reference_date(int(match[1]), measure.reference)
    where = _area(mapping, name, la_number, region)
    if where is None:
        return None
    level, code, region_code = where
    value, status = number(cell)
    if status == "-":
        status = "not published"
    place = Area(code, code, name.strip(), level, region_code)
    return EDITION[(match[2] or "").lower() or None], figure(
        measure.indicator_id, day, place, value, status, source, PRIORITY
    )


def _area(mapping: Mapping, name: str, la_number, region: str | None) -> tuple[str, str, str | None] | None:
    """(level, code, region) of a LAIT row; None for groupings that are not an area we
    compare with (inner and outer London)."""
    if name.strip() == "England":
        return "england", ENGLAND, None
    if region_code := mapping.region_code(name):
        return "region", region_code, None
    if la_number is None or (region or "NA") == "NA":
        return None
    # LAIT files London boroughs under Inner and Outer London; their region is London.
    region_name = "London" if "london" in (region or "").casefold() else region or ""
    return "la", str(int(la_number)), mapping.region_code(region_name)
