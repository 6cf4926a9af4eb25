"""Reader of the Ofsted ILACS Annex A workbook (sheets List 1 to List 11).

LAs name Annex A's columns in many ways, so columns are found by their
normalised names (annex_a_columns.yml), never by position, and the header row
may sit below a title. Values are the lettered categories Ofsted asks for
("q) 6: Police", "f) U6: Foster placement"): the DfE code in them is used where
there is one, else the label is matched to a code, else the value is left empty
with a warning.

Records get the same ids as the CIN census and the 903 would give them, so both
sources can be loaded and merge: a list 4, 5 or 7 record belongs to the child's
latest referral in list 3 or 6 on or before its own date. A list 8 record is
the child's current 903 episode, which starts on the later of the current
placement's and the current legal status's start dates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path

from python_calamine import CalamineWorkbook

from scorecard import yamltext
from scorecard.codes import code_list
from scorecard.findings import Finding, finding
from scorecard.ingest.records import FileInfo, RawBatch, RawRecord, Sniff, gathered
from scorecard.store import ids

LIST_SHEET = re.compile(r"^\s*list\s*_?(\d{1,2})\b", re.IGNORECASE)
LETTER = re.compile(r"^\s*[a-z]\)\s*", re.IGNORECASE)
HEADER_SEARCH_ROWS = 10
EMPTY = {"", "#n/a", "n/a", "null", "none", "-", "<blank>"}


class AnnexAReader:
    title = "Ofsted Annex A (workbook)"

    def recognises(self, sniff: Sniff) -> bool:
        return sum(bool(LIST_SHEET.match(s)) for s in sniff.sheets or ()) >= 3

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return FileInfo(kind="annex_a", source="AA")

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        return gathered(self._records(path, info))

    def _records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        workbook = _Workbook(path)
        yield from workbook.records()
        info.warnings.extend(workbook.warnings)


@cache
def column_patterns() -> dict[str, dict[str, re.Pattern]]:
    """{list number: {field: pattern}} from annex_a_columns.yml."""
    text = resources.files(__package__).joinpath("annex_a_columns.yml").read_text(encoding="utf-8")
    return {
        str(number): {name: re.compile(pattern) for name, pattern in fields.items()}
        for number, fields in yamltext.parse(text).items()
    }


def normalise(header: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(header).lower()).split())


class _Workbook:
    """One Annex A workbook, read whole (it holds a year of records at most)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[Finding] = []
        self.lists: dict[str, list[tuple[str, dict[str, str | None]]]] = {}
        book = CalamineWorkbook.from_path(str(path))
        for sheet in book.sheet_names:
            match = LIST_SHEET.match(sheet)
            if match and match[1] in column_patterns():
                self.lists[match[1]] = self._rows(sheet, book.get_sheet_by_name(sheet).to_python(), match[1])
        self.referrals = self._referral_dates()
        self.children_seen: set[str] = set()

    def _rows(self, sheet: str, cells: list[list], number: str) -> list[tuple[str, dict[str, str | None]]]:
        patterns = column_patterns()[number]
        header_at, columns = 0, {}
        for index, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
            found = _match_columns(row, patterns)
            if "child_id" in found and len(found) > len(columns):
                header_at, columns = index, found
        rows = []
        for index, row in enumerate(cells[header_at + 1 :], start=header_at + 2):
            values = {field: _text(row[i]) if i < len(row) else None for field, i in columns.items()}
            if any(values.values()):
                rows.append((f"{sheet} row {index}", values))
        return rows

    def _referral_dates(self) -> dict[str, list[str]]:
        """Each child's referral dates from lists 3 and 6, oldest first."""
        dates: dict[str, set[str]] = defaultdict(set)
        for number, field in (("3", "referral_date"), ("6", "referral_date")):
            for _, values in self.lists.get(number, []):
                if values.get("child_id") and values.get(field):
                    dates[values["child_id"]].add(values[field])
        return {child: sorted(days) for child, days in dates.items()}

    def records(self) -> Iterator[RawRecord]:
        if self.lists.get("11"):
            detail = f"list 11 (adopters) is not used by scorecard: its {len(self.lists['11'])} rows were not loaded"
            self.warnings.append(finding("not_used", str(self.path), "List 11", detail=detail))
        episodes: dict[str, RawRecord] = {}
        for number, rows in self.lists.items():
            build = getattr(self, f"_list_{number}", None)
            for location, values in rows:
                child = values.get("child_id")
                if not build or not child:
                    continue
                if child not in self.children_seen:
                    self.children_seen.add(child)
                    yield self._child(values, location)
                for record in build(values, location, child):
                    if record.table == "cin_episode":
                        episodes[record.values["referral_id"]] = _merged(
                            episodes.get(record.values["referral_id"]), record
                        )
                    else:
                        yield record
        # A referral is in list 3 and, while open, in list 6 too: one record of both.
        yield from episodes.values()

    # -- one builder per list -------------------------------------------------------------

    def _list_1(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        contact_id = f"{child}/{v.get('contact_date')}/{where}"
        source = self._code(v, "contact_source", "referral_source", where)
        yield self._record(
            "contact", where, child, contact_id=contact_id, contact_date=v.get("contact_date"), contact_source=source
        )

    def _list_2(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        yield self._record(
            "early_help_episode",
            where,
            child,
            episode_id=ids.within(child, "EH", v.get("start_date") or ""),
            start_date=v.get("start_date"),
            end_date=v.get("end_date"),
            organisation=v.get("organisation"),
        )

    def _list_3(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        yield self._record(
            "cin_episode",
            where,
            child,
            referral_id=ids.referral_id(child, v.get("referral_date") or ""),
            referral_date=v.get("referral_date"),
            referral_source=self._code(v, "referral_source", "referral_source", where),
            referral_nfa=_flag(v.get("referral_nfa")),
            **_staff(v),
        )

    def _list_4(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        referral = self._episode(child, v.get("start_date"), where)
        yield self._record(
            "assessment",
            where,
            child,
            assessment_id=ids.within(referral, "A", v.get("start_date") or ""),
            referral_id=referral,
            start_date=v.get("start_date"),
            authorisation_date=v.get("authorisation_date"),
            child_seen=_flag(v.get("child_seen")),
            outcome=v.get("outcome"),
            **_staff(v),
        )

    def _list_5(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        referral = self._episode(child, v.get("start_date"), where)
        s47 = ids.within(referral, "S47", v.get("start_date") or "")
        yield self._record(
            "s47",
            where,
            child,
            s47_id=s47,
            referral_id=referral,
            start_date=v.get("start_date"),
            icpc_not_required=_flag(v.get("icpc_not_required")),
            **_staff(v),
        )
        if v.get("icpc_date"):
            yield self._record(
                "icpc",
                where,
                child,
                icpc_id=ids.within(referral, "ICPC", v["icpc_date"]),
                s47_id=s47,
                referral_id=referral,
                icpc_date=v["icpc_date"],
                outcome_cp_plan=_flag(v.get("icpc_to_plan")),
            )

    def _list_6(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        yield self._record(
            "cin_episode",
            where,
            child,
            referral_id=ids.referral_id(child, v.get("referral_date") or ""),
            referral_date=v.get("referral_date"),
            primary_need_code=self._code(v, "primary_need", "primary_need", where),
            closure_date=v.get("closure_date"),
            closure_reason=self._code(v, "closure_reason", "reason_for_closure", where),
            **_staff(v),
        )

    def _list_7(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        referral = self._episode(child, v.get("start_date"), where)
        plan = ids.within(referral, "CPP", v.get("start_date") or "")
        yield self._record(
            "cp_plan",
            where,
            child,
            cp_plan_id=plan,
            referral_id=referral,
            start_date=v.get("start_date"),
            end_date=v.get("end_date"),
            initial_category=self._code(v, "initial_category", "category_of_abuse", where),
            latest_category=self._code(v, "latest_category", "category_of_abuse", where),
            previous_plans=v.get("previous_plans"),
            **_staff(v),
        )
        if v.get("visit_date"):
            yield self._record(
                "cp_visit",
                where,
                child,
                cp_visit_id=f"{plan}/V/{v['visit_date']}",
                cp_plan_id=plan,
                visit_date=v["visit_date"],
                seen_alone=_flag(v.get("seen_alone")),
            )
        if v.get("review_date"):
            yield self._record(
                "cp_review",
                where,
                child,
                cp_review_id=ids.within(plan, "R", v["review_date"]),
                cp_plan_id=plan,
                review_date=v["review_date"],
            )

    def _list_8(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        placed, legal, started = v.get("placement_start"), v.get("legal_status_start"), v.get("care_start")
        start = max(d for d in (placed, legal, started) if d) if (placed or legal or started) else None
        yield self._record(
            "cla_episode",
            where,
            child,
            episode_id=ids.child_dated(child, start or ""),
            start_date=start,
            start_reason=_reason_new_episode(start, started, placed, legal),
            legal_status=self._code(v, "legal_status", "legal_status", where),
            primary_need_code=self._code(v, "need", "cla_need", where),
            placement_type=self._code(v, "placement_type", "placement_type", where),
            placement_provider=self._code(v, "placement_provider", "placement_provider", where),
            placement_postcode=v.get("placement_postcode"),
            placement_urn=v.get("urn"),
            end_date=v.get("end_date"),
            end_reason=self._code(v, "end_reason", "reason_episode_ceased", where),
        )
        if v.get("review_date"):
            yield self._record(
                "cla_review",
                where,
                child,
                cla_review_id=ids.child_dated(child, v["review_date"]),
                review_date=v["review_date"],
            )
        if v.get("visit_date"):
            yield self._record(
                "cla_visit", where, child, cla_visit_id=f"{child}/{v['visit_date']}/V", visit_date=v["visit_date"]
            )
        for check in ("health_assessment", "dental_check"):
            if v.get(check):
                yield self._record("cla_health_check", where, child, check_type=check, check_date=v[check])
        if v.get("team") or v.get("worker"):
            yield self._record(
                "sw_allocation",
                where,
                child,
                allocation_id=f"{child}/{v.get('worker')}/AA",
                worker_id=v.get("worker") or "unknown",
                team=v.get("team"),
                start_date=start or started,
            )

    def _list_9(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        in_touch = _in_touch(v.get("in_touch"))
        kind, suitable = _letter_code(v.get("accommodation")), _flag(v.get("suitable"))
        accommodation = f"{kind}{'1' if suitable == '1' else '2'}" if kind and suitable else None
        yield self._record(
            "care_leaver_service",
            where,
            child,
            eligibility=v.get("eligibility"),
            pathway_plan_review_date=v.get("pathway_review"),
            latest_contact_date=v.get("contact_date"),
            personal_advisor=v.get("personal_advisor"),
            team=v.get("team"),
            in_touch=in_touch,
            activity=self._code(v, "activity", "care_leaver_activity", where),
            accommodation=accommodation,
        )

    def _list_10(self, v: dict, where: str, child: str) -> Iterator[RawRecord]:
        if v.get("decision_date"):
            yield self._record(
                "placed_for_adoption",
                where,
                child,
                decision_date=v["decision_date"],
                reversed_date=v.get("reversed_date"),
            )
        if v.get("matched_date"):
            yield self._record(
                "adoption", where, child, decision_date=v.get("decision_date"), matched_date=v["matched_date"]
            )

    # -- shared parts ---------------------------------------------------------------------------

    def _child(self, v: dict, where: str) -> RawRecord:
        return self._record(
            "child",
            where,
            v["child_id"],
            sex=_sex(v.get("sex")),
            ethnicity=_letter_code(v.get("ethnicity"), 4),
            birth_date=v.get("birth_date"),
        )

    def _record(self, table: str, where: str, child: str, **values: str | None) -> RawRecord:
        return RawRecord(table, {"child_id": child, **values}, where, child)

    def _episode(self, child: str, day: str | None, where: str) -> str:
        """The referral a record belongs to: the child's latest on or before its date."""
        earlier = [d for d in self.referrals.get(child, []) if day and d <= day]
        if earlier:
            return ids.referral_id(child, earlier[-1])
        self.warnings.append(finding("no_referral_found", str(self.path), where, child_id=child, value=day or ""))
        return ids.referral_id(child, day or "")

    def _code(self, v: dict, field: str, list_name: str, where: str) -> str | None:
        """The DfE code in an Annex A value: a code written in it, else a label it matches."""
        value = v.get(field)
        if not value:
            return None
        codes = code_list(list_name)
        for token in re.findall(r"[A-Za-z0-9]+", value):
            if token.upper() in codes.codes:
                return token.upper()
        label = LETTER.sub("", value).lower()
        for code in codes.codes.values():
            if code.label.lower() == label or code.label.lower().startswith(label + " "):
                return code.code
        self.warnings.append(
            finding(
                "unmapped_value",
                str(self.path),
                where,
                child_id=v.get("child_id"),
                field=field,
                value=value,
                codes=codes.title,
            )
        )
        return None


def _staff(v: dict) -> dict[str, str | None]:
    """The allocated team and worker a list gives."""
    return {"team": v.get("team"), "worker_id": v.get("worker")}


def _merged(first: RawRecord | None, second: RawRecord) -> RawRecord:
    if first is None:
        return second
    values = first.values | {k: v for k, v in second.values.items() if v}
    return RawRecord(first.table, values, f"{first.location} and {second.location}", first.child_id)


def _match_columns(row: list, patterns: dict[str, re.Pattern]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = normalise(cell)
        for field, pattern in patterns.items():
            if field not in found and name and pattern.search(name):
                found[field] = index
                break
    return found


def _text(cell: object) -> str | None:
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell).strip() if cell is not None else ""
    return None if text.lower() in EMPTY else text


def _flag(value: str | None) -> str | None:
    if not value:
        return None
    word = LETTER.sub("", value).strip().lower()
    if word in ("yes", "y", "true", "1"):
        return "1"
    if word in ("no", "n", "false", "0"):
        return "0"
    return None


def _sex(value: str | None) -> str | None:
    word = LETTER.sub("", value or "").strip().lower()
    if word in ("male", "m", "1", "boy"):
        return "M"
    if word in ("female", "f", "2", "girl"):
        return "F"
    return "U" if word else None


def _in_touch(value: str | None) -> str | None:
    word = LETTER.sub("", value or "").strip().lower()
    return {"in touch": "YES", "yes": "YES", "not in touch": "NO", "no": "NO"}.get(word)


def _letter_code(value: str | None, length: int = 1) -> str | None:
    """`a) WBRI` -> WBRI; `U: Independent living` -> U: the code before any label."""
    if not value:
        return None
    match = re.match(rf"^\s*(?:[a-z]\)\s*)?([A-Z0-9]{{{length}}})\b", value)
    return match[1] if match else None


def _reason_new_episode(start: str | None, started: str | None, placed: str | None, legal: str | None) -> str:
    """Why the current episode began, as far as the list says: starting care, a new
    placement, a new legal status, or both."""
    if start and start == started:
        return "S"
    if start == placed and start == legal:
        return "B"
    return "L" if start == legal else "P"
