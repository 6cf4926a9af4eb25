"""Drawing charts: each Vega-Lite spec to SVG (for the HTML page) and PNG (for the PDF
and Word) by vl-convert, once per spec, and a report's charts many at a time.

A chart takes vl-convert about a tenth of a second and a report has about a hundred,
each drawn in one JavaScript engine that holds its process, so a report's charts are
shared out among worker processes, one per core."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import vl_convert

from scorecard.workers import run_each

# Pinned so an upgrade of vl-convert (whose default is the newest Vega-Lite) cannot
# silently change the rendered charts.
VL_VERSION = "5.21"
PNG_SCALE = 2.0  # twice the SVG's size: sharp when printed at A4 width
KEPT = 1024  # drawings kept in memory, in the order last used
PARALLEL_FROM = 12  # fewer charts than this are quicker drawn here than in new workers


@dataclass(frozen=True)
class Drawing:
    svg: str  # as vl-convert draws it, before the report labels it
    png: bytes  # at PNG_SCALE


_drawn: OrderedDict[str, Drawing] = OrderedDict()
_lock = threading.Lock()  # the web app draws from several threads


def key(spec: dict) -> str:
    """The spec as canonical JSON: equal specs draw the same picture."""
    return json.dumps(spec, sort_keys=True)


def drawing(spec: dict) -> Drawing:
    """The spec drawn, from memory when it has been drawn before."""
    k = key(spec)
    with _lock:
        found = _drawn.get(k)
        if found is not None:
            _drawn.move_to_end(k)
            return found
    return _keep(k, _draw(k))


def draw_all(specs: Iterable[dict]) -> None:
    """Draw every spec not yet drawn, in parallel when there are enough to be worth it."""
    missing = list(dict.fromkeys(k for k in map(key, specs) if k not in _drawn))
    workers = min(os.cpu_count() or 1, len(missing) // PARALLEL_FROM)
    if workers < 2:
        for k in missing:
            _keep(k, _draw(k))
        return
    shares = [missing[i::workers] for i in range(workers)]
    for share, made in zip(shares, run_each(_draw_each, [(share,) for share in shares]), strict=True):
        for k, one in zip(share, made, strict=True):
            _keep(k, one)


def forget() -> None:
    """Forget every drawing (to time drawing afresh)."""
    with _lock:
        _drawn.clear()


def _draw_each(specs: list[str]) -> list[Drawing]:
    return [_draw(spec) for spec in specs]


def _draw(spec: str) -> Drawing:
    """No base URLs: the spec holds its data inline, so nothing may be fetched."""
    svg = vl_convert.vegalite_to_svg(json.loads(spec), vl_version=VL_VERSION, allowed_base_urls=[])
    return Drawing(svg, vl_convert.svg_to_png(svg, scale=PNG_SCALE))


def _keep(spec: str, made: Drawing) -> Drawing:
    with _lock:
        _drawn[spec] = made
        while len(_drawn) > KEPT:
            _drawn.popitem(last=False)
    return made
