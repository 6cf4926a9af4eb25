"""The SSDA903 return: one folder per collection year holding every CSV file of
the return, with the DfE's column names and DD/MM/YYYY dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scorecard.dates.periods import financial_year_label
from scorecard.ingest.ssda903_csv import FILES
from scorecard.synth.model import CarePeriod, Child, ClaEpisode, World
from scorecard.synth.writers.common import (
    ddmmyyyy,
    flag,
    known_by,
    overlaps,
    write_csv,
    year_bounds,
)

# The return's files and their columns, as the reader knows them (deprivation of
# liberty is not simulated).
COLUMNS = {name: columns for name, (_, columns) in FILES.items() if name != "dolo"}
SW_EPISODES_FROM = 2023  # the social worker episodes file starts with 2023-24


@dataclass
class Planted:
    """Mistakes the writer is asked to make, so loading can be seen to find them."""

    dropped_headers: set[tuple[int, str]] = field(default_factory=set)
    impossible_review_dates: set[tuple[int, str]] = field(default_factory=set)


def write_ssda903(world: World, year: int, folder: Path, planted: Planted) -> dict[str, int]:
    """Write every file for the year starting in April `year`; return rows per file."""
    first, reference = year_bounds(year)
    looked_after = [c for c in world.children.values() if _periods(c, first, reference)]
    leavers = [c for c in world.children.values() if _oc3(c, year)]
    header_children = {c.child_id: c for c in looked_after + leavers}
    rows = {
        "header": [
            _header_row(c, year, reference)
            for c in header_children.values()
            if (year, c.child_id) not in planted.dropped_headers
        ],
        "episodes": [_episode_row(c, e, year, reference) for c in looked_after for e in _episodes(c, first, reference)],
        "reviews": [
            (c.child_id, ddmmyyyy(c.birth_date), _review_date(day, year, c, planted), code)
            for c in looked_after
            for p in c.care
            for day, code in p.reviews
            if first <= day <= reference
        ],
        "uasc": [
            (c.child_id, _sex(c, year), ddmmyyyy(c.birth_date), ddmmyyyy(c.uasc_until))
            for c in looked_after
            if c.uasc_until and c.uasc_until >= first
        ],
        "oc2": [_oc2_row(c, year) for c in looked_after if _health(c, year)],
        "oc3": [_oc3_row(c, year) for c in leavers],
        "ad1": [_ad1_row(c, p) for c in looked_after for p in c.care if _adopted_in(p, first, reference)],
        # A decision to place for adoption is reported while the child is looked after.
        "placed_for_adoption": [
            (
                c.child_id,
                ddmmyyyy(c.birth_date),
                ddmmyyyy(p.adoption_decision),
                ddmmyyyy(known_by(p.adoption_reversed, reference)),
                "RD1" if known_by(p.adoption_reversed, reference) else "",
            )
            for c in looked_after
            for p in _periods(c, first, reference)
            if p.adoption_decision
            and overlaps(p.adoption_decision, known_by(p.adoption_reversed, reference), first, reference)
        ],
        "previous_permanence": [
            (c.child_id, ddmmyyyy(c.birth_date), p.previous_permanence, "", "")
            for c in looked_after
            for p in c.care
            if first <= p.start <= reference and not p.short_breaks
        ],
        "missing": [
            (c.child_id, ddmmyyyy(c.birth_date), m.kind, ddmmyyyy(m.start), ddmmyyyy(known_by(m.end, reference)))
            for c in looked_after
            for p in c.care
            for m in p.missing
            if overlaps(m.start, known_by(m.end, reference), first, reference)
        ],
    }
    if year >= SW_EPISODES_FROM:
        rows["sw_episodes"] = [
            (
                c.child_id,
                ddmmyyyy(c.birth_date),
                a.worker_id,
                ddmmyyyy(a.start),
                ddmmyyyy(known_by(a.end, reference)),
                a.reason if known_by(a.end, reference) and a.reason else "",
            )
            for c in looked_after
            for a in c.allocations
            if a.team.startswith("Children in Care")
            and a.worker_id
            and overlaps(a.start, known_by(a.end, reference), first, reference)
        ]
    return {name: write_csv(folder / f"{name}.csv", COLUMNS[name], data) for name, data in rows.items()}


def _periods(child: Child, first: date, reference: date) -> list[CarePeriod]:
    return [p for p in child.care if overlaps(p.start, known_by(p.end, reference), first, reference)]


def _episodes(child: Child, first: date, reference: date) -> list[ClaEpisode]:
    return [
        e
        for p in _periods(child, first, reference)
        for e in p.episodes
        if overlaps(e.start, known_by(e.end, reference), first, reference)
    ]


def _sex(child: Child, year: int) -> str:
    if year >= 2024:
        return child.sex
    return "1" if child.sex == "M" else "2"


def _header_row(child: Child, year: int, reference: date) -> tuple:
    mother = "" if child.sex == "M" else ("1" if child.is_mother else "0")
    return (
        child.child_id,
        _sex(child, year),
        ddmmyyyy(child.birth_date),
        child.ethnicity,
        child.upn or "",
        mother,
        "",
    )


def _episode_row(child: Child, episode: ClaEpisode, year: int, reference: date) -> tuple:
    ended = known_by(episode.end, reference)
    place = episode.place
    # Z1 was split into Z11-Z14 from 2025-26: LAs recode placements still open.
    if place == "Z1" and year >= 2025:
        place = "Z14"
    return (
        child.child_id,
        ddmmyyyy(episode.start),
        episode.rne,
        episode.legal_status,
        episode.need,
        place,
        episode.provider,
        ddmmyyyy(ended),
        episode.rec if ended else "",
        episode.reason_place_change if ended and episode.reason_place_change else "",
        child.home_postcode,
        episode.placement_postcode,
        episode.urn,
    )


def _review_date(day: date, year: int, child: Child, planted: Planted) -> str:
    if (year, child.child_id) in planted.impossible_review_dates:
        return f"31/02/{day.year}"
    return ddmmyyyy(day)


def _of_year(records: list, year: int):
    """The child's annual-cohort record (OC2 or OC3) for the year starting in April `year`."""
    label = financial_year_label(date(year, 4, 1))
    return next((r for r in records if r.cohort_year == label), None)


