"""A synthetic local authority (or all of England), written as real return files.

`synthesise` simulates each LA's children year by year and writes, per LA:
- cin_census/cin_census_<year>.xml: one CIN census per collection year
- ssda903/<year>/*.csv: every SSDA903 file per collection year
- csww/csww_<year>.xml: the workforce census at 30 September of each year
- annex_a/annex_a.xlsx: the Ofsted Annex A lists for the last twelve months
  (not for `england`, whose use is the national store)
- ssd/ssd_*.csv: a Standard Safeguarding Dataset style local extract
- local_measures.csv and benchmarks_synthetic.csv
- mess.json: the mistakes planted on purpose
- scorecard.yml: the LA's config (code, name, population, district)
LAs are simulated and written one at a time (one per core for England), so
England-size runs stream to disk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import yaml

from scorecard.dates.periods import financial_year_label
from scorecard.synth.mess import plant
from scorecard.synth.profile import LocalAuthority, Rates, Size, authorities
from scorecard.synth.simulate import Simulation
from scorecard.synth.writers.annex_a import write_annex_a
from scorecard.synth.writers.benchmarks import write_benchmarks
from scorecard.synth.writers.cin_census import write_cin_census
from scorecard.synth.writers.csww import write_csww
from scorecard.synth.writers.local_measures import write_local_measures
from scorecard.synth.writers.ssd_extract import write_ssd_extract
from scorecard.synth.writers.ssda903 import write_ssda903

# The latest collection year scorecard knows the schemas of: 2025-26.
LATEST_YEAR = 2025
EARLIEST_YEAR = 2016  # the oldest CIN census schema is for 2016-17


@dataclass
class YearCounts:
    year: str
    cin_children: int
    referrals: int
    cla_episodes: int
    ssda903_children: int
    workers: int


@dataclass
class AuthorityReport:
    la_code: str
    new_la_code: str
    name: str
    region: str
    population: int
    folder: str
    years: list[YearCounts]


Progress = Callable[[int, int, str], None]


class SynthError(ValueError):
    """The request cannot be met; the message says why."""


def synthesise(
    size: Size,
    years: int,
    seed: int,
    out: Path,
    last_year: int = LATEST_YEAR,
    progress: Progress | None = None,
) -> list[AuthorityReport]:
    first_year = last_year - years + 1
    if years < 1 or first_year < EARLIEST_YEAR or last_year > LATEST_YEAR:
        raise SynthError(
            f"years must cover collection years {financial_year_label(date(EARLIEST_YEAR, 4, 1))} "
            f"to {financial_year_label(date(LATEST_YEAR, 4, 1))}: at most {last_year - EARLIEST_YEAR + 1} years"
        )
    out.mkdir(parents=True, exist_ok=True)
    las = authorities(size, seed)
    if size == "england":
        reports = _in_parallel(las, first_year, last_year, seed, out, progress)
    else:
        steps = _Steps(len(las) * (years + 2), progress)
        reports = [_authority(la, first_year, last_year, seed, out, steps) for la in las]
        steps.advance("done")
    manifest = {
        "synthetic": True,
        "size": size,
        "seed": seed,
        "years": [financial_year_label(date(y, 4, 1)) for y in range(first_year, last_year + 1)],
        "authorities": [asdict(r) for r in reports],
    }
    (out / "synth.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return reports


def _in_parallel(
    las: list[LocalAuthority], first_year: int, last_year: int, seed: int, out: Path, progress: Progress | None
) -> list[AuthorityReport]:
    """Each LA on its own core: every LA has its own seed, so the files are the same
    whatever the order. The national store needs no Annex A workbooks, so none are written."""
    steps = _Steps(len(las), progress)
    steps.advance("simulating and writing LAs")
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        jobs = [pool.submit(_authority, la, first_year, last_year, seed, out, None, False) for la in las]
        for job in as_completed(jobs):
            steps.advance(f"{job.result().name} written")
    return [job.result() for job in jobs]


# Targets a performance team might set, with the tolerance of their amber band.
DEMO_TARGETS = {
    "rereferrals_12m": {"target": 20, "tolerance": 2},
    "assessments_45wd": {"target": 85, "tolerance": 5},
    "icpc_15wd": {"target": 80, "tolerance": 5},
    "cpp_repeat_ever": {"target": 22, "tolerance": 3},
    "cpp_visits_timely": {"target": 90, "tolerance": 5},
    "cla_placements_3plus": {"target": 10, "tolerance": 2},
    "cla_long_term_stability": {"target": 70, "tolerance": 5},
    "cla_visits_timely": {"target": 90, "tolerance": 5},
    "care_leavers_eet_19_21": {"target": 55, "tolerance": 5},
    "sw_vacancy_rate": {"target": 15, "tolerance": 3},
}


def _write_config(path: Path, la: LocalAuthority, district: str, years: range) -> None:
    """The LA's config, as an analyst would write it: code, name, the children living
    in the LA each year (for rates), the district its area stands for, its region and
    neighbours (those of the synthetic benchmarks file) and the targets it has set."""
    config = {
        "la_code": la.la_code,
        "name": la.name,
        "population": {year: la.population for year in years},
        "districts": [district],
        "region": la.region,
        "statistical_neighbours": [f"N{i:02d}" for i in range(1, 11)],
        "targets": DEMO_TARGETS,
        "suppression_threshold": 5,
    }
    header = "# Config of a synthetic LA, written by scorecard synth (see src/scorecard/config.py).\n"
    path.write_text(header + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


class _Steps:
    """Counts work done for a progress bar: per LA, the simulation, each year, the rest."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def advance(self, label: str) -> None:
        if self.progress:
            self.progress(self.done, self.total, label)
        self.done += 1


