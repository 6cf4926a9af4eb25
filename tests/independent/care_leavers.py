"""Care leavers: the SSDA903 OC3 cohort and the leaving-care service snapshot."""

from __future__ import annotations

from datetime import date

from tests.independent.dates import add_months
from tests.independent.figures import NotAvailable, Outcome, Period, indicator, percent, shares
from tests.independent.protection import open_at
from tests.independent.returns import LA

IN_TOUCH = ["YES", "NO", "REFU", "NREQ", "RHOM"]
NOT_IN_EET = {"G4", "G5", "G6"}
AWAY = ("G", "H", "R")  # gone abroad, deported, residence not known


def _cohort(la: LA, p: Period, ages: range) -> list[dict]:
    """The OC3 rows of the latest financial year ended by the period end whose age on
    their birthday in that year is in `ages`; those who died are left out."""
    cohort = p.cohort_year
    if cohort not in la.ssda903_years:
        raise NotAvailable(f"no OC3 loaded for {cohort}")
    first = int(cohort[:4])
    rows = []
    for r in la.oc3.values():
        if r["year"] != cohort or r.get("IN_TOUCH") == "DIED":
            continue
        born = (la.children.rows.get((r["child"],)) or {}).get("birth_date") or r["dob"]
        # The birthday in the year (April to March) is in the calendar year of the start
        # for births from April, and the next one for births January to March.
        age = (first if born.month >= 4 else first + 1) - born.year
        if age in ages:
            rows.append(r)
    return rows


def _with_note(outcome: Outcome, p: Period) -> Outcome:
    for f in outcome.figures:
        f.note = f"cohort year {p.cohort_year}"
    return outcome


def _eet(r: dict) -> bool:
    return (r.get("ACTIV") or "")[:1] in ("F", "P")


@indicator("care_leavers_eet_17_18", "percent")
def care_leavers_eet_17_18(la: LA, p: Period) -> Outcome:
    return _with_note(percent([(r["child"], _eet(r)) for r in _cohort(la, p, range(17, 19))]), p)


@indicator("care_leavers_eet_19_21", "percent")
def care_leavers_eet_19_21(la: LA, p: Period) -> Outcome:
    return _with_note(percent([(r["child"], _eet(r)) for r in _cohort(la, p, range(19, 22))]), p)


@indicator("care_leavers_neet_19_21", "percent")
def care_leavers_neet_19_21(la: LA, p: Period) -> Outcome:
    rows = _cohort(la, p, range(19, 22))
    return _with_note(percent([(r["child"], r.get("ACTIV") in NOT_IN_EET) for r in rows]), p)


def _suitable(la: LA, p: Period, ages: range) -> Outcome:
    rows = [r for r in _cohort(la, p, ages) if not (r.get("ACCOM") or "").startswith(AWAY)]
    return _with_note(percent([(r["child"], (r.get("ACCOM") or "").endswith("1")) for r in rows]), p)


@indicator("care_leavers_suitable_accom_17_18", "percent")
def care_leavers_suitable_accom_17_18(la: LA, p: Period) -> Outcome:
    return _suitable(la, p, range(17, 19))


@indicator("care_leavers_suitable_accom_19_21", "percent")
def care_leavers_suitable_accom_19_21(la: LA, p: Period) -> Outcome:
    return _suitable(la, p, range(19, 22))


@indicator("care_leavers_in_touch", "percent")
def care_leavers_in_touch(la: LA, p: Period) -> Outcome:
    rows = _cohort(la, p, range(17, 22))
    return _with_note(shares(IN_TOUCH, [(r["child"], r.get("IN_TOUCH")) for r in rows]), p)


def _snapshot_date(la: LA) -> date | None:
    """The day the leaving-care snapshot was taken: the latest event it records."""
    days = [d for r in la.leavers_service.values() for d in (r.get("contact"), r.get("review")) if d]
    return max(days) if days else None


@indicator("care_leavers_pathway_plan_current", "percent")
def care_leavers_pathway_plan_current(la: LA, p: Period) -> Outcome:
    # The snapshot holds each young person's latest review only: it says nothing of an
    # earlier period.
    taken = _snapshot_date(la)
    if taken is None or not (p.start <= taken <= p.end):
        raise NotAvailable(f"the leaving-care records are a snapshot as at {taken}")
    months = int(la.parameter("care_leavers_pathway_plan_current", "months", 6))
    since = add_months(p.end, -months)
    open_now = [r for r in la.leavers_service.values() if open_at(r.get("start"), r.get("end"), p.end)]
    return percent([(r["child"], r.get("review") is not None and since <= r["review"] <= p.end) for r in open_now])
