"""Realistic mess, planted on purpose and listed in mess.json, so that loading
and validation can be shown to find exactly what was planted.

Every CIN census file stays valid against its schema: the mess there is of the
kind a schema cannot catch (dates that contradict each other, late recording).
Invalid codes and impossible dates go into the CSV files, as they do in practice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from scorecard.dates.periods import financial_year_label
from scorecard.synth.draw import Draw
from scorecard.synth.model import World
from scorecard.synth.writers.ssda903 import Planted


@dataclass
class Mess:
    planted: Planted = field(default_factory=Planted)
    entries: list[dict] = field(default_factory=list)

    def note(self, kind: str, child_id: str, where: str, field_name: str, value: str, about: str) -> None:
        self.entries.append(
            {
                "kind": kind,
                "child_id": child_id,
                "where": where,
                "field": field_name,
                "value": value,
                "about": about,
            }
        )


def plant(world: World, draw: Draw, first_year: int, last_year: int) -> Mess:
    mess = Mess()
    middle = date(first_year + (last_year - first_year) // 2, 4, 1)
    children = sorted(world.children.values(), key=lambda c: c.child_id)
    _birth_after_referral(children, draw, middle, mess)
    _icpc_before_s47(children, draw, middle, mess)
    _late_recording(children, draw, first_year, last_year, mess)
    _bad_903_codes(children, draw, date(last_year, 4, 1), mess)
    _missing_header_and_bad_date(children, draw, last_year, mess)
    _bad_contact_source(world, draw, mess)
    return mess


def _birth_after_referral(children, draw: Draw, after: date, mess: Mess) -> None:
    candidates = [
        c
        for c in children
        if len(c.episodes) == 1
        and not c.care
        and after <= c.episodes[0].referral_date < after + timedelta(days=300)
        and c.episodes[0].closure_date
        and c.episodes[0].closure_date < after + timedelta(days=330)
    ]
    if not candidates:
        return
    child = draw.one_of(candidates)
    child.birth_date = child.episodes[0].referral_date + timedelta(days=20)
    mess.note(
        "birth_after_referral",
        child.child_id,
        "CIN census",
        "PersonBirthDate",
        child.birth_date.isoformat(),
        "the child's date of birth is after the referral date",
    )


def _icpc_before_s47(children, draw: Draw, after: date, mess: Mess) -> None:
    candidates = [
        (c, s)
        for c in children
        for e in c.episodes
        for s in e.s47s
        if s.icpc_date and after <= s.start < after + timedelta(days=200) and len(c.episodes) == 1
    ]
    if not candidates:
        return
    child, s47 = draw.one_of(candidates)
    s47.icpc_date = s47.start - timedelta(days=3)
    mess.note(
        "icpc_before_s47",
        child.child_id,
        "CIN census",
        "DateOfInitialCPC",
        s47.icpc_date.isoformat(),
        "the initial child protection conference is dated before its section 47 enquiry started",
    )


def _late_recording(children, draw: Draw, first_year: int, last_year: int, mess: Mess) -> None:
    for year in range(first_year, last_year):
        march = date(year + 1, 3, 31)
        candidates = [
            e
            for c in children
            for e in c.episodes
            if march - timedelta(days=10) <= e.referral_date <= march and not e.cp_plans and not e.nfa
        ]
        if not candidates:
            continue
        episode = draw.one_of(candidates)
        episode.recorded_late = True
        mess.note(
            "late_recording",
            episode.child_id,
            f"CIN census {financial_year_label(march)}",
            "CINreferralDate",
            episode.referral_date.isoformat(),
            "a referral recorded after the return was made: it first appears in the next year's return",
        )


def _bad_903_codes(children, draw: Draw, first: date, mess: Mess) -> None:
    last = date(first.year + 1, 3, 31)
    candidates = [
        (c, e)
        for c in children
        for p in c.care
        for e in p.episodes[:-1]
        if first <= e.start and e.end and e.end <= last and e.place.startswith("U") and e.legal_status == "C2"
    ]
    if len(candidates) < 2:
        return
    (child, episode), (other, second) = (
        draw.one_of(candidates[: len(candidates) // 2]),
        draw.one_of(candidates[len(candidates) // 2 :]),
    )
    episode.place = "U7"
    mess.note(
        "invalid_code",
        child.child_id,
        f"SSDA903 {financial_year_label(first)} episodes",
        "PLACE",
        "U7",
        "placement type U7 is not a valid code",
    )
    second.legal_status = "C3"
    mess.note(
        "invalid_code",
        other.child_id,
        f"SSDA903 {financial_year_label(first)} episodes",
        "LS",
        "C3",
        "legal status C3 is not a valid code",
    )


def _missing_header_and_bad_date(children, draw: Draw, year: int, mess: Mess) -> None:
    first, last = date(year, 4, 1), date(year + 1, 3, 31)
    looked_after = [
        c
        for c in children
        for p in c.care
        if not p.short_breaks and p.start <= first and (p.end is None or p.end > last) and p.reviews
    ]
    if len(looked_after) < 4:
        return
    dropped = draw.one_of(looked_after[: len(looked_after) // 2])
    mess.planted.dropped_headers.add((year, dropped.child_id))
    mess.note(
        "missing_header",
        dropped.child_id,
        f"SSDA903 {financial_year_label(first)} header",
        "CHILD",
        dropped.child_id,
        "the child has episodes but no row in the header file",
    )
    reviewed = [
        c
        for c in looked_after[len(looked_after) // 2 :]
        if any(first <= d <= last for p in c.care for d, _ in p.reviews)
    ]
    if not reviewed:
        return
    typo = draw.one_of(reviewed)
    mess.planted.impossible_review_dates.add((year, typo.child_id))
    mess.note(
        "impossible_date",
        typo.child_id,
        f"SSDA903 {financial_year_label(first)} reviews",
        "REVIEW",
        "31/02",
        "a review date of 31 February",
    )


def _bad_contact_source(world: World, draw: Draw, mess: Mess) -> None:
    contact = draw.one_of(world.contacts[-5000:])
    contact.source = "11"
    mess.note(
        "invalid_code",
        contact.child_id,
        "SSD ssd_contacts",
        "cont_contact_source_code",
        "11",
        "contact source 11 is not a valid code",
    )
