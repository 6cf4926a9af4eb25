"""The raw files of one synthetic LA read into plain records, each record once.

Records repeated across returns (everything open at 31 March is sent again the next
year) are merged by their natural keys: a later copy's value replaces an earlier
one's field by field, and a field the later copy leaves empty keeps the earlier value.
Records seen only in earlier returns are kept.

Where two sources give the same record (the CIN census and the SSD assessments
extract, Annex A lists and SSD extracts), README.md says copies are merged field by
field with the value from the most recently loaded copy that has one. `scorecard
load` on an LA folder reads its files in path order: annex_a, cin_census, csww,
local_measures, ssd, ssda903. So the files are read here in that same order and
every copy goes through the same merge: Annex A fills only what no other source
gives, the SSD extract's values win over the census's.

A copy that cannot be loaded (a date that is not real, a code outside the return's
code list, as the product's load sets such a row aside as an error) is left out, and
the record's other copies stand.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from lxml import etree
from python_calamine import CalamineWorkbook

from tests.independent.dates import financial_year, parse

# Code lists (../shared/spec/returns.md) a row is set aside for breaking.
LEGAL_STATUS = {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
PLACEMENT = {
    *(f"A{n}" for n in range(3, 7)),
    "H5",
    "K1",
    "K2",
    "K3",
    "P1",
    "P2",
    "P3",
    "R1",
    "R2",
    "R3",
    "R5",
    "S1",
    *(f"T{n}" for n in range(5)),
    *(f"U{n}" for n in range(1, 7)),
    "Z1",
    "Z11",
    "Z12",
    "Z13",
    "Z14",
}
REFERRAL_SOURCE = {
    *(f"1{c}" for c in "ABCD"),
    "2A",
    "2B",
    *(f"3{c}" for c in "ABCDEF"),
    "4",
    *(f"5{c}" for c in "ABCD"),
    "6",
    "7",
    "8",
    "9",
    "10",
}


class Table:
    """Records by key, merged field by field in the order their copies are added."""

    def __init__(self) -> None:
        self.rows: dict[tuple, dict] = {}

    def add(self, key: tuple, values: dict) -> dict:
        row = self.rows.setdefault(key, {})
        for name, value in values.items():
            if value is not None and value != "":
                row[name] = value
            else:
                row.setdefault(name, None)
        return row

    def values(self) -> Iterable[dict]:
        return self.rows.values()

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class LA:
    folder: Path
    config: dict
    children: Table = field(default_factory=Table)  # (child,) birth_date
    episodes: Table = field(default_factory=Table)  # CIN episodes (child, referral_date)
    assessments: Table = field(default_factory=Table)  # (child, referral_date, start)
    s47s: Table = field(default_factory=Table)  # (child, referral_date, start)
    conferences: Table = field(default_factory=Table)  # ICPCs (child, referral_date, date)
    plans: Table = field(default_factory=Table)  # CP plans (child, referral_date, start)
    plan_reviews: Table = field(default_factory=Table)  # (child, referral_date, plan start, date)
    cp_visits: Table = field(default_factory=Table)  # (child, date)
    contacts: Table = field(default_factory=Table)  # (child, date, n)
    cla: Table = field(default_factory=Table)  # 903 episodes (child, DECOM)
    cla_reviews: Table = field(default_factory=Table)  # (child, date)
    cla_visits: Table = field(default_factory=Table)  # (child, date)
    missing: Table = field(default_factory=Table)  # (child, start)
    uasc: Table = field(default_factory=Table)  # (child,)
    oc2: Table = field(default_factory=Table)  # (child, cohort year)
    oc3: Table = field(default_factory=Table)  # (child, cohort year)
    allocations: Table = field(default_factory=Table)  # (child, worker, start)
    leavers_service: Table = field(default_factory=Table)  # (child,)
    workforce: dict[date, dict] = field(default_factory=dict)  # census date -> {workers, vacancies}
    local: list[dict] = field(default_factory=list)
    cin_years: set[str] = field(default_factory=set)
    ssda903_years: set[str] = field(default_factory=set)
    allocation_years: set[str] = field(default_factory=set)  # 903 SWEpisodes returns loaded
    set_aside: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # indexes the figures build once

    @property
    def population(self) -> dict[int, int]:
        return {int(year): int(n) for year, n in (self.config.get("population") or {}).items()}

    @property
    def districts(self) -> set[str]:
        return set(self.config.get("districts") or [])

    def parameter(self, indicator: str, name: str, default: object) -> object:
        return ((self.config.get("parameters") or {}).get(indicator) or {}).get(name, default)


def read_la(folder: Path) -> LA:
    la = LA(folder, yaml.safe_load((folder / "scorecard.yml").read_text()) or {})
    for path in sorted((folder / "annex_a").glob("*.xlsx")):
        _annex_a(la, path)
    for path in sorted((folder / "cin_census").glob("*.xml"), key=_cin_year):
        _cin_census(la, path)
    for path in sorted((folder / "csww").glob("*.xml")):
        _csww(la, path)
    if (folder / "local_measures.csv").exists():
        _local(la, folder / "local_measures.csv")
    _ssd(la, folder / "ssd")
    for year_folder in sorted(p for p in (folder / "ssda903").iterdir() if p.is_dir()):
        _ssda903(la, year_folder)
    return la


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.DictReader(handle)


def _dated(la: LA, where: str, row: dict, *columns: str) -> dict[str, date | None] | None:
    """The row's dates, or None (the row set aside) when one is not a real date."""
    try:
        return {c: parse(row.get(c)) for c in columns}
    except ValueError:
        la.set_aside.append(f"{where}: not a date in {row}")
        return None


