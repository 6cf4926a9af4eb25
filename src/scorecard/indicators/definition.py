"""Indicator definitions are data: a folder per indicator, named by its stable id,
holding indicator.yml (metadata and parameters), query.sql (the SQL), glossary.md
(the text for the report's glossary) and cases.yml (hand-worked test cases).

The package's own definitions live in indicators/definitions/; an LA can add its
own in a folder of the same shape named in its config.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal, Protocol, TypeVar

import yaml

from scorecard import yamltext
from scorecard.store.schema import schema

Kind = Literal["flow", "snapshot", "rolling", "census", "annual_cohort"]
Unit = Literal["percent", "rate_per_10k", "count", "days", "ratio"]
KINDS = ("flow", "snapshot", "rolling", "census", "annual_cohort")
UNITS = ("percent", "rate_per_10k", "count", "days", "ratio")
POLARITIES = ("up", "down", "none")
SECTIONS = {
    "front_door": "Front door and assessment",
    "child_protection": "Children in need and child protection",
    "looked_after": "Children looked after",
    "care_leavers": "Care leavers",
    "workforce": "Workforce",
    "local": "Local measures",
}
FILES = ("indicator.yml", "query.sql", "glossary.md")
# What must be loaded for a period: returns for its collection years; a workforce
# census covering it; or, for tables holding only the latest state of each child
# (a pathway plan's last review), a period that includes the extract's date.
COVERAGE = ("collection_year", "census", "latest")


class DefinitionError(ValueError):
    """A definition folder that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Parameter:
    name: str
    default: int | float | str | bool
    description: str
    choices: tuple[str, ...] = ()  # the only values allowed, where the SQL tests for them


@dataclass(frozen=True)
class Breakdown:
    label: str
    categories: tuple[str, ...] = ()
    share_of_total: bool = False  # percentages of the whole, not within each category


@dataclass(frozen=True)
class History:
    """How far before the period a figure looks (months back from the period start for
    events in the period, from the period end for a position at it), and what is missed
    when the returns loaded begin later than that."""

    months: int
    missed: str


@dataclass(frozen=True)
class Definition:
    id: str
    title: str
    section: str
    kind: Kind
    unit: Unit
    polarity: str
    description: str
    sources: tuple[str, ...]
    query: str
    glossary: str
    folder: Path
    dps: int = 1
    parameters: tuple[Parameter, ...] = ()
    breakdown: Breakdown | None = None
    subject: str = "child"
    # Columns that must hold values for the figure to mean anything, and where they come from.
    requires: tuple[tuple[str, str, str], ...] = ()
    uses_postcodes: bool = False  # reads postcode_grid and la_district (geo/grid.py)
    coverage: str = "collection_year"  # one of COVERAGE
    history: History | None = None
    custom: bool = False

    @property
    def tables(self) -> list[str]:
        """Every table the sources name, alternatives included."""
        return [t for source in self.sources for t in source.split("|")]

    def defaults(self) -> dict[str, object]:
        return {p.name: p.default for p in self.parameters}

    @property
    def yearly(self) -> bool:
        """Whether the figure is one a year: the workforce census's (at 30 September) or an
        annual cohort's (OC2, OC3). Every period up to the next census or cohort has the same
        figure, so such figures are compared with the year before, drawn one point a year
        and given no monthly control chart. The one home of this rule."""
        return self.kind in ("census", "annual_cohort")


def load_folder(folder: Path, custom: bool = False) -> Definition:
    meta = read_metadata(folder, FILES, _check)
    breakdown = meta.get("breakdown")
    return Definition(
        id=meta["id"],
        title=meta["title"],
        section=meta["section"],
        kind=meta["kind"],
        unit=meta["unit"],
        polarity=meta["polarity"],
        description=" ".join(meta["description"].split()),
        sources=tuple(meta["sources"]),
        query=(folder / "query.sql").read_text(encoding="utf-8"),
        glossary=(folder / "glossary.md").read_text(encoding="utf-8").strip(),
        folder=folder,
        dps=meta.get("dps", 0 if meta["unit"] == "count" else 1),
        parameters=parameters_of(meta),
        breakdown=Breakdown(
            breakdown["label"],
            tuple(str(c) for c in breakdown.get("categories", ())),
            breakdown.get("share_of_total", False),
        )
        if breakdown
        else None,
        subject=meta.get("subject", "child"),
        requires=tuple((*key.split("."), why) for key, why in (meta.get("requires") or {}).items()),
        uses_postcodes=meta.get("uses_postcodes", False),
        coverage=meta.get("coverage", "collection_year"),
        history=History(meta["history"]["months"], meta["history"]["missed"]) if "history" in meta else None,
        custom=custom,
    )


