"""The synthetic local authorities: their sizes and the rates their journeys follow.

Rates are set near the published England figures for 2024-25 (see
shared/reference/README.md and the DfE children in need, looked-after children
and workforce releases), so the demo's figures look like a real LA's.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Literal

Size = Literal["small", "medium", "large", "england"]

# Children aged 0-17 in one LA of each size.
POPULATION = {"small": 30_000, "medium": 80_000, "large": 250_000}
ENGLAND_POPULATION = 12_183_016
ENGLAND_LAS = 152

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

TOWN_NAMES = (
    "Northbridge",
    "Eastmoor",
    "Westholme",
    "Southcombe",
    "Ashford Vale",
    "Brackenfield",
    "Calderbrook",
    "Dunmere",
    "Elmstead",
    "Fernhill",
    "Glenmoor",
    "Harrowdale",
)


@dataclass(frozen=True)
class Rates:
    """Yearly rates per 10,000 children, and the chances along a child's journey."""

    referrals_per_10k: float = 519.0
    contacts_per_referral: float = 3.2
    rereferral_12m: float = 0.226
    rereferral_older: float = 0.20
    referral_nfa: float = 0.07
    assessment_45wd: float = 0.83
    child_seen: float = 0.96
    s47_per_referral: float = 0.33
    icpc_per_s47: float = 0.37
    icpc_15wd: float = 0.78
    cpp_per_icpc: float = 0.82
    transfer_in_cpp: float = 0.006
    # Second plans: the chance a child's plan, ended with the child still at home, is
    # followed by another within two years (about a third of second plans nationally
    # come that soon), and the chance a child new to the simulation had a plan before it
    # began, which together give about a quarter of plans as second or subsequent.
    repeat_cpp_2y: float = 0.09
    repeat_cpp_legacy: float = 0.15
    cin_plan_after_assessment: float = 0.32
    early_help_after_assessment: float = 0.12
    care_after_referral: float = 0.03
    care_after_cpp: float = 0.13
    care_entries_per_10k: float = 22.0
    uasc_per_10k: float = 2.6
    short_breaks_per_10k: float = 1.2
    missing_child: float = 0.11
    health_assessment: float = 0.90
    dental_check: float = 0.80
    cla_review_on_time: float = 0.90
    cla_visit_on_time: float = 0.88
    cpp_review_on_time: float = 0.92
    cpp_visit_on_time: float = 0.85
    care_leaver_eet_17_18: float = 0.66
    care_leaver_eet_19_21: float = 0.54
    care_leaver_suitable: float = 0.89
    care_leaver_in_touch: float = 0.92
    social_workers_per_10k: float = 26.0
    agency_share: float = 0.16
    vacancy_rate: float = 0.18
    turnover: float = 0.15
    sickness_days_per_fte: float = 9.0


@dataclass(frozen=True)
class LocalAuthority:
    la_code: str
    new_la_code: str
    name: str
    region: str
    population: int
    trend: float  # yearly drift in demand, e.g. 0.02 = referrals rise 2% a year

    @property
    def slug(self) -> str:
        """Folder name: `001_northbridge`."""
        town = self.name.removesuffix(" (synthetic)")
        return f"{self.la_code}_{re.sub(r'[^a-z0-9]+', '_', town.lower()).strip('_')}"


def authorities(size: Size, seed: int) -> list[LocalAuthority]:
    """The LAs of a synthetic run: one, or 152 for `england`.

    Codes 001-152 are used because no real LA has a code below 201, so synthetic
    data can never be mistaken for a real authority's.
    """
    rng = random.Random(f"authorities-{seed}")
    if size != "england":
        return [_authority(1, POPULATION[size], rng)]
    weights = [rng.lognormvariate(0, 0.6) for _ in range(ENGLAND_LAS)]
    total = sum(weights)
    return [_authority(i + 1, max(2_000, round(ENGLAND_POPULATION * w / total)), rng) for i, w in enumerate(weights)]


def _authority(number: int, population: int, rng: random.Random) -> LocalAuthority:
    town = TOWN_NAMES[(number - 1) % len(TOWN_NAMES)]
    name = town if number <= len(TOWN_NAMES) else f"{town} {number}"
    return LocalAuthority(
        la_code=f"{number:03d}",
        new_la_code=f"E99{number:06d}",
        name=f"{name} (synthetic)",
        region=REGIONS[(number - 1) % len(REGIONS)],
        population=population,
        trend=rng.uniform(-0.03, 0.04),
    )
