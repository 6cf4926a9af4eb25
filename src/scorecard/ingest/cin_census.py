"""Reader of the children in need census XML (every schema year), streamed one
child at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from scorecard.ingest.records import FileInfo, RawRecord, Sniff
from scorecard.ingest.safexml import iter_elements, read_header, text_of, texts
from scorecard.store import ids


class CinCensusReader:
    title = "CIN census (XML)"

    def recognises(self, sniff: Sniff) -> bool:
        if sniff.xml_root != "Message":
            return False
        return "<Collection>CIN</Collection>" in sniff.text or "<CINdetails>" in sniff.text

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return read_header(path, FileInfo(kind="cin_census", source="CIN"))

    def records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        for number, child in enumerate(iter_elements(path, ("Child",)), start=1):
            yield from _child(child, f"Child[{number}]")


def _child(child: etree._Element, where: str) -> Iterator[RawRecord]:
    identifiers = child.find("ChildIdentifiers")
    known = texts(identifiers)
    child_id = known.get("LAchildID")

    def located(element: etree._Element | None, path: str) -> str:
        line = element.sourceline if element is not None else child.sourceline
        return f"{path} (line {line})"

    yield RawRecord(
        "child",
        {
            "child_id": child_id,
            "upn": known.get("UPN"),
            "former_upn": known.get("FormerUPN"),
            "upn_unknown": known.get("UPNunknown"),
            "sex": known.get("Sex") or known.get("GenderCurrent"),
            "ethnicity": text_of(child, "ChildCharacteristics/Ethnicity"),
            "birth_date": known.get("PersonBirthDate"),
            "expected_birth_date": known.get("ExpectedPersonBirthDate"),
            "death_date": known.get("PersonDeathDate"),
        },
        located(identifiers, where),
        child_id,
    )
    for n, code in enumerate(child.iterfind("ChildCharacteristics/Disabilities/Disability"), start=1):
        yield RawRecord(
            "child_disability",
            {"child_id": child_id, "disability_code": _strip(code.text)},
            located(code, f"{where}/Disability[{n}]"),
            child_id,
        )
    for n, details in enumerate(child.iterfind("CINdetails"), start=1):
        yield from _episode(details, child_id, f"{where}/CINdetails[{n}]", located)


def _episode(details: etree._Element, child_id: str | None, where: str, located) -> Iterator[RawRecord]:
    episode = texts(details)
    referral_date = episode.get("CINreferralDate")
    referral = ids.referral_id(child_id or "", referral_date or "")
    yield RawRecord(
        "cin_episode",
        {
            "referral_id": referral,
            "child_id": child_id,
            "referral_date": referral_date,
            "referral_source": episode.get("ReferralSource"),
            "primary_need_code": episode.get("PrimaryNeedCode"),
            "referral_nfa": episode.get("ReferralNFA"),
            "initial_cpc_date": episode.get("DateOfInitialCPC"),
            "closure_date": episode.get("CINclosureDate"),
            "closure_reason": episode.get("ReasonForClosure"),
        },
        located(details, where),
        child_id,
    )
    for n, node in enumerate(details.iterfind("Assessments"), start=1):
        item = texts(node)
        start = item.get("AssessmentActualStartDate")
        assessment = ids.within(referral, "A", start or "")
        path = f"{where}/Assessments[{n}]"
        yield RawRecord(
            "assessment",
            {
                "assessment_id": assessment,
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "internal_review_date": item.get("AssessmentInternalReviewDate"),
                "authorisation_date": item.get("AssessmentAuthorisationDate"),
            },
            located(node, path),
            child_id,
        )
        for k, factor in enumerate(node.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors"), start=1):
            yield RawRecord(
                "assessment_factor",
                {
                    "assessment_id": assessment,
                    "child_id": child_id,
                    "factor_code": _strip(factor.text),
                },
                located(factor, f"{path}/AssessmentFactors[{k}]"),
                child_id,
            )
    for n, node in enumerate(details.iterfind("CINPlanDates"), start=1):
        item = texts(node)
        start = item.get("CINPlanStartDate")
        yield RawRecord(
            "cin_plan",
            {
                "cin_plan_id": ids.within(referral, "CINP", start or ""),
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "end_date": item.get("CINPlanEndDate"),
            },
            located(node, f"{where}/CINPlanDates[{n}]"),
            child_id,
        )
    conferences = set()
    for n, node in enumerate(details.iterfind("Section47"), start=1):
        item = texts(node)
        start = item.get("S47ActualStartDate")
        s47 = ids.within(referral, "S47", start or "")
        path = f"{where}/Section47[{n}]"
        yield RawRecord(
            "s47",
            {
                "s47_id": s47,
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "icpc_target_date": item.get("InitialCPCtarget"),
                "icpc_not_required": item.get("ICPCnotRequired"),
            },
            located(node, path),
            child_id,
        )
        if held := item.get("DateOfInitialCPC"):
            conferences.add(held)
            yield _conference(referral, child_id, held, s47, located(node, f"{path}/DateOfInitialCPC"))
    # A conference on the episode with no enquiry behind it (e.g. a transfer in).
    held = episode.get("DateOfInitialCPC")
    if held and held not in conferences:
        yield _conference(referral, child_id, held, None, located(details, f"{where}/DateOfInitialCPC"))
    for n, node in enumerate(details.iterfind("ChildProtectionPlans"), start=1):
        item = texts(node)
        start = item.get("CPPstartDate")
        plan = ids.within(referral, "CPP", start or "")
        path = f"{where}/ChildProtectionPlans[{n}]"
        yield RawRecord(
            "cp_plan",
            {
                "cp_plan_id": plan,
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "end_date": item.get("CPPendDate"),
                "initial_category": item.get("InitialCategoryOfAbuse"),
                "latest_category": item.get("LatestCategoryOfAbuse"),
                "previous_plans": item.get("NumberOfPreviousCPP"),
            },
            located(node, path),
            child_id,
        )
        for k, review in enumerate(node.iterfind("Reviews/CPPreviewDate"), start=1):
            day = _strip(review.text)
            yield RawRecord(
                "cp_review",
                {
                    "cp_review_id": ids.within(plan, "R", day or ""),
                    "cp_plan_id": plan,
                    "child_id": child_id,
                    "review_date": day,
                },
                located(review, f"{path}/CPPreviewDate[{k}]"),
                child_id,
            )


def _conference(referral: str, child_id: str | None, held: str, s47: str | None, where: str) -> RawRecord:
    return RawRecord(
        "icpc",
        {
            "icpc_id": ids.within(referral, "ICPC", held),
            "s47_id": s47,
            "referral_id": referral,
            "child_id": child_id,
            "icpc_date": held,
        },
        where,
        child_id,
    )


def _strip(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
