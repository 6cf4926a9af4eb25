"""The LA's config: one readable YAML file (scorecard.yml by default).

    la_code: "382"
    name: Kirklees
    population: {2023: 95000, 2024: 95400}   # children aged 0-17, by ONS mid-year
    districts: [E08000034]                   # ONS codes of the districts the LA covers
    parameters:
      cpp_visits_timely: {days: 10}
      assessments_local_timescale: {days: 20, calendar: working}
    indicators_folder: my_indicators          # the LA's own definitions

Every problem is collected in one pass and reported with its key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_CONFIG = Path("scorecard.yml")
KEYS = ("la_code", "name", "population", "districts", "parameters", "indicators_folder")


class ConfigError(ValueError):
    """The config cannot be used; the message lists each problem with its key."""


@dataclass(frozen=True)
class Config:
    la_code: str | None = None
    name: str | None = None
    population: dict[int, int] = field(default_factory=dict)
    districts: tuple[str, ...] = ()
    parameters: dict[str, dict[str, object]] = field(default_factory=dict)
    indicators_folder: Path | None = None
    path: Path | None = None

    def parameters_for(self, indicator_id: str) -> dict[str, object]:
        return self.parameters.get(indicator_id, {})


def load_config(path: Path | None = None) -> Config:
    """The config at `path`, or at ./scorecard.yml if there is one, or the defaults."""
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return Config()
        path = DEFAULT_CONFIG
    if not path.is_file():
        raise ConfigError(f"{path}: there is no such config file")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the config must be a mapping of keys to values")
    problems = [f"{key}: not a setting scorecard knows (settings: {', '.join(KEYS)})" for key in raw if key not in KEYS]
    population = _population(raw.get("population") or {}, problems)
    parameters = _parameters(raw.get("parameters") or {}, problems)
    folder = raw.get("indicators_folder")
    folder_path = (path.parent / folder) if folder else None
    if folder_path and not folder_path.is_dir():
        problems.append(f"indicators_folder: {folder_path} is not a folder")
    districts = raw.get("districts") or []
    if not (isinstance(districts, list) and all(isinstance(d, str) for d in districts)):
        problems.append("districts: give the ONS codes of the LA's districts as a list, e.g. [E08000034]")
        districts = []
    if problems:
        raise ConfigError(f"{path}:\n" + "\n".join(f"  {p}" for p in problems))
    la_code = raw.get("la_code")
    return Config(
        la_code=str(la_code) if la_code else None,
        name=raw.get("name"),
        population=population,
        districts=tuple(districts),
        parameters=parameters,
        indicators_folder=folder_path,
        path=path,
    )


def _population(raw: object, problems: list[str]) -> dict[int, int]:
    if not isinstance(raw, dict):
        problems.append("population: give children aged 0-17 by mid-year, e.g. {2024: 95400}")
        return {}
    population = {}
    for year, count in raw.items():
        if not (isinstance(year, int) and isinstance(count, int) and count > 0):
            problems.append(f"population.{year}: give a year and a whole number of children, e.g. 2024: 95400")
        else:
            population[year] = count
    return population


def _parameters(raw: object, problems: list[str]) -> dict[str, dict[str, object]]:
    """Parameter values, checked against the definitions they belong to."""
    from scorecard.indicators.definition import package_definitions

    if not isinstance(raw, dict):
        problems.append("parameters: give values by indicator id, e.g. cpp_visits_timely: {days: 10}")
        return {}
    definitions = package_definitions()
    checked: dict[str, dict[str, object]] = {}
    for indicator_id, values in raw.items():
        definition = definitions.get(indicator_id)
        if definition is None:
            problems.append(f"parameters.{indicator_id}: no catalogue indicator has this id")
            continue
        if not isinstance(values, dict):
            problems.append(f"parameters.{indicator_id}: give its parameters by name, e.g. {{days: 10}}")
            continue
        known = {p.name: p for p in definition.parameters}
        for name, value in values.items():
            key = f"parameters.{indicator_id}.{name}"
            parameter = known.get(name)
            if parameter is None:
                names = ", ".join(known) or "none"
                problems.append(f"{key}: {indicator_id} has no parameter '{name}' (it has: {names})")
            elif type(value) is not type(parameter.default) and not (
                isinstance(value, int | float) and isinstance(parameter.default, float)
            ):
                problems.append(f"{key}: '{value}' should be like the default, {parameter.default!r}")
            elif parameter.choices and value not in parameter.choices:
                problems.append(f"{key}: '{value}' is not one of {', '.join(parameter.choices)}")
            else:
                checked.setdefault(indicator_id, {})[name] = value
    return checked
