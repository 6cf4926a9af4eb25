"""The LA's config: one readable YAML file (scorecard.yml by default).

    la_code: "382"
    name: Kirklees
    population: {2023: 95000, 2024: 95400}   # children aged 0-17, by ONS mid-year
    districts: [E08000034]                   # ONS codes of the districts the LA covers
    parameters:
      cpp_visits_timely: {days: 10}
      assessments_local_timescale: {days: 20, calendar: working}
      icpc_due: {within: 10}                  # a tracker's own settings (its rule's are the indicator's)
    indicators_folder: my_indicators          # the LA's own definitions
    region: Yorkshire and The Humber          # or its ONS code, E12000003
    statistical_neighbours: 2025              # the DfE model's edition, or a list of LA codes
    targets:
      rereferrals_12m: 18                     # the target alone
      assessments_45wd: {target: 85, tolerance: 5}
      icpc_15wd: {target: 80, tolerance: 5, years: {2026-27: {target: 85}}}
    suppression_threshold: 5                  # public outputs hide counts below this

Every problem is collected in one pass and reported with its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scorecard import yamltext
from scorecard.backends import BackendChoice, BackendError
from scorecard.judge.targets import Target

DEFAULT_CONFIG = Path("scorecard.yml")
KEYS = (
    "la_code",
    "name",
    "population",
    "districts",
    "parameters",
    "indicators_folder",
    "region",
    "statistical_neighbours",
    "targets",
    "suppression_threshold",
    "engine",
)
SUPPRESSION_THRESHOLD = 5  # the catalogue's: counts of 1-4 children are shown as "fewer than 5"


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
    region: str | None = None
    statistical_neighbours: tuple[str, ...] | str | None = None  # LA codes, or a model edition
    targets: dict[str, Targets] = field(default_factory=dict)
    suppression_threshold: int = SUPPRESSION_THRESHOLD
    engine: BackendChoice = field(default_factory=BackendChoice)
    path: Path | None = None

    def parameters_for(self, indicator_id: str) -> dict[str, object]:
        return self.parameters.get(indicator_id, {})

    def target_for(self, indicator_id: str, year: str) -> Target | None:
        """The target for an indicator in a financial year (2025-26): the year's own if
        set, else the indicator's standing target."""
        targets = self.targets.get(indicator_id)
        if targets is None:
            return None
        return targets.years.get(year, targets.standing)


@dataclass(frozen=True)
class Targets:
    standing: Target | None
    years: dict[str, Target] = field(default_factory=dict)


def load_config(path: Path | None = None) -> Config:
    """The config at `path`, or at ./scorecard.yml if there is one, or the defaults."""
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return Config()
        path = DEFAULT_CONFIG
    if not path.is_file():
        raise ConfigError(f"{path}: there is no such config file")
    try:
        raw = yamltext.parse(path.read_text(encoding="utf-8")) or {}
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
    region = _region(raw.get("region"), problems)
    neighbours = _neighbours(raw.get("statistical_neighbours"), problems)
    targets = _targets(raw.get("targets") or {}, problems)
    threshold = raw.get("suppression_threshold", SUPPRESSION_THRESHOLD)
    if not (isinstance(threshold, int) and not isinstance(threshold, bool) and threshold >= 1):
        problems.append(f"suppression_threshold: '{threshold}' should be a whole number of 1 or more, e.g. 5")
    engine = _engine(raw.get("engine") or {}, problems)
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
        region=region,
        statistical_neighbours=neighbours,
        targets=targets,
        suppression_threshold=threshold,
        engine=engine,
        path=path,
    )


