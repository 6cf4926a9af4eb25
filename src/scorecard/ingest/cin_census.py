"""Reader of the children in need census XML (every schema year), streamed one
child at a time and gathered column by column: a national load reads tens of
millions of its records, so each element is visited once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from scorecard.ingest.records import FileInfo, Gatherer, RawBatch, Sniff
from scorecard.ingest.safexml import iter_elements, read_header
from scorecard.store import ids

Texts = dict[str, str | None]  # the trimmed text of the first child of each tag
Parts = dict[str, list[etree._Element]]  # the children, by tag

COLUMNS: dict[str, tuple[str, ...]] = {
    "child": (
        "child_id", "upn", "former_upn", "upn_unknown", "sex", "ethnicity", "birth_date", "expected_birth_date",
        "death_date",
    ),
    "child_disability": ("child_id", "disability_code"),
    "cin_episode": (
        "referral_id", "child_id", "referral_date", "referral_source", "primary_need_code", "referral_nfa",
        "initial_cpc_date", "closure_date", "closure_reason",
    ),
    "assessment": (
        "assessment_id", "referral_id", "child_id", "start_date", "internal_review_date", "authorisation_date",
    ),
    "assessment_factor": ("assessment_id", "child_id", "factor_code"),
    "cin_plan": ("cin_plan_id", "referral_id", "child_id", "start_date", "end_date"),
    "s47": ("s47_id", "referral_id", "child_id", "start_date", "icpc_target_date", "icpc_not_required"),
    "icpc": ("icpc_id", "s47_id", "referral_id", "child_id", "icpc_date"),
    "cp_plan": (
        "cp_plan_id", "referral_id", "child_id", "start_date", "end_date", "initial_category", "latest_category",
        "previous_plans",
    ),
    "cp_review": ("cp_review_id", "cp_plan_id", "child_id", "review_date"),
}  # fmt: skip


class CinCensusReader:
    title = "CIN census (XML)"

    def recognises(self, sniff: Sniff) -> bool:
        if sniff.xml_root != "Message":
            return False
        return "<Collection>CIN</Collection>" in sniff.text or "<CINdetails>" in sniff.text

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return read_header(path, FileInfo(kind="cin_census", source="CIN"))

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        out = Gatherer(COLUMNS)
        for number, child in enumerate(iter_elements(path, ("Child",)), start=1):
            _child(out, child, f"Child[{number}]")
            yield from out.full()
        yield from out.rest()


def _child(out: Gatherer, child: etree._Element, where: str) -> None:
    parts = _split(child)[1]
    identifiers = _first(parts, "ChildIdentifiers")
    known = _split(identifiers)[0] if identifiers is not None else {}
    child_id = known.get("LAchildID")
    line = (identifiers if identifiers is not None else child).sourceline
    characteristics = _first(parts, "ChildCharacteristics")
    about, held = _split(characteristics) if characteristics is not None else ({}, {})
    values = (
        child_id, known.get("UPN"), known.get("FormerUPN"), known.get("UPNunknown"),
        known.get("Sex") or known.get("GenderCurrent"), about.get("Ethnicity"), known.get("PersonBirthDate"),
        known.get("ExpectedPersonBirthDate"), known.get("PersonDeathDate"),
    )  # fmt: skip
    out.add("child", values, f"{where} (line {line})", child_id)
    for n, code in enumerate(_within(held, "Disabilities", "Disability"), start=1):
        located = f"{where}/Disability[{n}] (line {code.sourceline})"
        out.add("child_disability", (child_id, _strip(code.text)), located, child_id)
    for n, details in enumerate(parts.get("CINdetails", ()), start=1):
        _episode(out, details, child_id, f"{where}/CINdetails[{n}]")


def _episode(out: Gatherer, details: etree._Element, child_id: str | None, where: str) -> None:
    episode, parts = _split(details)
    referral_date = episode.get("CINreferralDate")
    referral = ids.referral_id(child_id or "", referral_date or "")
    values = (
        referral, child_id, referral_date, episode.get("ReferralSource"), episode.get("PrimaryNeedCode"),
        episode.get("ReferralNFA"), episode.get("DateOfInitialCPC"), episode.get("CINclosureDate"),
        episode.get("ReasonForClosure"),
    )  # fmt: skip
    out.add("cin_episode", values, f"{where} (line {details.sourceline})", child_id)
    conferences = set()
    for part, reader in PARTS.items():
        for n, node in enumerate(parts.get(part, ()), start=1):
            item, held_by = _split(node)
            held = reader(out, node, item, held_by, referral, child_id, f"{where}/{part}[{n}]")
            if held:
                conferences.add(held)
    # A conference on the episode with no enquiry behind it (e.g. a transfer in).
    held = episode.get("DateOfInitialCPC")
    if held and held not in conferences:
        _conference(out, referral, child_id, held, None, f"{where}/DateOfInitialCPC (line {details.sourceline})")


def _assessment(
    out: Gatherer, node: etree._Element, item: Texts, parts: Parts, referral: str, child_id: str | None, path: str
):
    start = item.get("AssessmentActualStartDate")
    assessment = ids.within(referral, "A", start or "")
    values = (
        assessment, referral, child_id, start, item.get("AssessmentInternalReviewDate"),
        item.get("AssessmentAuthorisationDate"),
    )  # fmt: skip
    out.add("assessment", values, f"{path} (line {node.sourceline})", child_id)
    for k, factor in enumerate(_within(parts, "FactorsIdentifiedAtAssessment", "AssessmentFactors"), start=1):
        located = f"{path}/AssessmentFactors[{k}] (line {factor.sourceline})"
        out.add("assessment_factor", (assessment, child_id, _strip(factor.text)), located, child_id)


def _cin_plan(
    out: Gatherer, node: etree._Element, item: Texts, parts: Parts, referral: str, child_id: str | None, path: str
):
    start = item.get("CINPlanStartDate")
    values = (ids.within(referral, "CINP", start or ""), referral, child_id, start, item.get("CINPlanEndDate"))
    out.add("cin_plan", values, f"{path} (line {node.sourceline})", child_id)


def _s47(
    out: Gatherer, node: etree._Element, item: Texts, parts: Parts, referral: str, child_id: str | None, path: str
) -> str:
    """The enquiry, and its conference if one was held; the conference's date."""
    start = item.get("S47ActualStartDate")
    s47 = ids.within(referral, "S47", start or "")
    values = (s47, referral, child_id, start, item.get("InitialCPCtarget"), item.get("ICPCnotRequired"))
    out.add("s47", values, f"{path} (line {node.sourceline})", child_id)
    held = item.get("DateOfInitialCPC")
    if held:
        _conference(out, referral, child_id, held, s47, f"{path}/DateOfInitialCPC (line {node.sourceline})")
    return held


