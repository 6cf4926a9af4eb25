"""Tracker definitions are data, as the indicators are: a folder per tracker, named by
its stable id, holding tracker.yml (title, description, the catalogue indicator whose
rule it follows, the columns shown and its parameters), query.sql (one row per child
or record being tracked, as at the day, however far off its deadline) and cases.yml
(hand-worked test cases).

A tracker follows an indicator's rule so that the two cannot drift apart: where the
rule is a deadline, both queries read the shared relation that states it
(indicators/relations/next_cp_visit.sql and its like), and the tracker takes that
indicator's parameters (an LA that sets `cpp_visits_timely.days` changes the visits
tracker too) and adds its own, such as `within`, the notice managers get. Its
description names parameters as {days}, as the glossary does, so a list states the
settings it was made with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scorecard.indicators.definition import (
    SECTIONS,
    DefinitionError,
    Parameter,
    load_package,
    package_definitions,
    parameter_problems,
    parameters_of,
    read_metadata,
)

FILES = ("tracker.yml", "query.sql")
KEYS = ("id", "title", "section", "description", "key", "columns", "parameters")
# Every row says whose it is and who holds it, and counts down to its deadline in
# one of these: working days, or calendar days where the rule counts months or days.
REQUIRED_COLUMNS = ("la_code", "child_id", "team")
COUNTDOWNS = ("working_days_left", "days_left")
# Column names are written into the SQL that wraps the query, so only plain names pass.
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class TrackerError(DefinitionError):
    """A tracker asked for that does not exist, or asked for in a way it cannot answer; the message says why."""


@dataclass(frozen=True)
class Tracker:
    id: str
    title: str
    section: str
    description: str
    rule: str | None  # the catalogue indicator whose rule and parameters it follows
    key: tuple[str, ...]  # the columns that tell one row from another
    columns: tuple[tuple[str, str], ...]  # (name, heading) of each column shown, in order
    parameters: tuple[Parameter, ...]  # its own; the rule's come from the indicator
    query: str
    folder: Path

    @property
    def countdown(self) -> str:
        """The column counting down to the deadline: it sets the status and the order."""
        return next(name for name, _ in self.columns if name in COUNTDOWNS)

    def defaults(self) -> dict[str, object]:
        return {p.name: p.default for p in self.parameters}


def load_tracker(folder: Path) -> Tracker:
    meta = read_metadata(folder, FILES, _check)
    return Tracker(
        id=meta["id"],
        title=meta["title"],
        section=meta["section"],
        description=" ".join(meta["description"].split()),
        rule=meta.get("rule"),
        key=tuple(meta["key"]),
        columns=tuple((name, str(heading)) for name, heading in meta["columns"].items()),
        parameters=parameters_of(meta),
        query=(folder / "query.sql").read_text(encoding="utf-8"),
        folder=folder,
    )


def _check(meta: dict, folder_name: str) -> list[str]:
    missing = [f"key '{key}' is missing" for key in KEYS if key not in meta]
    if missing:
        return missing
    problems = []
    if meta["id"] != folder_name:
        problems.append(f"id '{meta['id']}' does not match the folder name '{folder_name}'")
    if meta["section"] not in SECTIONS:
        problems.append(f"section '{meta['section']}' is not one of {', '.join(SECTIONS)}")
    problems += _column_problems(meta["columns"], meta["key"])
    problems += parameter_problems(meta)
    if "within" not in (meta["parameters"] or {}):
        problems.append("parameters.within is missing (how far ahead of the deadline a row is listed)")
    return problems + _rule_problems(meta)


def _column_problems(columns: object, key: list[str]) -> list[str]:
    if not isinstance(columns, dict):
        return ["columns should map each column's name to its heading"]
    problems = [f"column '{name}' is not a plain lower-case name" for name in columns if not NAME.match(str(name))]
    problems += [f"column '{name}' is missing" for name in REQUIRED_COLUMNS if name not in columns]
    countdowns = [name for name in columns if name in COUNTDOWNS]
    if len(countdowns) != 1:
        problems.append(f"give exactly one of the columns {', '.join(COUNTDOWNS)} (given: {len(countdowns)})")
    problems += [f"key column '{name}' is not one of the columns" for name in key if name not in columns]
    return problems


def _rule_problems(meta: dict) -> list[str]:
    """The rule must be a catalogue indicator, whose parameter names the tracker's own may not reuse."""
    rule = meta.get("rule")
    if rule is None:
        return []
    indicator = package_definitions().get(rule)
    if indicator is None:
        return [f"rule '{rule}' is not a catalogue indicator"]
    shared = sorted({p.name for p in indicator.parameters} & set(meta["parameters"] or {}))
    return [f"parameters.{name} is already a parameter of its rule, {rule}" for name in shared]


@cache
def package_trackers() -> dict[str, Tracker]:
    """The package's trackers, by section in the catalogue's order and then by id."""
    return load_package(__package__, load_tracker)
