"""The map from published measures to catalogue indicators (measures.yml), read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from scorecard import yamltext

MARCH = "03-31"


@dataclass(frozen=True)
class EesMeasure:
    indicator_id: str
    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    per_10k: str | None = None
    category: str | None = None
    count: str | None = None
    percent: str | None = None
    where: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> set[str]:
        """The columns a file must have to hold this measure."""
        named = {self.value, self.per_10k, self.category, self.count, self.percent} | set(self.where)
        if not self.category:
            named |= {self.numerator, self.denominator}
        return {c for c in named if c}


@dataclass(frozen=True)
class EesFile:
    stem: str
    reference: str
    measures: tuple[EesMeasure, ...]


@dataclass(frozen=True)
class LaitMeasure:
    short_desc: str
    indicator_id: str
    reference: str = MARCH


@dataclass(frozen=True)
class Mapping:
    population: str
    ees: tuple[EesFile, ...]
    lait: dict[str, LaitMeasure]
    other: dict[str, str]
    regions: dict[str, str]
    sub_regions: dict[str, str]

    def ees_file(self, name: str) -> EesFile | None:
        """The EES file a file name is an edition of (names carry the years they cover)."""
        return next((f for f in self.ees if name.startswith(f.stem)), None)

    def other_file(self, name: str) -> str | None:
        return next((why for stem, why in self.other.items() if name.startswith(stem)), None)

    def region_code(self, name: str) -> str | None:
        wanted = name.strip().casefold()
        return next((code for code, known in self.regions.items() if known.casefold() == wanted), None)

    def region_of(self, code: str, name: str) -> str | None:
        """The region an LA row names, by code (Inner and Outer London are London) or name."""
        code = self.sub_regions.get(code, code)
        return code if code in self.regions else self.region_code(name)


@cache
def mapping() -> Mapping:
    raw = yamltext.parse(resources.files("scorecard.published").joinpath("measures.yml").read_text(encoding="utf-8"))
    ees = tuple(
        EesFile(
            stem,
            spec["reference"],
            tuple(EesMeasure(indicator_id, **measure) for indicator_id, measure in spec["measures"].items()),
        )
        for stem, spec in raw["ees"].items()
    )
    lait = {
        short: LaitMeasure(short, spec["indicator"], spec.get("reference", MARCH))
        for short, spec in raw["lait"].items()
    }
    return Mapping(raw["population"], ees, lait, raw["other"], raw["regions"], raw["sub_regions"])