def _cp_plan(
    out: Gatherer, node: etree._Element, item: Texts, parts: Parts, referral: str, child_id: str | None, path: str
):
    start = item.get("CPPstartDate")
    plan = ids.within(referral, "CPP", start or "")
    values = (
        plan, referral, child_id, start, item.get("CPPendDate"), item.get("InitialCategoryOfAbuse"),
        item.get("LatestCategoryOfAbuse"), item.get("NumberOfPreviousCPP"),
    )  # fmt: skip
    out.add("cp_plan", values, f"{path} (line {node.sourceline})", child_id)
    for k, review in enumerate(_within(parts, "Reviews", "CPPreviewDate"), start=1):
        day = _strip(review.text)
        values = (ids.within(plan, "R", day or ""), plan, child_id, day)
        out.add("cp_review", values, f"{path}/CPPreviewDate[{k}] (line {review.sourceline})", child_id)


# The parts of an episode, each with what it holds.
PARTS = {
    "Assessments": _assessment,
    "CINPlanDates": _cin_plan,
    "Section47": _s47,
    "ChildProtectionPlans": _cp_plan,
}


def _split(element: etree._Element) -> tuple[Texts, Parts]:
    """An element's children in one pass: the trimmed text of the first of each tag,
    and the children by tag. Each child is visited once: a national load visits
    hundreds of millions of them."""
    texts: Texts = {}
    parts: Parts = {}
    for node in element:
        tag = node.tag  # read once: each read makes a new string
        nodes = parts.get(tag)
        if nodes is None:
            parts[tag] = [node]
            text = node.text
            texts[tag] = (text.strip() or None) if text else None
        else:
            nodes.append(node)
    return texts, parts


def _first(parts: Parts, tag: str) -> etree._Element | None:
    nodes = parts.get(tag)
    return nodes[0] if nodes else None


def _within(parts: Parts, middle: str, tag: str) -> list[etree._Element]:
    """The `tag` elements inside each `middle` child, in order."""
    return [node for group in parts.get(middle, ()) for node in group.iterchildren(tag)]


def _conference(out: Gatherer, referral: str, child_id: str | None, held: str, s47: str | None, where: str) -> None:
    out.add("icpc", (ids.within(referral, "ICPC", held), s47, referral, child_id, held), where, child_id)


def _strip(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
