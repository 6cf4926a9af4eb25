"""The Ofsted ILACS Annex A workbook: lists 1 to 11 of children's records over
the twelve months before the inspection date, one sheet per list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from scorecard.synth.model import CarePeriod, Child, CinEpisode, World
from scorecard.synth.writers.common import known_by, overlaps

PERSON = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
LISTS = {
    "List 1": (*PERSON, "Date of Contact", "Contact Source"),
    "List 2": (*PERSON, "Assessment start date", "Assessment completion date", "Organisation completing assessment"),
    "List 3": (
        *PERSON,
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 4": (
        *PERSON,
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 5": (
        *PERSON,
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 6": (
        *PERSON,
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "CIN Closure Date",
        "Reason for Closure",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 7": (
        *PERSON,
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Number of Previous Child Protection Plans",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 8": (
        *PERSON,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 9": (
        *PERSON,
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ),
    "List 10": (
        *PERSON,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Matching Child and Prospective Adopters",
        "Date of Adoption Order",
    ),
    "List 11": ("Individual adopter identifier", "Gender", "Ethnicity", "Date enquiry received"),
}
GENDER = {"M": "a) Male", "F": "b) Female"}


def write_annex_a(world: World, as_at: date, path: Path) -> dict[str, int]:
    """Write the workbook for the twelve months to `as_at`; return rows per list."""
    first = as_at - timedelta(days=364)
    rows: dict[str, list[tuple]] = {name: [] for name in LISTS}
    for contact in world.contacts:
        if first <= contact.contact_date <= as_at:
            child = world.children[contact.child_id]
            rows["List 1"].append((*_person(child, as_at), contact.contact_date, contact.source))
    for help_episode in world.early_help:
        if first <= help_episode.start <= as_at:
            child = world.children[help_episode.child_id]
            rows["List 2"].append(
                (
                    *_person(child, as_at),
                    help_episode.start,
                    known_by(help_episode.end, as_at),
                    help_episode.organisation,
                )
            )
    names = {w.worker_id: w.name for w in world.workers}
    for child in world.children.values():
        for episode in child.episodes:
            _cin_lists(child, episode, first, as_at, rows, names)
        for period in child.care:
            _care_list(child, period, first, as_at, rows, names)
        _leaver_list(child, first, as_at, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    # A fixed creation time keeps the file identical for the same seed.
    workbook.set_properties({"title": "Annex A (synthetic)", "created": _midnight(as_at)})
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, header in LISTS.items():
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, header)
        for r, row in enumerate(rows[name], start=1):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, _midnight(value), dates)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return {name: len(data) for name, data in rows.items()}


def _person(child: Child, as_at: date) -> tuple:
    age = round((as_at - child.birth_date).days / 365.25, 2)
    return (child.child_id, GENDER[child.sex], child.ethnicity, child.birth_date, age)


def _disabled(child: Child) -> str:
    return "b) No" if child.disabilities == ["NONE"] else "a) Yes"


def _cin_lists(child: Child, episode: CinEpisode, first: date, as_at: date, rows: dict, names: dict) -> None:
    if episode.referral_date > as_at:
        return
    person = _person(child, as_at)
    worker = names.get(episode.worker_id, "")
    if first <= episode.referral_date:
        earlier = sum(
            1
            for e in child.episodes
            if episode.referral_date - timedelta(days=365) <= e.referral_date < episode.referral_date
        )
        rows["List 3"].append(
            (
                *person,
                episode.referral_date,
                episode.source,
                "Yes" if episode.nfa else "No",
                earlier,
                episode.team,
                worker,
            )
        )
    for a in episode.assessments:
        authorised = known_by(a.authorised, as_at)
        if overlaps(a.start, authorised, first, as_at):
            rows["List 4"].append(
                (
                    *person,
                    _disabled(child),
                    a.start,
                    "Yes" if a.child_seen else "No",
                    authorised,
                    "Yes" if a.needs_services else "No",
                    a.team,
                    names.get(a.worker_id, ""),
                )
            )
    for s in episode.s47s:
        if first <= s.start <= as_at:
            held = known_by(s.icpc_date, as_at)
            plan = "Yes" if held and any(p.start == held for p in episode.cp_plans) else "No"
            rows["List 5"].append(
                (
                    *person,
                    _disabled(child),
                    s.start,
                    "Yes" if s.icpc_not_required else "No",
                    held,
                    plan if held else None,
                    episode.team,
                    worker,
                )
            )
    closed = known_by(episode.closure_date, as_at)
    if overlaps(episode.referral_date, closed, first, as_at):
        rows["List 6"].append(
            (
                *person,
                _disabled(child),
                episode.referral_date,
                episode.need,
                closed,
                episode.closure_reason if closed else None,
                episode.team,
                worker,
            )
        )
    for p in episode.cp_plans:
        ended = known_by(p.end, as_at)
        if overlaps(p.start, ended, first, as_at):
            visit = max((v for v in p.visits if v <= as_at), default=None)
            review = max((v for v in p.reviews if v <= as_at), default=None)
            rows["List 7"].append(
                (
                    *person,
                    _disabled(child),
                    p.start,
                    p.initial_category,
                    p.latest_category,
                    visit,
                    review,
                    ended,
                    p.previous_plans,
                    episode.team,
                    worker,
                )
            )


def _care_list(child: Child, period: CarePeriod, first: date, as_at: date, rows: dict, names: dict) -> None:
    ended = known_by(period.end, as_at)
    if period.short_breaks or not overlaps(period.start, ended, first, as_at):
        return
    current = [e for e in period.episodes if e.start <= as_at][-1]
    review = max((d for d, _ in period.reviews if d <= as_at), default=None)
    visit = max((v for v in period.visits if v <= as_at), default=None)
    placements = sum(1 for e in period.episodes if first <= e.start <= as_at and e.rne in ("S", "P", "B", "U", "T"))
    missing = sum(1 for m in period.missing if m.kind == "M" and first <= m.start <= as_at)
    allocation = next((a for a in reversed(child.allocations) if a.start <= as_at), None)
    uasc = "a) Yes" if child.uasc_until and child.uasc_until >= first else "b) No"
    rows["List 8"].append(
        (
            *_person(child, as_at),
            uasc,
            _disabled(child),
            period.start,
            current.need,
            current.legal_status,
            review,
            visit,
            placements,
            ended,
            period.episodes[-1].rec if ended else None,
            current.start,
            current.place,
            current.provider,
            current.placement_postcode,
            current.urn,
            missing,
            allocation.team if allocation else None,
            names.get(allocation.worker_id, "") if allocation else None,
        )
    )
    if period.adoption_decision and period.adoption_decision <= as_at:
        adopted = ended if period.episodes[-1].rec in ("E11", "E12") else None
        rows["List 10"].append(
            (*_person(child, as_at), period.start, period.adoption_decision, known_by(period.matched, as_at), adopted)
        )


def _leaver_list(child: Child, first: date, as_at: date, rows: dict) -> None:
    service = child.leaving_care_service
    if not service or service[0] > as_at or service[1] < first:
        return
    latest = child.care_leaver[-1] if child.care_leaver else None
    review = max((d for d in child.pathway_reviews if d <= as_at), default=None)
    contact = max((d for d in child.leaving_care_contacts if d <= as_at), default=None)
    rows["List 9"].append(
        (
            *_person(child, as_at),
            f"PA{int(child.child_id) % 12 + 1:02d}",
            "Former relevant" if child.age_on(as_at) >= 18 else "Relevant",
            review,
            latest.in_touch if latest else None,
            contact,
            latest.accommodation[:1] if latest and latest.accommodation != "0" else None,
            ("Suitable" if latest.accommodation.endswith("1") else "Unsuitable")
            if latest and latest.accommodation != "0"
            else None,
            latest.activity if latest else None,
        )
    )


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