def _health(child: Child, year: int):
    return _of_year(child.health, year)


def _oc2_row(child: Child, year: int) -> tuple:
    h = _health(child, year)
    return (
        child.child_id,
        ddmmyyyy(child.birth_date),
        "" if h.sdq_score is None else h.sdq_score,
        h.sdq_reason or "",
        flag(h.convicted),
        flag(h.health_check),
        flag(h.immunisations),
        flag(h.teeth_check),
        flag(h.health_assessment),
        flag(h.substance_misuse),
        flag(h.intervention_received),
        flag(h.intervention_offered),
    )


def _oc3(child: Child, year: int):
    return _of_year(child.care_leaver, year)


def _oc3_row(child: Child, year: int) -> tuple:
    record = _oc3(child, year)
    return (
        child.child_id,
        ddmmyyyy(child.birth_date),
        record.in_touch,
        record.activity,
        record.accommodation,
    )


def _adopted_in(period: CarePeriod, first: date, reference: date) -> bool:
    last = period.episodes[-1]
    return last.rec in ("E11", "E12") and last.end is not None and first <= last.end <= reference


def _ad1_row(child: Child, period: CarePeriod) -> tuple:
    foster = period.episodes[-1].place == "A5"
    return (
        child.child_id,
        ddmmyyyy(child.birth_date),
        ddmmyyyy(period.adoption_decision),
        ddmmyyyy(period.matched),
        "1" if foster else "0",
        "2",
        "MF",
        "L11",
    )
