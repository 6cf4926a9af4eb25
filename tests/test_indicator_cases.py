"""Every indicator's hand-worked cases (indicators/definitions/<id>/cases.yml): the
given rows go into an empty store, the figure is computed, and it must be exactly
the expected one, as must the drill-down rows named.

A case gives its rows under `given` (one copy of each record), or under `returns`:
a list of returns, oldest first, each with its `collection_year`, its `source` (CIN,
903, SSD, AA...) and the rows it holds under `given`, as LAs send them year after
year (the same episode, plan or enquiry again, often with fewer fields). Every row
goes into history, and the current tables are merged from it as a load merges them."""

from __future__ import annotations

import math
import re

import pyarrow as pa
import pytest
import yaml

from scorecard.config import Config
from scorecard.dates import parse_period
from scorecard.indicators import compute, drill
from scorecard.indicators.definition import package_definitions
from scorecard.store.batches import ARROW_TYPES, insert
from scorecard.store.database import Store
from scorecard.store.merge import rebuild
from scorecard.store.schema import schema
from tests.conftest import reference

LA = "001"
LINEAGE = {"la_code": LA, "source": "TEST", "load_id": 1, "file_id": 1, "source_row": "case", "collection_year": None}


def cases():
    for definition in package_definitions().values():
        path = definition.folder / "cases.yml"
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
            yield pytest.param(definition.id, case, id=f"{definition.id}-{number}")


def given(store: Store, rows: dict[str, list[dict]], **lineage: object) -> None:
    """The rows, as one file's copies (`lineage` overrides LINEAGE), into history, and
    the current tables they touch merged again from history."""
    for name, records in rows.items():
        table = schema().tables[name]
        full = [
            {c.name: record.get(c.name, (LINEAGE | lineage).get(c.name)) for c in table.columns} for record in records
        ]
        arrow = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns])
        insert(store.con, f"history.{name}", pa.Table.from_pylist(full, schema=arrow))
        rebuild(store.con, [table], sorted({row["la_code"] for row in full}))


def given_case(store: Store, case: dict) -> None:
    """A case's rows: its `given` rows, then each of its `returns` as a file of its own."""
    given(store, case.get("given") or {})
    for number, sent in enumerate(case.get("returns") or (), start=2):
        lineage = {"file_id": number, "load_id": number, "source_row": f"return {number}"}
        given(store, sent["given"], source=sent["source"], collection_year=sent["collection_year"], **lineage)


@pytest.mark.parametrize(("indicator_id", "case"), list(cases()))
def test_case(indicator_id, case):
    config = Config(
        la_code=LA,
        population={int(k): v for k, v in (case.get("population") or {}).items()},
        districts=tuple(case.get("districts") or ()),
        parameters={indicator_id: case.get("parameters") or {}},
    )
    period = parse_period(case["period"], case.get("ytd", False))
    with Store.open(":memory:") as store:
        given_case(store, case)
        results = compute(store, [period], ids=[indicator_id], la_codes=[LA], config=config)
        for expected in case["expect"]:
            found = [r for r in results if r.breakdown == expected.get("breakdown", r.breakdown)]
            assert found, f"{case['name']}: no result with breakdown {expected.get('breakdown')}"
            result = found[0]
            for key, value in expected.items():
                actual = getattr(result, key)
                if isinstance(value, float) and actual is not None:
                    assert math.isclose(actual, value, rel_tol=1e-9, abs_tol=1e-9), f"{case['name']}: {key}"
                else:
                    assert actual == value, f"{case['name']}: {key} is {actual!r}, expected {value!r}"
        if "drill" in case:
            columns, rows = drill(store, indicator_id, period, LA, config)
            records = [dict(zip(columns, row, strict=True)) for row in rows]
            for expected in case["drill"]:
                matches = [r for r in records if all(_same(r.get(k), v) for k, v in expected.items())]
                assert matches, f"{case['name']}: no drill row like {expected} in {records}"


def _same(actual, expected) -> bool:
    if isinstance(expected, float):
        return actual is not None and math.isclose(actual, expected, rel_tol=1e-9)
    return actual == expected


def test_every_definition_has_cases():
    for definition in package_definitions().values():
        path = definition.folder / "cases.yml"
        assert path.is_file(), f"{definition.id} has no cases.yml"
        assert yaml.safe_load(path.read_text(encoding="utf-8")), f"{definition.id}: cases.yml is empty"


def test_the_catalogue_is_complete():
    """Every id in the catalogue has a definition of the same kind, unit and polarity, and no other."""
    text = reference("..", "spec", "indicators.md").read_text(encoding="utf-8")
    catalogue = text.split("## 2. The catalogue", 1)[1].split("## 3.", 1)[0]
    spec: dict[str, list[str]] = {}
    for line in catalogue.splitlines():
        match = re.match(r"^\| `([a-z0-9_]+)` \|(.*)\|\s*$", line)
        if match:
            spec[match[1]] = [cell.strip() for cell in match[2].split("|")]
    definitions = package_definitions()
    assert set(definitions) == set(spec)
    for indicator_id, cells in spec.items():
        definition = definitions[indicator_id]
        if len(cells) == 5:  # definition, kind, unit, polarity, source
            assert (definition.kind.replace("_", " "), definition.unit, definition.polarity) == tuple(cells[1:4])
        else:  # the workforce table: definition, unit, polarity
            assert (definition.unit, definition.polarity) == tuple(cells[1:3]), indicator_id
