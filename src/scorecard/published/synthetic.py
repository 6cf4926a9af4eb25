"""Reader of the synthetic benchmarks file `scorecard synth` writes for the demo: one
row per area, indicator and year, every figure invented and marked so."""

from __future__ import annotations

import csv
from pathlib import Path

from scorecard.published.figures import (
    ENGLAND,
    Area,
    PublishedFileError,
    Read,
    figure,
    number,
    reference_date,
)
from scorecard.published.mapping import MARCH, Mapping

PRIORITY = 3
HEADER = {"time_period", "geographic_level", "region_name", "la_code", "la_name", "indicator_id", "value", "synthetic"}


def read_synthetic(path: Path, mapping: Mapping) -> Read:
    read = Read(str(path), "synthetic")
    references = {m.indicator_id: f.reference for f in mapping.ees for m in f.measures}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            read.rows_read += 1
            place = _area(row, mapping)
            year = row["time_period"].strip()
            if place is None or not year.isdigit():
                raise PublishedFileError(f"{path}, line {line}: cannot tell the area or year of this row")
            read.areas.add(place)
            day = reference_date(int(year), references.get(row["indicator_id"], MARCH))
            value, status = number(row["value"])
            indicator_id = row["indicator_id"].strip()
            read.figures.append(figure(indicator_id, day, place, value, status, path.name, PRIORITY, synthetic=True))
    return read


def _area(row: dict[str, str], mapping: Mapping) -> Area | None:
    level = row["geographic_level"].strip()
    region = mapping.region_of("", row["region_name"] or "")
    if level == "National":
        return Area(ENGLAND, ENGLAND, "England", "england", None)
    if level == "Regional" and region:
        return Area(region, region, mapping.regions[region], "region", None)
    if level == "Local authority" and row["la_code"].strip():
        code = row["la_code"].strip()
        return Area(code, (row.get("new_la_code") or "").strip() or code, row["la_name"].strip(), "la", region)
    return None