# -- CIN census -----------------------------------------------------------------------


def _cin_year(path: Path) -> str:
    for _, element in etree.iterparse(str(path), tag="ReferenceDate"):
        return financial_year(parse(element.text))
    raise ValueError(f"{path}: no ReferenceDate")


def _text(element: etree._Element, tag: str) -> str | None:
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text else None


def _cin_census(la: LA, path: Path) -> None:
    la.cin_years.add(_cin_year(path))
    for _, child in etree.iterparse(str(path), tag="Child", resolve_entities=False, no_network=True):
        ids = child.find("ChildIdentifiers")
        child_id = _text(ids, "LAchildID")
        la.children.add((child_id,), {"birth_date": parse(_text(ids, "PersonBirthDate"))})
        for details in child.iterfind("CINdetails"):
            _cin_episode(la, child_id, details)
        child.clear()


def _cin_episode(la: LA, child_id: str, details: etree._Element) -> None:
    referral = parse(_text(details, "CINreferralDate"))
    nfa = _text(details, "ReferralNFA")
    episode_icpc = parse(_text(details, "DateOfInitialCPC"))
    la.episodes.add(
        (child_id, referral),
        {
            "child": child_id,
            "referral_date": referral,
            "nfa": None if nfa is None else nfa.lower() in ("1", "true"),
            "closure_date": parse(_text(details, "CINclosureDate")),
        },
    )
    for a in details.iterfind("Assessments"):
        start = parse(_text(a, "AssessmentActualStartDate"))
        la.assessments.add(
            (child_id, referral, start),
            {"child": child_id, "start": start, "authorised": parse(_text(a, "AssessmentAuthorisationDate"))},
        )
    for s in details.iterfind("Section47"):
        start = parse(_text(s, "S47ActualStartDate"))
        not_required = _text(s, "ICPCnotRequired")
        la.s47s.add(
            (child_id, referral, start),
            {
                "child": child_id,
                "start": start,
                "not_required": None if not_required is None else not_required.lower() in ("1", "true"),
            },
        )
        conference = parse(_text(s, "DateOfInitialCPC"))
        if conference:
            _conference(la, child_id, referral, conference, start)
    if episode_icpc:
        _conference(la, child_id, referral, episode_icpc, None)
    for p in details.iterfind("ChildProtectionPlans"):
        start = parse(_text(p, "CPPstartDate"))
        previous = _text(p, "NumberOfPreviousCPP")
        la.plans.add(
            (child_id, referral, start),
            {
                "child": child_id,
                "start": start,
                "end": parse(_text(p, "CPPendDate")),
                "category": _text(p, "InitialCategoryOfAbuse"),
                "previous": None if previous is None else int(previous),
            },
        )
        for review in p.iterfind("Reviews/CPPreviewDate"):
            day = parse(review.text)
            la.plan_reviews.add((child_id, referral, start, day), {"date": day})


def _conference(la: LA, child_id: str, referral: date, day: date, s47_start: date | None) -> None:
    """One conference per episode and date: the episode-level DateOfInitialCPC and a
    Section47's with the same date are the same conference, linked to the enquiry if
    any copy links it (Table.add never lets an empty link replace a given one)."""
    la.conferences.add((child_id, referral, day), {"child": child_id, "date": day, "s47_start": s47_start})


# -- SSDA903 ----------------------------------------------------------------------------


