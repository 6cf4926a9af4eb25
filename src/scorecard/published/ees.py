"""Reader of the DfE Explore Education Statistics tidy CSVs: one row per area and year
(England, the regions, every LA), with the measures in columns or, in the long files,
one row per category."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from scorecard.published.figures import (
    ENGLAND,
    Area,
    Figure,
    Population,
    PublishedFileError,
    Read,
    figure,
    number,
    reference_date,
)
from scorecard.published.mapping import EesFile, EesMeasure, Mapping

PRIORITY = 1
LEVELS = {"National": "england", "Regional": "region", "Local authority": "la"}
REQUIRED = ("time_period", "geographic_level")

PopulationOf = Callable[[str, int], int | None]


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise PublishedFileError(f"{path}: no column {', '.join(missing)}; this is not an EES file")
        yield from enumerate(reader, start=2)


def areas(row: dict[str, str], mapping: Mapping) -> list[Area]:
    """The areas a row is about: none for levels the catalogue does not compare with
    (Inner London...), two for a row two LAs share (314 / 318: a figure both report)."""
    level = LEVELS.get(row["geographic_level"].strip())
    region = mapping.region_of((row.get("region_code") or "").strip(), row.get("region_name") or "")
    if level == "england":
        return [Area(ENGLAND, ENGLAND, "England", level, None)]
    if level == "region":
        code = (row.get("region_code") or "").strip() or region
        return [Area(code, code, mapping.regions[code], level, None)] if code in mapping.regions else []
    if level != "la":
        return []
    codes, new_codes, names = (_shared(row.get(column)) for column in ("old_la_code", "new_la_code", "la_name"))
    if not codes or not all(code.isdigit() for code in codes):
        return []
    if len(new_codes) != len(codes):
        new_codes = codes
    if len(names) != len(codes):
        names = [row["la_name"].strip()] * len(codes)
    return [Area(c, n, name, level, region) for c, n, name in zip(codes, new_codes, names, strict=True)]


def _shared(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(" / ") if part.strip()]


def read_population(path: Path, mapping: Mapping) -> Read:
    """The ONS estimates of children aged 0-17, by area and mid-year."""
    read = Read(str(path), "ONS population")
    for line, row in rows(path):
        read.rows_read += 1
        places = areas(row, mapping)
        count, _ = number(row.get("population_estimate"))
        if not places or "0 to 17" not in (row.get("age_group") or "") or count is None:
            read.rows_not_used += 1
            continue
        read.areas.update(places)
        year = _year(path, line, row)
        read.population += [Population(place.area_code, year, int(count), path.name) for place in places]
    return read


def read_measures(path: Path, spec: EesFile, mapping: Mapping, population: PopulationOf) -> Read:
    """Every mapped measure of one EES file, for every area and year."""
    read = Read(str(path), "EES")
    found = _header(path)
    for measure in spec.measures:
        missing = sorted(measure.columns - found)
        if missing:
            raise PublishedFileError(
                f"{path}: column {', '.join(missing)} is missing; {measure.indicator_id} is read from it"
            )
    categories: dict[tuple, dict[str, dict[str, str]]] = {}
    for line, row in rows(path):
        read.rows_read += 1
        places = areas(row, mapping)
        measures = [m for m in spec.measures if all((row.get(k) or "").strip() == v for k, v in m.where.items())]
        if not (places and measures):
            read.rows_not_used += 1
            continue
        read.areas.update(places)
        day = reference_date(_year(path, line, row), spec.reference)
        for place in places:
            for measure in measures:
                if measure.category:
                    key = (measure.indicator_id, place, day)
                    categories.setdefault(key, {})[(row.get(measure.category) or "").strip()] = row
                else:
                    read.figures.append(_figure(measure, row, place, day, path.name, population))
    by_id = {m.indicator_id: m for m in spec.measures}
    for (indicator_id, place, day), named in categories.items():
        read.figures.append(_from_categories(by_id[indicator_id], named, place, day, path.name))
    return read


def _header(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return set(next(csv.reader(handle), []))


def _year(path: Path, line: int, row: dict[str, str]) -> int:
    text = row["time_period"].strip()
    if not (text.isdigit() and len(text) in (4, 6)):
        raise PublishedFileError(f"{path}, line {line}: time_period '{text}' is not a year (e.g. 2025 or 202425)")
    return int(text[:4]) + (1 if len(text) == 6 else 0)


def _figure(measure: EesMeasure, row: dict, place: Area, day, source: str, population: PopulationOf) -> Figure:
    numerator = number(row.get(measure.numerator))[0] if measure.numerator else None
    denominator = number(row.get(measure.denominator))[0] if measure.denominator else None
    if measure.per_10k:
        numerator, status = number(row.get(measure.per_10k))
        # The DfE divides by the estimate for the mid-year before the year ends.
        denominator = population(place.area_code, day.year - 1)
        if numerator is not None and denominator is None:
            status = "no population"
        value = numerator / denominator * 10_000 if numerator is not None and denominator else None
    else:
        value, status = number(row.get(measure.value))
    return figure(measure.indicator_id, day, place, value, status, source, PRIORITY, numerator, denominator)


def _from_categories(measure: EesMeasure, named: dict[str, dict], place: Area, day, source: str) -> Figure:
    top, total = named.get(measure.numerator or ""), named.get(measure.denominator or "")
    value, status = number(top.get(measure.percent) if top else None)
    if top is None:
        status = "no row"
    numerator = number(top.get(measure.count))[0] if top else None
    denominator = number(total.get(measure.count))[0] if total else None
    return figure(measure.indicator_id, day, place, value, status, source, PRIORITY, numerator, denominator)
