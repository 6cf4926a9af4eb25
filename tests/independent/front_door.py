"""Front door and assessment."""

from __future__ import annotations

from tests.independent.dates import working_days, years_before
from tests.independent.figures import NotAvailable, Outcome, Period, count, indicator, mean, percent, rate
from tests.independent.returns import LA


def _in(day, p: Period) -> bool:
    return day is not None and p.start <= day <= p.end


def _contacts(la: LA, p: Period) -> list[tuple[tuple, dict]]:
    return [(key, c) for key, c in la.contacts.rows.items() if _in(c["date"], p)]


@indicator("contacts_count", "count")
def contacts_count(la: LA, p: Period) -> Outcome:
    return count([key[0] for key, _ in _contacts(la, p)])


def _decided(la: LA, p: Period) -> list[tuple[str, int]]:
    # Contacts with no decision date are left out (the glossary).
    decided = [(key[0], working_days(c["date"], c["decided"])) for key, c in _contacts(la, p) if c["decided"]]
    if not decided:
        raise NotAvailable("no contact decision dates for the period")
    return decided


@indicator("contacts_decided_1wd", "percent")
def contacts_decided_1wd(la: LA, p: Period) -> Outcome:
    days = la.parameter("contacts_decided_1wd", "days", 1)
    return percent([(child, wd <= days) for child, wd in _decided(la, p)])


@indicator("contacts_over_3wd", "percent")
def contacts_over_3wd(la: LA, p: Period) -> Outcome:
    days = la.parameter("contacts_over_3wd", "days", 3)
    return percent([(child, wd > days) for child, wd in _decided(la, p)])


def _referrals(la: LA, p: Period) -> list[dict]:
    return [e for e in la.episodes.values() if _in(e["referral_date"], p)]


@indicator("referrals_count", "count")
def referrals_count(la: LA, p: Period) -> Outcome:
    return count([e["child"] for e in _referrals(la, p)])


@indicator("referrals_rate_10k", "rate_per_10k")
def referrals_rate_10k(la: LA, p: Period) -> Outcome:
    return rate(la, p, [e["child"] for e in _referrals(la, p)])


@indicator("rereferrals_12m", "percent")
def rereferrals_12m(la: LA, p: Period) -> Outcome:
    by_child: dict[str, list] = {}
    for e in la.episodes.values():
        by_child.setdefault(e["child"], []).append(e["referral_date"])
    counted = []
    for e in _referrals(la, p):
        day = e["referral_date"]
        # A previous referral on or after the same date a year earlier, and before this one.
        since = years_before(day, 1)
        counted.append((e["child"], any(since <= d < day for d in by_child[e["child"]])))
    return percent(counted)


@indicator("referrals_nfa", "percent")
def referrals_nfa(la: LA, p: Period) -> Outcome:
    return percent([(e["child"], e["nfa"]) for e in _referrals(la, p) if e.get("nfa") is not None])


def _authorised(la: LA, p: Period) -> list[dict]:
    return [a for a in la.assessments.values() if _in(a.get("authorised"), p) and a["start"] is not None]


@indicator("assessments_45wd", "percent")
def assessments_45wd(la: LA, p: Period) -> Outcome:
    return percent([(a["child"], working_days(a["start"], a["authorised"]) <= 45) for a in _authorised(la, p)])


@indicator("assessments_local_timescale", "percent")
def assessments_local_timescale(la: LA, p: Period) -> Outcome:
    days = la.parameter("assessments_local_timescale", "days", 20)
    calendar = la.parameter("assessments_local_timescale", "calendar", "working")

    def took(a: dict) -> int:
        if calendar == "calendar":
            return (a["authorised"] - a["start"]).days
        return working_days(a["start"], a["authorised"])

    return percent([(a["child"], took(a) <= days) for a in _authorised(la, p)])


@indicator("assessments_child_seen", "percent")
def assessments_child_seen(la: LA, p: Period) -> Outcome:
    recorded = [a for a in _authorised(la, p) if a.get("seen") is not None]
    return percent([(a["child"], a["seen"]) for a in recorded])


@indicator("assessment_duration_avg", "days")
def assessment_duration_avg(la: LA, p: Period) -> Outcome:
    return mean([(a["child"], working_days(a["start"], a["authorised"])) for a in _authorised(la, p)])
