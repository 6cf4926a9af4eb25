"""The children in need census: one XML file per collection year, valid against
that year's DfE schema (element order, GenderCurrent or Sex, CIN plan dates from
2021-22), streamed to disk."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from lxml import etree

from scorecard.synth.model import Child, CinEpisode, World
from scorecard.synth.profile import LocalAuthority
from scorecard.synth.writers.common import element, known_by, overlaps, year_bounds

GENDER_CODES = {"M": "1", "F": "2"}


def write_cin_census(world: World, la: LocalAuthority, year: int, path: Path) -> int:
    """Write the return for the year starting in April `year`; return the children written."""
    first, reference = year_bounds(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write(_header(la, year, reference), pretty_print=True)
            with xf.element("Children"):
                for child in world.children.values():
                    episodes = [e for e in child.episodes if _in_return(e, year, first, reference)]
                    if episodes:
                        xf.write(_child(child, episodes, year, first, reference), pretty_print=True)
                        written += 1
    return written


def _in_return(episode: CinEpisode, year: int, first: date, reference: date) -> bool:
    if episode.recorded_late and episode.referral_date >= first:
        return False
    return overlaps(episode.referral_date, known_by(episode.closure_date, reference), first, reference)


def _header(la: LocalAuthority, year: int, reference: date) -> etree._Element:
    header = etree.Element("Header")
    details = element(header, "CollectionDetails")
    element(details, "Collection", "CIN")
    element(details, "Year", str(year + 1))
    element(details, "ReferenceDate", reference.isoformat())
    source = element(header, "Source")
    element(source, "SourceLevel", "L")
    element(source, "LEA", la.la_code)
    element(source, "SoftwareCode", "scorecard synth")
    element(source, "Release", "1")
    element(source, "SerialNo", "001")
    element(source, "DateTime", datetime(year + 1, 5, 1, 9, 0).isoformat())
    return header


def _child(child: Child, episodes: list[CinEpisode], year: int, first: date, reference: date) -> etree._Element:
    node = etree.Element("Child")
    ids = element(node, "ChildIdentifiers")
    element(ids, "LAchildID", child.child_id)
    if child.upn:
        element(ids, "UPN", child.upn)
    else:
        element(ids, "UPNunknown", "UN1" if child.age_on(reference) < 5 else "UN2")
    if child.birth_date <= reference:
        element(ids, "PersonBirthDate", child.birth_date.isoformat())
    else:
        element(ids, "ExpectedPersonBirthDate", child.birth_date.isoformat())
    if year >= 2024:
        element(ids, "Sex", child.sex)
    else:
        element(ids, "GenderCurrent", GENDER_CODES[child.sex])
    if died := known_by(child.death_date, reference):
        element(ids, "PersonDeathDate", died.isoformat())
    characteristics = element(node, "ChildCharacteristics")
    element(characteristics, "Ethnicity", child.ethnicity)
    disabilities = element(characteristics, "Disabilities")
    for code in child.disabilities:
        element(disabilities, "Disability", code)
    for episode in episodes:
        node.append(_episode(episode, year, first, reference))
    return node


def _episode(episode: CinEpisode, year: int, first: date, reference: date) -> etree._Element:
    details = etree.Element("CINdetails")
    _date(details, "CINreferralDate", episode.referral_date)
    element(details, "ReferralSource", episode.source)
    element(details, "PrimaryNeedCode", episode.need)
    if closed := known_by(episode.closure_date, reference):
        _date(details, "CINclosureDate", closed)
        element(details, "ReasonForClosure", episode.closure_reason)
    if icpc := known_by(episode.initial_cpc_date, reference):
        _date(details, "DateOfInitialCPC", icpc)
    for assessment in episode.assessments:
        authorised = known_by(assessment.authorised, reference)
        if not overlaps(assessment.start, authorised, first, reference):
            continue
        node = element(details, "Assessments")
        _date(node, "AssessmentActualStartDate", assessment.start)
        if authorised:
            _date(node, "AssessmentAuthorisationDate", authorised)
            factors = element(node, "FactorsIdentifiedAtAssessment")
            for code in assessment.factors:
                element(factors, "AssessmentFactors", code)
    if year >= 2021:
        for plan in episode.cin_plans:
            ended = known_by(plan.end, reference)
            if overlaps(plan.start, ended, first, reference):
                node = element(details, "CINPlanDates")
                _date(node, "CINPlanStartDate", plan.start)
                if ended:
                    _date(node, "CINPlanEndDate", ended)
    for s47 in episode.s47s:
        ended = known_by(s47.end, reference)
        if not overlaps(s47.start, ended, first, reference):
            continue
        node = element(details, "Section47")
        _date(node, "S47ActualStartDate", s47.start)
        _date(node, "InitialCPCtarget", s47.icpc_target)
        if held := known_by(s47.icpc_date, reference):
            _date(node, "DateOfInitialCPC", held)
        element(node, "ICPCnotRequired", "1" if s47.icpc_not_required and ended else "0")
    element(details, "ReferralNFA", "1" if episode.nfa else "0")
    for plan in episode.cp_plans:
        ended = known_by(plan.end, reference)
        if not overlaps(plan.start, ended, first, reference):
            continue
        node = element(details, "ChildProtectionPlans")
        _date(node, "CPPstartDate", plan.start)
        if ended:
            _date(node, "CPPendDate", ended)
        element(node, "InitialCategoryOfAbuse", plan.initial_category)
        element(node, "LatestCategoryOfAbuse", plan.latest_category)
        element(node, "NumberOfPreviousCPP", str(plan.previous_plans))
        reviews = [d for d in plan.reviews if first <= d <= reference]
        if reviews:
            node = element(node, "Reviews")
            for day in reviews:
                _date(node, "CPPreviewDate", day)
    return details


def _date(parent: etree._Element, tag: str, day: date) -> None:
    element(parent, tag, day.isoformat())
