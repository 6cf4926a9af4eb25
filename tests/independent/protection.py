"""Children in need and child protection."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from tests.independent.dates import add_months, working_days, years_before
from tests.independent.figures import NotAvailable, Outcome, Period, count, indicator, percent, rate, shares
from tests.independent.returns import LA

CATEGORIES = ["NEG", "PHY", "SAB", "EMO", "MUL"]


def open_at(start: date | None, end: date | None, day: date) -> bool:
    """Started on or before the day, and not ended by it (an end on the day is not open)."""
    return start is not None and start <= day and (end is None or end > day)


def _in(day: date | None, p: Period) -> bool:
    return day is not None and p.start <= day <= p.end


def _in_need(la: LA, p: Period) -> list[str]:
    return sorted(
        {e["child"] for e in la.episodes.values() if open_at(e["referral_date"], e.get("closure_date"), p.end)}
    )


@indicator("cin_count", "count")
def cin_count(la: LA, p: Period) -> Outcome:
    return count(_in_need(la, p))


@indicator("cin_rate_10k", "rate_per_10k")
def cin_rate_10k(la: LA, p: Period) -> Outcome:
    return rate(la, p, _in_need(la, p))


@indicator("s47_count", "count")
def s47_count(la: LA, p: Period) -> Outcome:
    return count([s["child"] for s in la.s47s.values() if _in(s["start"], p)])


@indicator("icpc_15wd", "percent")
def icpc_15wd(la: LA, p: Period) -> Outcome:
    days = la.parameter("icpc_15wd", "days", 15)
    counted = []
    for (child, referral, _), c in la.conferences.rows.items():
        if not _in(c["date"], p) or c["s47_start"] is None:
            continue  # no enquiry in the episode (e.g. a transfer in)
        enquiry = la.s47s.rows.get((child, referral, c["s47_start"]), {})
        if enquiry.get("not_required") or c["date"] < c["s47_start"]:
            continue  # marked as needing no conference; dated before its enquiry (a data error)
        counted.append((child, working_days(c["s47_start"], c["date"]) <= days))
    return percent(counted)


def _plans_open(la: LA, day: date) -> list[dict]:
    return [pl for pl in la.plans.values() if open_at(pl["start"], pl.get("end"), day)]


def _on_plan(la: LA, p: Period) -> list[str]:
    return sorted({pl["child"] for pl in _plans_open(la, p.end)})


@indicator("cpp_count", "count")
def cpp_count(la: LA, p: Period) -> Outcome:
    return count(_on_plan(la, p))


@indicator("cpp_rate_10k", "rate_per_10k")
def cpp_rate_10k(la: LA, p: Period) -> Outcome:
    return rate(la, p, _on_plan(la, p))


def _started(la: LA, p: Period) -> list[dict]:
    return [pl for pl in la.plans.values() if _in(pl["start"], p)]


@indicator("cpp_started_count", "count")
def cpp_started_count(la: LA, p: Period) -> Outcome:
    return count([pl["child"] for pl in _started(la, p)])


@indicator("cpp_ended_count", "count")
def cpp_ended_count(la: LA, p: Period) -> Outcome:
    return count([pl["child"] for pl in la.plans.values() if _in(pl.get("end"), p)])


def _plans_by_child(la: LA) -> dict[str, list[dict]]:
    by_child = defaultdict(list)
    for pl in la.plans.values():
        by_child[pl["child"]].append(pl)
    return by_child


@indicator("cpp_repeat_ever", "percent")
def cpp_repeat_ever(la: LA, p: Period) -> Outcome:
    by_child = _plans_by_child(la)
    counted = []
    for pl in _started(la, p):
        earlier = any(o["start"] < pl["start"] for o in by_child[pl["child"]])
        counted.append((pl["child"], (pl.get("previous") or 0) > 0 or earlier))
    return percent(counted)


@indicator("cpp_repeat_2y", "percent")
def cpp_repeat_2y(la: LA, p: Period) -> Outcome:
    years = la.parameter("cpp_repeat_2y", "years", 2)
    by_child = _plans_by_child(la)
    counted = []
    for pl in _started(la, p):
        since = years_before(pl["start"], years)
        ended = [o["end"] for o in by_child[pl["child"]] if o["start"] < pl["start"] and o.get("end")]
        counted.append((pl["child"], any(since <= e <= pl["start"] for e in ended)))
    return percent(counted)


@indicator("cpp_ended_2y_plus", "percent")
def cpp_ended_2y_plus(la: LA, p: Period) -> Outcome:
    ended = [pl for pl in la.plans.values() if _in(pl.get("end"), p)]
    return percent([(pl["child"], (pl["end"] - pl["start"]).days + 1 >= 730) for pl in ended])


@indicator("cpp_open_2y_plus", "percent")
def cpp_open_2y_plus(la: LA, p: Period) -> Outcome:
    return percent([(pl["child"], (p.end - pl["start"]).days + 1 >= 730) for pl in _plans_open(la, p.end)])


@indicator("cpp_category", "percent")
def cpp_category(la: LA, p: Period) -> Outcome:
    return shares(CATEGORIES, [(pl["child"], pl.get("category")) for pl in _started(la, p)])


def _reviews(la: LA) -> dict[tuple, list[date]]:
    by_plan = defaultdict(list)
    for (child, referral, start, _), r in la.plan_reviews.rows.items():
        by_plan[(child, referral, start)].append(r["date"])
    return by_plan


@indicator("cpp_reviews_timely", "percent")
def cpp_reviews_timely(la: LA, p: Period) -> Outcome:
    reviews = _reviews(la)
    counted = []
    for key, pl in la.plans.rows.items():
        if not open_at(pl["start"], pl.get("end"), p.end) or add_months(pl["start"], 3) > p.end:
            continue  # not open at the end, or open for less than 3 months
        dates = sorted(d for d in reviews.get(key, []) if pl["start"] <= d <= p.end)
        # The first review is due 3 months after the start, each later one 6 months after
        # the one before; every review on or before its due date, and the next one not
        # yet overdue (due on the period end is not overdue).
        due, on_time = add_months(pl["start"], 3), True
        for d in dates:
            on_time = on_time and d <= due
            due = add_months(d, 6)
        counted.append((pl["child"], on_time and due >= p.end))
    return percent(counted)


@indicator("cpp_visits_timely", "percent")
def cpp_visits_timely(la: LA, p: Period) -> Outcome:
    days = la.parameter("cpp_visits_timely", "days", 10)
    visits = defaultdict(list)
    for (child, day), _ in la.cp_visits.rows.items():
        if day <= p.end:
            visits[child].append(day)
    counted = []
    for child, plans in _current_plans(la, p.end).items():
        # The next visit is due `days` working days after the later of the last visit and
        # the start of the current plan; on time while no more than `days` working days
        # have passed by the period end (the working-day duration of section 1).
        since = max([plans["start"], *visits.get(child, [])])
        counted.append((child, working_days(since, p.end) <= days))
    return percent(counted)


def _current_plans(la: LA, day: date) -> dict[str, dict]:
    """Each child's plan open on the day (the latest started, if more than one)."""
    current: dict[str, dict] = {}
    for pl in _plans_open(la, day):
        if pl["child"] not in current or pl["start"] > current[pl["child"]]["start"]:
            current[pl["child"]] = pl
    return current


def allocated(la: LA, p: Period) -> set[str]:
    """Children with a social worker allocated on the period end. Allocations come from
    the 903's social worker episodes (from 2023-24) and the SSD extract; a period end
    before the earliest allocation any of them records has none to go on."""
    starts = [a["start"] for a in la.allocations.values() if a["start"] is not None]
    if not starts or min(starts) > p.end:
        raise NotAvailable("no social worker allocations recorded by the period end")
    return {a["child"] for a in la.allocations.values() if open_at(a["start"], a.get("end"), p.end)}


@indicator("cpp_allocated_sw", "percent")
def cpp_allocated_sw(la: LA, p: Period) -> Outcome:
    with_worker = allocated(la, p)
    return percent([(child, child in with_worker) for child in _on_plan(la, p)])
