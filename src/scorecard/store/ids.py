"""Identifiers for records whose return gives them none.

The CIN census and the SSDA903 identify records by the child and a date, not by
an id. The canonical model gives them ids built from those natural keys, so the
same record has the same id in every year's return and in local extracts that
follow the same convention. Dates are written YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import date


def referral_id(child_id: str, referral_date: date | str) -> str:
    return f"{child_id}/{_day(referral_date)}"


def within(parent_id: str, kind: str, day: date | str) -> str:
    """A record inside a CIN episode or plan: `<parent>/<kind>/<date>`.

    Kinds: A assessment, S47 section 47 enquiry, ICPC conference, CPP child
    protection plan, CINP child in need plan, R review.
    """
    return f"{parent_id}/{kind}/{_day(day)}"


def child_dated(child_id: str, day: date | str) -> str:
    """A 903 record of a child on a date: episode, review, missing episode."""
    return f"{child_id}/{_day(day)}"


def _day(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else day