def _authority(
    la: LocalAuthority,
    first_year: int,
    last_year: int,
    seed: int,
    out: Path,
    steps: _Steps | None,
    annex_a: bool = True,
) -> AuthorityReport:
    steps = steps or _Steps(0, None)
    steps.advance(f"{la.name}: simulating children's journeys")
    simulation = Simulation(la, first_year, last_year, seed, Rates())
    world = simulation.run()
    mess = plant(world, simulation.draw, first_year, last_year)
    folder = out / la.slug
    label_seed = f"{seed}-{la.la_code}"
    counts = []
    for year in range(first_year, last_year + 1):
        label = financial_year_label(date(year, 4, 1))
        steps.advance(f"{la.name}: writing {label} returns")
        children = write_cin_census(world, la, year, folder / "cin_census" / f"cin_census_{label}.xml")
        files = write_ssda903(world, year, folder / "ssda903" / label, mess.planted)
        workers = write_csww(world, la, year, folder / "csww" / f"csww_{label}.xml", label_seed)
        referrals = sum(
            1
            for c in world.children.values()
            for e in c.episodes
            if date(year, 4, 1) <= e.referral_date <= date(year + 1, 3, 31)
        )
        counts.append(YearCounts(label, children, referrals, files["episodes"], files["header"], workers))
    first, as_at = date(first_year, 4, 1), date(last_year + 1, 3, 31)
    steps.advance(f"{la.name}: writing Annex A, local extract and benchmarks")
    if annex_a:
        write_annex_a(world, as_at, folder / "annex_a" / "annex_a.xlsx")
    write_ssd_extract(world, first, as_at, folder / "ssd")
    write_local_measures(first, as_at, folder / "local_measures.csv", label_seed, la.population / 80_000)
    write_benchmarks(la, range(first_year, last_year + 1), folder / "benchmarks_synthetic.csv", label_seed)
    (folder / "mess.json").write_text(json.dumps(mess.entries, indent=2), encoding="utf-8")
    _write_config(folder / "scorecard.yml", la, simulation.places.district, range(first_year, last_year + 1))
    return AuthorityReport(la.la_code, la.new_la_code, la.name, la.region, la.population, la.slug, counts)