def _ssda903(la: LA, folder: Path) -> None:
    year = folder.name
    la.ssda903_years.add(year)
    files = {p.stem: p for p in folder.glob("*.csv")}
    if "header" in files:
        for row in _rows(files["header"]):
            if (d := _dated(la, "903 header", row, "DOB")) is not None:
                la.children.add((row["CHILD"],), {"birth_date": d["DOB"]})
    if "episodes" in files:
        for row in _rows(files["episodes"]):
            d = _dated(la, f"903 {year} episodes", row, "DECOM", "DEC")
            if d is None:
                continue
            if row["LS"] not in LEGAL_STATUS or row["PLACE"] not in PLACEMENT:
                la.set_aside.append(f"903 {year} episodes: code outside the list in {row}")
                continue
            la.cla.add(
                (row["CHILD"], d["DECOM"]),
                {
                    "child": row["CHILD"],
                    "start": d["DECOM"],
                    "end": d["DEC"],
                    "rne": row["RNE"],
                    "ls": row["LS"],
                    "place": row["PLACE"],
                    "provider": row["PLACE_PROVIDER"],
                    "rec": row["REC"],
                    "home_post": row["HOME_POST"],
                    "pl_post": row["PL_POST"],
                    "urn": row["URN"],
                },
            )
    if "reviews" in files:
        for row in _rows(files["reviews"]):
            if (d := _dated(la, f"903 {year} reviews", row, "REVIEW")) is not None:
                la.cla_reviews.add((row["CHILD"], d["REVIEW"]), {"child": row["CHILD"], "date": d["REVIEW"]})
    if "missing" in files:
        for row in _rows(files["missing"]):
            d = _dated(la, f"903 {year} missing", row, "MIS_START", "MIS_END")
            if d is not None:
                la.missing.add(
                    (row["CHILD"], d["MIS_START"]),
                    {"child": row["CHILD"], "type": row["MISSING"], "start": d["MIS_START"], "end": d["MIS_END"]},
                )
    if "uasc" in files:
        for row in _rows(files["uasc"]):
            if (d := _dated(la, f"903 {year} uasc", row, "DUC")) is not None:
                la.uasc.add((row["CHILD"],), {"child": row["CHILD"], "ceased": d["DUC"]})
    if "oc2" in files:
        for row in _rows(files["oc2"]):
            la.oc2.add((row["CHILD"], year), {"child": row["CHILD"], "year": year, **row})
    if "oc3" in files:
        for row in _rows(files["oc3"]):
            if (d := _dated(la, f"903 {year} oc3", row, "DOB")) is not None:
                la.oc3.add((row["CHILD"], year), {"child": row["CHILD"], "year": year, **row, "dob": d["DOB"]})
    if "sw_episodes" in files:
        la.allocation_years.add(year)
        for row in _rows(files["sw_episodes"]):
            d = _dated(la, f"903 {year} sw_episodes", row, "SW_DECOM", "SW_DEC")
            if d is not None:
                key = (row["CHILD"], row["SW_ID"], d["SW_DECOM"])
                la.allocations.add(key, {"child": row["CHILD"], "start": d["SW_DECOM"], "end": d["SW_DEC"]})


# -- SSD extract -----------------------------------------------------------------------


def _ssd(la: LA, folder: Path) -> None:
    if not folder.is_dir():
        return
    files = {p.stem: p for p in folder.glob("*.csv")}
    if "ssd_care_leavers" in files:
        for row in _rows(files["ssd_care_leavers"]):
            columns = ("clea_service_start_date", "clea_service_end_date", "clea_care_leaver_latest_contact")
            d = _dated(la, "ssd care leavers", row, *columns, "clea_pathway_plan_review_date")
            if d is not None:
                la.leavers_service.add(
                    (row["clea_person_id"],),
                    {
                        "child": row["clea_person_id"],
                        "start": d["clea_service_start_date"],
                        "end": d["clea_service_end_date"],
                        "contact": d["clea_care_leaver_latest_contact"],
                        "review": d["clea_pathway_plan_review_date"],
                    },
                )
    if "ssd_cin_assessments" in files:
        for row in _rows(files["ssd_cin_assessments"]):
            d = _dated(la, "ssd assessments", row, "cina_assessment_start_date", "cina_assessment_auth_date")
            if d is None:
                continue
            child = row["cina_person_id"]
            referral = parse(row["cina_referral_id"].split("/")[1])
            start = d["cina_assessment_start_date"]
            la.assessments.add(
                (child, referral, start),
                {
                    "child": child,
                    "start": start,
                    "authorised": d["cina_assessment_auth_date"],
                    "seen": _yes_no(row["cina_assessment_child_seen"]),
                },
            )
    if "ssd_cla_visits" in files:
        for row in _rows(files["ssd_cla_visits"]):
            if (d := _dated(la, "ssd cla visits", row, "clav_cla_visit_date")) is not None:
                la.cla_visits.add((row["clav_person_id"], d["clav_cla_visit_date"]), {"date": d["clav_cla_visit_date"]})
    if "ssd_cp_visits" in files:
        for row in _rows(files["ssd_cp_visits"]):
            if (d := _dated(la, "ssd cp visits", row, "cppv_cp_visit_date")) is not None:
                la.cp_visits.add((row["cppv_person_id"], d["cppv_cp_visit_date"]), {"date": d["cppv_cp_visit_date"]})
    if "ssd_contacts" in files:
        _ssd_contacts(la, files["ssd_contacts"])
    if "ssd_involvements" in files:
        for row in _rows(files["ssd_involvements"]):
            d = _dated(la, "ssd involvements", row, "invo_involvement_start_date", "invo_involvement_end_date")
            if d is not None:
                child, start = row["invo_person_id"], d["invo_involvement_start_date"]
                la.allocations.add(
                    (child, row["invo_professional_id"], start),
                    {"child": child, "start": start, "end": d["invo_involvement_end_date"]},
                )


