"""Grid references for the postcodes in the store, so distances can be worked out in
SQL. Each postcode is looked up once, at load, into the `postcode` table; the engine
then builds the temporary tables `postcode_grid` (postcodes found: postcode without
spaces, easting, northing, district) and `la_district` (the districts each LA covers)."""

from __future__ import annotations

from collections import Counter

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from scorecard.geo.postcodes import GRID_FIELDS, area_grid
from scorecard.store.batches import insert

UNLOCATED = """
    SELECT DISTINCT upper(replace(postcode, ' ', '')) FROM (
        SELECT home_postcode AS postcode FROM cla_episode
        UNION SELECT placement_postcode FROM cla_episode
    ) WHERE postcode IS NOT NULL AND upper(replace(postcode, ' ', '')) NOT IN (SELECT postcode FROM postcode)
"""


def locate(con: duckdb.DuckDBPyConnection) -> None:
    """Store the grid reference of every episode postcode not yet looked up (with empty
    coordinates where the directory lacks it, so it is not looked up again)."""
    rows = _lookup({row[0] for row in con.execute(UNLOCATED).fetchall()})
    if rows:
        insert(con, "postcode", pa.Table.from_pylist([dict(zip(GRID_FIELDS, row, strict=True)) for row in rows]))


def prepare(con: duckdb.DuckDBPyConnection, districts: dict[str, list[str]]) -> None:
    """`districts`: the ONS district codes of each LA, where the config gives them;
    any other LA is taken to cover the district most of its children's homes are in."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE postcode_grid AS "
        "SELECT postcode, easting, northing, district FROM postcode WHERE easting IS NOT NULL"
    )
    # Records written without a load (or before postcodes were stored) are looked up now.
    late = [r for r in _lookup({row[0] for row in con.execute(UNLOCATED).fetchall()}) if r[1] is not None]
    if late:
        con.executemany("INSERT INTO postcode_grid VALUES (?, ?, ?, ?)", late)
    con.execute("CREATE OR REPLACE TEMP TABLE la_district (la_code VARCHAR, district VARCHAR)")
    homes = con.execute(
        """
        SELECT e.la_code, g.district FROM cla_episode AS e
        JOIN postcode_grid AS g ON g.postcode = upper(replace(e.home_postcode, ' ', ''))
        """
    ).fetchall()
    by_la: dict[str, Counter] = {}
    for la, district in homes:
        by_la.setdefault(la, Counter())[district] += 1
    pairs = [(la, d) for la, codes in districts.items() for d in codes]
    pairs += [(la, counts.most_common(1)[0][0]) for la, counts in by_la.items() if la not in districts]
    if pairs:
        con.executemany("INSERT INTO la_district VALUES (?, ?)", pairs)


def _lookup(wanted: set[str]) -> list[tuple[str, float | None, float | None, str | None]]:
    found: dict[str, tuple[str, float | None, float | None, str | None]] = {}
    for letter in sorted({p[0] for p in wanted if p and p[0].isalpha()}):
        try:
            grid = area_grid(letter)
        except FileNotFoundError:
            continue
        hits = grid.filter(pc.is_in(grid["postcode"], pa.array(sorted(wanted), pa.string())))
        for row in zip(*(hits[name].to_pylist() for name in GRID_FIELDS), strict=True):
            found[row[0]] = row
    return [found.get(p, (p, None, None, None)) for p in sorted(wanted)]
