"""Workforce: the social work workforce census (CSWW) at 30 September."""

from __future__ import annotations

from datetime import date, timedelta

from tests.independent.dates import add_months, is_working_day
from tests.independent.figures import Figure, NotAvailable, Outcome, Period, indicator


def _census(la, p: Period) -> tuple[date, dict]:
    """The latest census on or before the period end, and within the year before it."""
    taken = [d for d in la.workforce if add_months(p.end, -12) < d <= p.end]
    if not taken:
        raise NotAvailable("no workforce census in the year to the period end")
    return max(taken), la.workforce[max(taken)]


def _employed(census: dict) -> list[dict]:
    """Employed (not agency) social workers in post at the census: not leavers."""
    return [w for w in census["workers"] if not w["agency"] and w["end"] is None]


def _ratio(numerator: float, denominator: float, scale: float, subjects: list[tuple[str, bool]]) -> Outcome:
    value = scale * numerator / denominator if denominator else None
    outcome = Outcome([Figure("", numerator, denominator, value, "" if denominator else "no denominator")])
    for subject, hit in subjects:
        outcome.members[subject] += 1
        if hit:
            outcome.numerator_members[subject] += 1
    return outcome


@indicator("sw_vacancy_rate", "percent")
def sw_vacancy_rate(la, p: Period) -> Outcome:
    _, census = _census(la, p)
    if census["vacancies"] is None:
        raise NotAvailable("the census gives no vacancies")
    employed = _employed(census)
    fte = sum(w["fte"] for w in employed)
    return _ratio(census["vacancies"], census["vacancies"] + fte, 100, [(w["id"], False) for w in employed])


@indicator("sw_agency_rate", "percent")
def sw_agency_rate(la, p: Period) -> Outcome:
    _, census = _census(la, p)
    agency = [w for w in census["workers"] if w["agency"] and w["end"] is None]
    employed = _employed(census)
    agency_fte = sum(w["fte"] for w in agency)
    total = agency_fte + sum(w["fte"] for w in employed)
    return _ratio(agency_fte, total, 100, [(w["id"], w["agency"]) for w in agency + employed])


def _leavers(census_day: date, census: dict) -> list[dict]:
    """Employed social workers who left in the 12 months to the census."""
    since = add_months(census_day, -12)
    return [w for w in census["workers"] if not w["agency"] and w["end"] and since < w["end"] <= census_day]


@indicator("sw_turnover_rate", "percent")
def sw_turnover_rate(la, p: Period) -> Outcome:
    day, census = _census(la, p)
    leavers, employed = _leavers(day, census), _employed(census)
    left = sum(w["fte30"] or 0 for w in leavers)
    subjects = [(w["id"], True) for w in leavers] + [(w["id"], False) for w in employed]
    return _ratio(left, sum(w["fte"] for w in employed), 100, subjects)


@indicator("sw_absence_rate", "percent")
def sw_absence_rate(la, p: Period) -> Outcome:
    day, census = _census(la, p)
    employed = _employed(census)
    lost = sum(w["days_lost"] or 0 for w in employed)
    since = add_months(day, -12)
    days = sum(1 for n in range(1, (day - since).days + 1) if is_working_day(since + timedelta(days=n)))
    fte = sum(w["fte"] for w in employed)
    return _ratio(lost, fte * days, 100, [(w["id"], bool(w["days_lost"])) for w in employed])


@indicator("sw_caseload_avg", "ratio")
def sw_caseload_avg(la, p: Period) -> Outcome:
    _, census = _census(la, p)
    holding = [w for w in census["workers"] if w["end"] is None and (w["cases"] or 0) > 0]
    return _ratio(
        sum(w["cases"] for w in holding), sum(w["fte"] for w in holding), 1, [(w["id"], True) for w in holding]
    )


@indicator("sw_starters_leavers", "count")
def sw_starters_leavers(la, p: Period) -> Outcome:
    """Starters and leavers (FTE) by month. A census covers the 12 months to it, so a
    period is given only when loaded censuses cover every one of its months; a worker in
    several censuses counts once (as the first census that records them says)."""
    covered = [(add_months(d, -12), d) for d in la.workforce]
    if not _months_covered(covered, p):
        raise NotAvailable("no workforce census loaded covers this period")
    starters: dict[str, tuple[date, float]] = {}
    leavers: dict[str, tuple[date, float]] = {}
    for day in sorted(la.workforce):
        for w in la.workforce[day]["workers"]:
            if w["agency"]:
                continue
            if w["start"] and w["id"] not in starters:
                starters[w["id"]] = (w["start"], w["fte"] if w["end"] is None else (w["fte30"] or 0))
            if w["end"] and w["id"] not in leavers:
                leavers[w["id"]] = (w["end"], w["fte30"] or 0)
    figures, outcome = [], Outcome([])
    month = date(p.start.year, p.start.month, 1)
    while month <= p.end:
        label = month.isoformat()[:7]
        for kind, found in (("starters", starters), ("leavers", leavers)):
            ids = [i for i, (d, _) in found.items() if d.isoformat()[:7] == label]
            fte = sum(found[i][1] for i in ids)
            figures.append(Figure(f"{label} {kind}", fte, None, fte))
            outcome.members.update(ids)
            outcome.numerator_members.update(ids)
        month = add_months(month, 1)
    outcome.figures = figures
    return outcome


def _months_covered(covered: list[tuple[date, date]], p: Period) -> bool:
    month = date(p.start.year, p.start.month, 1)
    while month <= p.end:
        last = add_months(month, 1) - timedelta(days=1)
        if not any(since < month and last <= day for since, day in covered):
            return False
        month = add_months(month, 1)
    return True