def _ssd_contacts(la: LA, path: Path) -> None:
    # The extract's contacts and Annex A list 1's are the same contacts: a contact is
    # the child and the day (list 1 has no id), the n-th contact of a child on a day in
    # one source the same as the n-th in the other.
    seen: dict[tuple, int] = defaultdict(int)
    for row in _rows(path):
        d = _dated(la, "ssd contacts", row, "cont_contact_date", "cont_contact_outcome_date")
        if d is None:
            continue
        if row["cont_contact_source_code"] and row["cont_contact_source_code"] not in REFERRAL_SOURCE:
            la.set_aside.append(f"ssd contacts: source outside the list in {row}")
            continue
        key = (row["cont_person_id"], d["cont_contact_date"])
        seen[key] += 1
        la.contacts.add((*key, seen[key]), {"date": key[1], "decided": d["cont_contact_outcome_date"]})


def _yes_no(value: str | None) -> bool | None:
    word = (value or "").strip().lower()
    if word in ("y", "yes", "1", "true"):
        return True
    if word in ("n", "no", "0", "false"):
        return False
    return None


# -- Annex A -------------------------------------------------------------------------------


def _annex_a(la: LA, path: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(path))
    lists = {}
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python()
        if rows:
            header = [str(h).strip() for h in rows[0]]
            lists[name.strip()] = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    referrals: dict[str, list[date]] = defaultdict(list)
    for name in ("List 3", "List 6"):
        for row in lists.get(name, []):
            column = "Date of Referral" if name == "List 3" else "CIN Start Date"
            if (day := _cell_date(row.get(column))) is not None:
                referrals[_cell(row["Child Unique ID"])].append(day)
    for row in lists.get("List 1", []):
        _annex_a_contact(la, row)
    for row in lists.get("List 3", []):
        child, day = _cell(row["Child Unique ID"]), _cell_date(row["Date of Referral"])
        nfa = _yes_no(_cell(row.get("Referral NFA?")))
        la.episodes.add((child, day), {"child": child, "referral_date": day, "nfa": nfa})
    for row in lists.get("List 6", []):
        child, day = _cell(row["Child Unique ID"]), _cell_date(row["CIN Start Date"])
        la.episodes.add(
            (child, day), {"child": child, "referral_date": day, "closure_date": _cell_date(row["CIN Closure Date"])}
        )
    # The other lists do not name the referral: their record is in the child's latest
    # episode that began on or before it (the episodes of lists 3 and 6).
    for row in lists.get("List 4", []):
        child, start = _cell(row["Child Unique ID"]), _cell_date(row["Continuous Assessment Start Date"])
        referral = _episode_of(referrals, child, start)
        la.assessments.add(
            (child, referral, start),
            {
                "child": child,
                "start": start,
                "authorised": _cell_date(row["Continuous Assessment Date of Authorisation"]),
                "seen": _yes_no(_cell(row["Child Seen During Continuous Assessment"])),
            },
        )
    for row in lists.get("List 5", []):
        child = _cell(row["Child Unique ID"])
        start = _cell_date(row["Strategy discussion initiating Section 47 Enquiry Start Date"])
        referral = _episode_of(referrals, child, start)
        unnecessary = _yes_no(_cell(row["Was an Initial Child Protection Conference deemed unnecessary?"]))
        la.s47s.add((child, referral, start), {"child": child, "start": start, "not_required": unnecessary})
        if (conference := _cell_date(row["Date of Initial Child Protection Conference"])) is not None:
            _conference(la, child, referral, conference, start)
    for row in lists.get("List 7", []):
        child, start = _cell(row["Child Unique ID"]), _cell_date(row["Child Protection Plan Start Date"])
        referral = _episode_of(referrals, child, start)
        previous = row.get("Number of Previous Child Protection Plans")
        la.plans.add(
            (child, referral, start),
            {
                "child": child,
                "start": start,
                "end": _cell_date(row["Child Protection Plan End Date"]),
                "category": _cell(row["Initial Category of Abuse"]),
                "previous": int(previous) if isinstance(previous, int | float) else None,
            },
        )
        if (visit := _cell_date(row["Date of the Last Statutory Visit"])) is not None:
            la.cp_visits.add((child, visit), {"date": visit})
        if (review := _cell_date(row["Date of latest review conference"])) is not None:
            la.plan_reviews.add((child, referral, start, review), {"date": review})
    for row in lists.get("List 8", []):
        _annex_a_looked_after(la, row)
    for row in lists.get("List 9", []):
        child = _cell(row["Child Unique ID"])
        la.leavers_service.add(
            (child,),
            {
                "child": child,
                "contact": _cell_date(row["Latest Date of Contact"]),
                "review": _cell_date(row["Latest Pathway Plan Review Date"]),
            },
        )