def _engine(raw: object, problems: list[str]) -> BackendChoice:
    known = ("name", "at", "master")
    if not isinstance(raw, dict) or any(key not in known or not isinstance(raw[key], str) for key in raw):
        problems.append(
            "engine: give name (duckdb, postgres or spark), at and, for spark, master, "
            "e.g. {name: postgres, at: 'service=regional'}"
        )
        return BackendChoice()
    try:
        return BackendChoice(**raw)
    except BackendError as error:
        problems.append(f"engine: {error}")
        return BackendChoice()


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
    """Parameter values, checked against the definitions (indicators or trackers) they belong to."""
    from scorecard.indicators.definition import package_definitions
    from scorecard.trackers.definition import package_trackers

    if not isinstance(raw, dict):
        problems.append("parameters: give values by indicator id, e.g. cpp_visits_timely: {days: 10}")
        return {}
    definitions = package_definitions() | package_trackers()
    checked: dict[str, dict[str, object]] = {}
    for indicator_id, values in raw.items():
        definition = definitions.get(indicator_id)
        if definition is None:
            problems.append(f"parameters.{indicator_id}: no catalogue indicator has this id, nor does any tracker")
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


def _region(raw: object, problems: list[str]) -> str | None:
    """The region's ONS code, from its code or its name."""
    from scorecard.published.mapping import mapping

    if raw is None:
        return None
    regions = mapping().regions
    code = str(raw) if str(raw) in regions else mapping().region_code(str(raw))
    if code is None:
        problems.append(f"region: '{raw}' is not an English region (one of: {', '.join(regions.values())})")
    return code


def _neighbours(raw: object, problems: list[str]) -> tuple[str, ...] | str | None:
    if raw is None:
        return None
    if isinstance(raw, int | str) and re.fullmatch(r"20\d\d", str(raw)):
        return str(raw)
    if isinstance(raw, list) and raw and all(isinstance(c, int | str) and str(c).strip() for c in raw):
        return tuple(str(c).strip() for c in raw)
    problems.append(
        f"statistical_neighbours: '{raw}' should be the DfE model's edition (2021 or 2025) "
        "or a list of LA codes, e.g. [370, 371, 373]"
    )
    return None


def _targets(raw: object, problems: list[str]) -> dict[str, Targets]:
    if not isinstance(raw, dict):
        problems.append("targets: give targets by indicator id, e.g. rereferrals_12m: {target: 18, tolerance: 2}")
        return {}
    targets = {}
    for indicator_id, spec in raw.items():
        key = f"targets.{indicator_id}"
        if not re.fullmatch(r"[a-z0-9_]+", str(indicator_id)):
            problems.append(f"{key}: '{indicator_id}' is not an indicator id (lower case, digits and _)")
            continue
        standing = _target(spec, key, problems, allow_years=True)
        years = {}
        for year, year_spec in (spec.get("years") or {}).items() if isinstance(spec, dict) else []:
            if not re.fullmatch(r"\d{4}-\d{2}", str(year)):
                problems.append(f"{key}.years.{year}: give the financial year as 2025-26")
                continue
            merged = {"tolerance": spec.get("tolerance", 0)} | (
                year_spec if isinstance(year_spec, dict) else {"target": year_spec}
            )
            target = _target(merged, f"{key}.years.{year}", problems)
            if target:
                years[str(year)] = target
        targets[str(indicator_id)] = Targets(standing, years)
    return targets


def _target(spec: object, key: str, problems: list[str], allow_years: bool = False) -> Target | None:
    """One target: a number, or {target, tolerance}."""
    if _is_number(spec):
        return Target(float(spec))
    allowed = {"target", "tolerance"} | ({"years"} if allow_years else set())
    if not isinstance(spec, dict) or set(spec) - allowed:
        problems.append(f"{key}: give a number, or {{target: 85, tolerance: 5}} (optionally with years)")
        return None
    if "target" not in spec:
        if not (allow_years and spec.get("years")):
            problems.append(f"{key}: no target given")
        return None
    target, tolerance = spec["target"], spec.get("tolerance", 0)
    if not _is_number(target):
        problems.append(f"{key}.target: '{target}' is not a number")
    elif not (_is_number(tolerance) and tolerance >= 0):
        problems.append(f"{key}.tolerance: '{tolerance}' should be a number of 0 or more")
    else:
        return Target(float(target), float(tolerance))
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
