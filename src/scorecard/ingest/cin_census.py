"""Reader of the children in need census XML (every schema year), streamed one
child at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from scorecard.ingest.records import FileInfo, RawRecord, Sniff
from scorecard.ingest.safexml import iter_elements, read_header, text_of
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
    child_id = text_of(child, "ChildIdentifiers/LAchildID")
    identifiers = child.find("ChildIdentifiers")

    def located(element: etree._Element | None, path: str) -> str:
        line = element.sourceline if element is not None else child.sourceline
        return f"{path} (line {line})"

    yield RawRecord(
        "child",
        {
            "child_id": child_id,
            "upn": text_of(identifiers, "UPN"),
            "former_upn": text_of(identifiers, "FormerUPN"),
            "upn_unknown": text_of(identifiers, "UPNunknown"),
            "sex": text_of(identifiers, "Sex") or text_of(identifiers, "GenderCurrent"),
            "ethnicity": text_of(child, "ChildCharacteristics/Ethnicity"),
            "birth_date": text_of(identifiers, "PersonBirthDate"),
            "expected_birth_date": text_of(identifiers, "ExpectedPersonBirthDate"),
            "death_date": text_of(identifiers, "PersonDeathDate"),
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
    referral_date = text_of(details, "CINreferralDate")
    referral = ids.referral_id(child_id or "", referral_date or "")
    yield RawRecord(
        "cin_episode",
        {
            "referral_id": referral,
            "child_id": child_id,
            "referral_date": referral_date,
            "referral_source": text_of(details, "ReferralSource"),
            "primary_need_code": text_of(details, "PrimaryNeedCode"),
            "referral_nfa": text_of(details, "ReferralNFA"),
            "initial_cpc_date": text_of(details, "DateOfInitialCPC"),
            "closure_date": text_of(details, "CINclosureDate"),
            "closure_reason": text_of(details, "ReasonForClosure"),
        },
        located(details, where),
        child_id,
    )
    for n, node in enumerate(details.iterfind("Assessments"), start=1):
        start = text_of(node, "AssessmentActualStartDate")
        assessment = ids.within(referral, "A", start or "")
        path = f"{where}/Assessments[{n}]"
        yield RawRecord(
            "assessment",
            {
                "assessment_id": assessment,
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "internal_review_date": text_of(node, "AssessmentInternalReviewDate"),
                "authorisation_date": text_of(node, "AssessmentAuthorisationDate"),
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
        start = text_of(node, "CINPlanStartDate")
        yield RawRecord(
            "cin_plan",
            {
                "cin_plan_id": ids.within(referral, "CINP", start or ""),
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "end_date": text_of(node, "CINPlanEndDate"),
            },
            located(node, f"{where}/CINPlanDates[{n}]"),
            child_id,
        )
    conferences = set()
    for n, node in enumerate(details.iterfind("Section47"), start=1):
        start = text_of(node, "S47ActualStartDate")
        s47 = ids.within(referral, "S47", start or "")
        path = f"{where}/Section47[{n}]"
        yield RawRecord(
            "s47",
            {
                "s47_id": s47,
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "icpc_target_date": text_of(node, "InitialCPCtarget"),
                "icpc_not_required": text_of(node, "ICPCnotRequired"),
            },
            located(node, path),
            child_id,
        )
        if held := text_of(node, "DateOfInitialCPC"):
            conferences.add(held)
            yield _conference(referral, child_id, held, s47, located(node, f"{path}/DateOfInitialCPC"))
    # A conference on the episode with no enquiry behind it (e.g. a transfer in).
    held = text_of(details, "DateOfInitialCPC")
    if held and held not in conferences:
        yield _conference(referral, child_id, held, None, located(details, f"{where}/DateOfInitialCPC"))
    for n, node in enumerate(details.iterfind("ChildProtectionPlans"), start=1):
        start = text_of(node, "CPPstartDate")
        plan = ids.within(referral, "CPP", start or "")
        path = f"{where}/ChildProtectionPlans[{n}]"
        yield RawRecord(
            "cp_plan",
            {
                "cp_plan_id": plan,
                "referral_id": referral,
                "child_id": child_id,
                "start_date": start,
                "end_date": text_of(node, "CPPendDate"),
                "initial_category": text_of(node, "InitialCategoryOfAbuse"),
                "latest_category": text_of(node, "LatestCategoryOfAbuse"),
                "previous_plans": text_of(node, "NumberOfPreviousCPP"),
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