def _annex_a_contact(la: LA, row: dict) -> None:
    key = (_cell(row["Child Unique ID"]), _cell_date(row["Date of Contact"]))
    n = 1
    while (*key, n) in la.contacts.rows:
        n += 1
    la.contacts.add((*key, n), {"date": key[1], "decided": None})


def _annex_a_looked_after(la: LA, row: dict) -> None:
    """List 8 gives each child's current placement; the 903 (read later) gives every
    episode, so the list adds no episode of its own: only the last review, the last
    visit, and the allocated worker (a name, so an allocation of its own, from the
    start of the current placement)."""
    child = _cell(row["Child Unique ID"])
    if (review := _cell_date(row.get("Date of Latest Statutory Review"))) is not None:
        la.cla_reviews.add((child, review), {"child": child, "date": review})
    if (visit := _cell_date(row.get("Date of Last Social Work Visit"))) is not None:
        la.cla_visits.add((child, visit), {"date": visit})
    worker = _cell(row.get("Allocated Worker"))
    start = _cell_date(row.get("Start Date of Most Recent Placement")) or _cell_date(
        row.get("Date Started to be Looked After")
    )
    if worker and start:
        la.allocations.add((child, worker, start), {"child": child, "start": start, "end": None})


def _episode_of(referrals: dict[str, list[date]], child: str, day: date | None) -> date | None:
    earlier = [d for d in referrals.get(child, []) if day is not None and d <= day]
    return max(earlier) if earlier else day


def _cell(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_date(value: object) -> date | None:
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date()
    return parse(_cell(value))


# -- workforce and local measures --------------------------------------------------------


def _csww(la: LA, path: Path) -> None:
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    census = parse(root.findtext("Header/CollectionDetails/ReferenceDate"))
    vacancies = root.find("LALevelVacancies")
    workers = []
    for w in root.iterfind("CSWWWorker"):
        workers.append(
            {
                "id": w.findtext("SWENo"),
                "agency": w.findtext("AgencyWorker") == "1",
                "fte": float(w.findtext("FTE") or 0),
                "start": parse(w.findtext("RoleStartDate")),
                "end": parse(w.findtext("RoleEndDate")),
                "fte30": float(w.findtext("FTE30")) if w.findtext("FTE30") else None,
                "cases": int(w.findtext("Cases30")) if w.findtext("Cases30") else None,
                "days_lost": float(w.findtext("WorkingDaysLost")) if w.findtext("WorkingDaysLost") else None,
            }
        )
    la.workforce[census] = {
        "workers": workers,
        "vacancies": float(vacancies.findtext("NumberOfVacancies")) if vacancies is not None else None,
    }


def _local(la: LA, path: Path) -> None:
    for row in _rows(path):
        la.local.append(
            {
                "id": row["measure_id"],
                "start": parse(row["period_start"]),
                "end": parse(row["period_end"]),
                "numerator": float(row["numerator"]) if row["numerator"] else None,
                "denominator": float(row["denominator"]) if row["denominator"] else None,
                "value": float(row["value"]) if row["value"] else None,
                "unit": row["unit"],
            }
        )