def _check(meta: dict, folder_name: str) -> list[str]:
    problems = []
    for key in ("id", "title", "section", "kind", "unit", "polarity", "description", "sources"):
        if key not in meta:
            problems.append(f"key '{key}' is missing")
    if problems:
        return problems
    if meta["id"] != folder_name:
        problems.append(f"id '{meta['id']}' does not match the folder name '{folder_name}'")
    for key, allowed in (("kind", KINDS), ("unit", UNITS), ("polarity", POLARITIES), ("section", tuple(SECTIONS))):
        if meta[key] not in allowed:
            problems.append(f"{key} '{meta[key]}' is not one of {', '.join(allowed)}")
    tables = schema().tables
    for source in meta["sources"]:
        for table in source.split("|"):
            if table not in tables:
                problems.append(f"source '{table}' is not a table of the store")
    for key in meta.get("requires") or {}:
        table, _, column = key.partition(".")
        if table not in tables or column not in tables[table].column_names:
            problems.append(f"requires '{key}' is not a table.column of the store")
    if meta.get("coverage", "collection_year") not in COVERAGE:
        problems.append(f"coverage must be one of {', '.join(COVERAGE)}")
    history = meta.get("history")
    if history is not None and not (
        isinstance(history, dict) and isinstance(history.get("months"), int) and history.get("missed")
    ):
        problems.append("history needs months (a whole number) and missed (what the figure misses without it)")
    return problems + parameter_problems(meta)


def read_metadata(folder: Path, files: tuple[str, ...], check: Callable[[dict, str], list[str]]) -> dict:
    """The metadata of a definition folder (the first of `files`, in YAML), once all of
    `files` are there and `check` (given the metadata and the folder's name) finds no problem."""
    for name in files:
        if not (folder / name).is_file():
            raise DefinitionError(f"{folder}: the definition has no {name}")
    path = folder / files[0]
    try:
        meta = yamltext.parse(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path} is not valid YAML: {error}") from None
    problems = check(meta, folder.name)
    if problems:
        raise DefinitionError(f"{path}: " + "; ".join(problems))
    return meta


def parameter_problems(meta: dict) -> list[str]:
    """What is wrong with the `parameters` of a definition's metadata."""
    problems = []
    for name, spec in (meta.get("parameters") or {}).items():
        if not isinstance(spec, dict) or "default" not in spec or "description" not in spec:
            problems.append(f"parameters.{name} needs a default and a description")
        elif "choices" in spec and spec["default"] not in spec["choices"]:
            problems.append(f"parameters.{name}: the default '{spec['default']}' is not one of its choices")
    return problems


def parameters_of(meta: dict) -> tuple[Parameter, ...]:
    """The parameters of a definition's metadata, once checked."""
    return tuple(
        Parameter(name, spec["default"], spec["description"], tuple(spec.get("choices", ())))
        for name, spec in (meta.get("parameters") or {}).items()
    )


class Catalogued(Protocol):
    """What the catalogue orders definitions by."""

    @property
    def id(self) -> str: ...

    @property
    def section(self) -> str: ...


C = TypeVar("C", bound=Catalogued)


def load_package(package: str, load: Callable[[Path], C]) -> dict[str, C]:
    """Every folder of a package's definitions/, loaded, by id in the catalogue's order:
    by section, then by id."""
    root = Path(str(resources.files(package).joinpath("definitions")))
    loaded = [load(folder) for folder in sorted(root.iterdir()) if folder.is_dir()]
    order = list(SECTIONS)
    return {d.id: d for d in sorted(loaded, key=lambda d: (order.index(d.section), d.id))}


@cache
def package_definitions() -> dict[str, Definition]:
    return load_package(__package__, load_folder)


def all_definitions(custom_folder: Path | None = None) -> dict[str, Definition]:
    """The package's definitions, then an LA's own (which may not reuse an id)."""
    definitions = dict(package_definitions())
    if custom_folder:
        if not custom_folder.is_dir():
            raise DefinitionError(f"{custom_folder}: the LA's indicators folder does not exist")
        for folder in sorted(p for p in custom_folder.iterdir() if p.is_dir()):
            definition = load_folder(folder, custom=True)
            if definition.id in definitions:
                raise DefinitionError(f"{folder}: id '{definition.id}' is already a catalogue indicator")
            definitions[definition.id] = definition
    return definitions
