"""Periods of care: legal statuses, placements, moves, missing episodes, reviews,
visits, adoption, and what happens to care leavers.

A period is drawn whole when the child enters care: first the pathway out of
care (home, special guardianship, adoption, or staying until 18), then the legal
status changes and the placements, which are merged into SSDA903 episodes with
the reason for each new episode worked out from what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from scorecard.dates.periods import financial_year_label
from scorecard.dates.spans import add_months
from scorecard.synth.draw import Draw, Weighted
from scorecard.synth.model import (
    Allocation,
    CareLeaverYear,
    CarePeriod,
    Child,
    ClaEpisode,
    HealthYear,
    Missing,
)
from scorecard.synth.places import Places
from scorecard.synth.profile import Rates
from scorecard.synth.workforce import Workforce

PATHWAYS = {
    (0, 0): Weighted({"adoption": 42, "sgo": 25, "home": 22, "long": 11}),
    (1, 4): Weighted({"adoption": 22, "sgo": 27, "home": 33, "long": 18}),
    (5, 9): Weighted({"sgo": 22, "home": 45, "long": 27, "cao": 6}),
    (10, 15): Weighted({"home": 55, "long": 38, "cao": 7}),
    (16, 17): Weighted({"home": 40, "long": 60}),
}
PLACEMENTS = {
    (0, 4): Weighted({"U6": 45, "U4": 10, "U5": 8, "U3": 14, "U1": 3, "R3": 3, "P1": 2}),
    (5, 11): Weighted({"U6": 45, "U4": 15, "U3": 12, "U1": 5, "K2": 6, "P1": 3, "S1": 1, "R1": 1}),
    (12, 15): Weighted({"U6": 38, "U4": 12, "U3": 8, "K2": 25, "K1": 1, "P1": 3, "S1": 2, "R2": 1}),
    (16, 17): Weighted({"U6": 25, "U4": 8, "U3": 5, "K2": 14, "H5": 38, "P2": 6, "R5": 1, "Z1": 1}),
}
MOVE_REASON = Weighted(
    {"CARPL": 40, "CREQB": 15, "CREQO": 10, "LAREQ": 10, "CHILD": 8, "STAND": 3, "CLOSE": 4, "ALLEG": 2, "OTHER": 8}
)
LEAVING_AT_18 = Weighted({"E17": 30, "E5": 25, "E7": 10, "E13": 10, "E8": 15, "E4A": 10})
REVIEW_CODE = Weighted({"PN1": 50, "PN2": 10, "PN3": 10, "PN4": 5, "PN5": 10, "PN6": 10, "PN7": 5})
ACTIVITY_EET = Weighted({"F1": 8, "P1": 1, "F2": 40, "P2": 5, "F4": 8, "P4": 1, "F5": 30, "P5": 7})
ACTIVITY_NEET = Weighted({"G4": 25, "G5": 55, "G6": 20})
ACCOMMODATION = Weighted({"B": 15, "C": 5, "D": 22, "E": 8, "K": 4, "T": 6, "U": 25, "Z": 12, "X": 2, "Y": 1})
IN_TOUCH_OTHER = Weighted({"NO": 55, "REFU": 25, "NREQ": 10, "RHOM": 8, "DIED": 2})
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
REGISTERED = ("K1", "K2", "K3", "S1", "R1", "H5")


@dataclass
class Placement:
    start: date
    place: str
    provider: str
    postcode: str
    urn: str
    carer: int


class CareCareers:
    def __init__(self, draw: Draw, rates: Rates, places: Places, workforce: Workforce) -> None:
        self.draw = draw
        self.rates = rates
        self.places = places
        self.workforce = workforce
        self._carers = 0

    def enter(self, child: Child, start: date, route: str, need: str) -> CarePeriod | None:
        age = child.age_on(start)
        eighteen = child.birthday(18)
        if age >= 18 or start >= eighteen:
            return None
        if route == "short_breaks":
            period = self._short_breaks(child, start, eighteen)
        else:
            period = self._period(child, start, route, need, age, eighteen)
        child.care.append(period)
        self._allocate(child, period)
        if not period.short_breaks:
            self._reviews_and_visits(child, period)
            self._missing(child, period)
            self._health(child, period)
            self._leaving_care(child, period)
        return period

    # -- the pathway and its timelines -------------------------------------------------

    def _period(self, child: Child, start: date, route: str, need: str, age: int, eighteen: date) -> CarePeriod:
        draw = self.draw
        pathway = "long" if route == "uasc" else draw.pick(_banded(PATHWAYS, age))
        if route == "referral" and age >= 14 and draw.chance(0.08):
            pathway = "remand"
        period = CarePeriod(episodes=[], home_postcode=child.home_postcode)
        period.previous_permanence = draw.pick(Weighted({"Z1": 92, "P1": 2, "P2": 4, "P3": 2}))
        end, final_rec = self._ending(child, pathway, start, eighteen, period)
        legal = self._legal(route, pathway, start, end, period)
        placements = self._placements(child, start, end, pathway, period)
        period.episodes = self._episodes(legal, placements, start, end, final_rec, need)
        return period

    def _ending(
        self, child: Child, pathway: str, start: date, eighteen: date, period: CarePeriod
    ) -> tuple[date | None, str]:
        draw = self.draw
        if pathway == "adoption":
            period.adoption_decision = draw.days_after(start, 120, 240)
            if draw.chance(0.08):
                period.adoption_reversed = draw.days_after(period.adoption_decision, 200, 500)
                pathway = "long"
            else:
                period.matched = draw.days_after(period.adoption_decision, 150, 390)
                placed = draw.days_after(period.matched, 7, 30)
                return draw.days_after(placed, 120, 300), draw.one_of(("E11", "E12"))
        if pathway == "home":
            days = draw.lognormal_days(150, 1.0, 7, 1500)
            return min(start + timedelta(days=days), eighteen), draw.pick(Weighted({"E4A": 80, "E4B": 8, "E13": 12}))
        if pathway == "sgo":
            return min(draw.days_after(start, 400, 1000), eighteen), draw.one_of(("E45", "E46", "E47", "E48"))
        if pathway == "cao":
            return min(draw.days_after(start, 300, 900), eighteen), "E41"
        if pathway == "remand":
            return min(draw.days_after(start, 10, 90), eighteen), "E14"
        return eighteen, draw.pick(LEAVING_AT_18)

    def _legal(self, route: str, pathway: str, start: date, end: date, period: CarePeriod) -> list[tuple[date, str]]:
        """Legal status changes: (date, status)."""
        draw = self.draw
        if pathway == "remand":
            return [(start, "J1")]
        changes: list[tuple[date, str]] = []
        day = start
        if route in ("referral", "cp_plan") and draw.chance(0.15):
            changes.append((day, draw.one_of(("L1", "L2"))))
            day = draw.days_after(day, 1, 8)
        voluntary = route == "uasc" or draw.chance(0.45 if pathway in ("home", "long") else 0.2)
        if voluntary:
            changes.append((day, "V2"))
            if route == "uasc" or not draw.chance(0.3):
                return changes
            day = draw.days_after(day, 30, 180)
        changes.append((day, "C1"))
        changes.append((draw.days_after(day, 180, 300), "C2"))
        if period.adoption_decision and not period.adoption_reversed:
            changes.append((draw.days_after(period.adoption_decision, 60, 150), "E1"))
        return sorted(((d, s) for d, s in changes if d < end), key=lambda c: c[0])

    def _placements(self, child: Child, start: date, end: date, pathway: str, period: CarePeriod) -> list[Placement]:
        draw = self.draw
        placements = [self._placement(child, start)]
        years = (end - start).days / 365.25
        unstable = draw.chance(0.18 if child.age_on(start) >= 10 else 0.08)
        rate = 0.0 if pathway == "remand" else 2.2 if unstable else 0.15
        last_day = max(14, (end - start).days - 1)
        moves = [draw.days_after(start, 14, last_day) for _ in range(draw.poisson(rate * years))]
        stays = [draw.days_after(start, 14, last_day) for _ in range(draw.poisson(0.08 * years))]
        placements += [self._placement(child, day) for day in moves if day < end]
        placements += [self._temporary(day) for day in stays if day < end]
        placements.sort(key=lambda p: p.start)
        placements = self._returns_after_temporary(placements, end)
        if pathway == "long" and draw.chance(0.4) and placements[-1].place == "U6":
            last = placements[-1]
            day = draw.days_after(last.start, 200, 500)
            if day < end:
                placements.append(Placement(day, "U4", last.provider, last.postcode, last.urn, last.carer))
        if period.matched and not period.adoption_reversed:
            day = draw.days_after(period.matched, 7, 30)
            if day < end:
                placements = [p for p in placements if p.start < day]
                last = placements[-1]
                same = last.place == "U5"
                place = "A5" if same else "A6"
                postcode = last.postcode if same else self.places.placement(draw, child.home_postcode, "near")
                placements.append(
                    Placement(
                        day,
                        place,
                        "PR1",
                        postcode,
                        "XXXXXXX",
                        last.carer if same else self._carer(),
                    )
                )
        return placements

    def _placement(self, child: Child, day: date) -> Placement:
        draw = self.draw
        age = child.age_on(day)
        place = draw.pick(_banded(PLACEMENTS, age))
        if place == "H5" and day >= date(2024, 4, 1):
            place = "K3"
        if place == "Z1" and day >= date(2025, 4, 1):
            place = "Z14"
        if place in FOSTER:
            provider = "PR1" if place in ("U1", "U2", "U3") or draw.chance(0.6) else draw.one_of(("PR4", "PR4", "PR5"))
        elif place in ("K1", "K2", "K3", "H5", "S1"):
            provider = draw.pick(Weighted({"PR4": 70, "PR1": 15, "PR5": 10, "PR2": 5}))
        elif place == "P1":
            provider = "PR0"
        else:
            provider = draw.one_of(("PR1", "PR3", "PR4"))
        far = 0.4 if place in ("K1", "K2", "K3", "S1") else 0.1
        distance = draw.pick(Weighted({"local": 0.9 - far, "near": 0.1, "far": far}))
        postcode = self.places.placement(draw, child.home_postcode, distance)
        if place == "P1":
            postcode = child.home_postcode
        urn = f"{draw.between(100000, 9999999):07d}" if place in REGISTERED else "XXXXXXX"
        return Placement(day, place, provider, postcode, urn, self._carer())

    def _temporary(self, day: date) -> Placement:
        place = self.draw.one_of(("T1", "T2", "T3", "T4"))
        return Placement(day, place, "PR1", "", "XXXXXXX", -1)

    def _returns_after_temporary(self, placements: list[Placement], end: date) -> list[Placement]:
        """A temporary stay lasts a few days, then the child goes back where they were.

        Changes that would fall inside a stay, or on the day of another change, are dropped.
        """
        result: list[Placement] = []
        for placement in placements:
            temporary = placement.place.startswith("T")
            if not result:
                if not temporary:
                    result.append(placement)
                continue
            previous = result[-1]
            if placement.start <= previous.start:
                continue
            if not temporary:
                result.append(placement)
                continue
            back = self.draw.days_after(placement.start, 2, 7)
            if not previous.place.startswith("T") and back < end:
                # The usual carer stays responsible through a temporary stay (RNE T).
                placement.carer = previous.carer
                result.append(placement)
                result.append(
                    Placement(
                        back,
                        previous.place,
                        previous.provider,
                        previous.postcode,
                        previous.urn,
                        previous.carer,
                    )
                )
        return result

    def _carer(self) -> int:
        self._carers += 1
        return self._carers

    def _episodes(
        self,
        legal: list[tuple[date, str]],
        placements: list[Placement],
        start: date,
        end: date | None,
        final_rec: str,
        need: str,
    ) -> list[ClaEpisode]:
        days = sorted({start} | {d for d, _ in legal} | {p.start for p in placements})
        episodes: list[ClaEpisode] = []
        previous_status, previous_place = None, None
        for day in days:
            status = _at(legal, day, lambda c: c[0])[1]
            place = _at(placements, day, lambda p: p.start)
            if previous_place is None:
                rne = "S"
            else:
                legal_changed = status != previous_status
                place_changed = place is not previous_place
                carer_changed = place.carer != previous_place.carer
                rne = _reason_new_episode(legal_changed, place_changed, carer_changed)
                previous = episodes[-1]
                previous.end, previous.rec = day, "X1"
                if place_changed:
                    previous.reason_place_change = self.draw.pick(MOVE_REASON)
            episodes.append(
                ClaEpisode(
                    day,
                    rne,
                    status,
                    _cla_need(need),
                    place.place,
                    place.provider,
                    place.postcode,
                    place.urn,
                )
            )
            previous_status, previous_place = status, place
        episodes[-1].end, episodes[-1].rec = end, final_rec
        return episodes

    def _short_breaks(self, child: Child, start: date, eighteen: date) -> CarePeriod:
        """A series of short stays (legal status V3), each at most 17 days."""
        draw = self.draw
        period = CarePeriod(episodes=[], home_postcode=child.home_postcode)
        place = draw.one_of(("U6", "K2"))
        postcode = self.places.placement(draw, child.home_postcode, "local")
        urn = f"{draw.between(100000, 9999999):07d}" if place == "K2" else "XXXXXXX"
        day, until = start, min(draw.days_after(start, 365, 1100), eighteen)
        while day < until:
            stay_end = draw.days_after(day, 1, 4)
            period.episodes.append(ClaEpisode(day, "S", "V3", "N2", place, "PR1", postcode, urn, stay_end, "E13"))
            day = draw.days_after(stay_end, 21, 50)
        if not period.episodes:
            period.episodes.append(
                ClaEpisode(
                    start,
                    "S",
                    "V3",
                    "N2",
                    place,
                    "PR1",
                    postcode,
                    urn,
                    draw.days_after(start, 1, 4),
                    "E13",
                )
            )
        return period

    # -- what surrounds a period of care --------------------------------------------------

    def _allocate(self, child: Child, period: CarePeriod) -> None:
        draw = self.draw
        kind = "Disabled Children" if period.short_breaks else "Children in Care"
        day, end = period.start, period.end
        while end is None or day < end:
            team, worker = self.workforce.allocate(kind, day)
            until = draw.days_after(day, 200, 600)
            if end is not None and until >= end:
                until = end
            reason = draw.one_of(("LEFTRL", "MANAGE", "ORGRST", "CHCHAN", "PCCHAN", "ABSENC"))
            child.allocations.append(Allocation(worker, team, day, until, reason if until != end else None))
            if end is None:
                break
            day = until

    def _reviews_and_visits(self, child: Child, period: CarePeriod) -> None:
        draw, cal, rates = self.draw, self.draw.calendar, self.rates
        end = period.end or period.start + timedelta(days=366 * 20)
        due = cal.add(period.start, 20)
        gap_months = 3
        while due < end:
            on_time = draw.chance(rates.cla_review_on_time)
            held = due - timedelta(days=draw.between(0, 12)) if on_time else due + timedelta(days=draw.between(1, 45))
            held = max(held, period.start + timedelta(days=1))
            if held >= end:
                break
            code = "PN0" if child.age_on(held) < 4 else draw.pick(REVIEW_CODE)
            period.reviews.append((held, code))
            due = add_months(held, gap_months)
            gap_months = 6
        day = draw.days_after(period.start, 0, 7)
        while day < end:
            period.visits.append(day)
            on_time = draw.chance(rates.cla_visit_on_time)
            day = draw.days_after(day, 20, 42) if on_time else draw.days_after(day, 43, 70)

    def _missing(self, child: Child, period: CarePeriod) -> None:
        draw = self.draw
        end = period.end or period.start + timedelta(days=366 * 20)
        eleven = child.birthday(11)
        begin = max(period.start, eleven)
        if begin >= end or not draw.chance(self.rates.missing_child * 2.0):
            return
        years = (end - begin).days / 365.25
        starts = sorted(
            {draw.days_after(begin, 0, max(0, (end - begin).days - 1)) for _ in range(max(1, draw.poisson(5 * years)))}
        )
        free_from = begin
        for start in starts:
            if start < free_from:
                continue
            back = min(draw.days_after(start, 0, 3), end)
            period.missing.append(Missing("M" if draw.chance(0.75) else "A", start, back))
            free_from = back + timedelta(days=1)

    def _health(self, child: Child, period: CarePeriod) -> None:
        """OC2 outcomes at each 31 March after 12 months of continuous care."""
        draw, rates = self.draw, self.rates
        start, end = period.start, period.end
        year = start.year + (0 if start <= date(start.year, 4, 1) else 1) + 1
        march = date(year, 3, 31)
        while (end is None or end > march) and march < child.birthday(18):
            age = child.age_on(march)
            sdq_age = 4 <= age <= 16
            sdq_done = sdq_age and draw.chance(0.78)
            misuse = age >= 10 and draw.chance(0.03)
            child.health.append(
                HealthYear(
                    cohort_year=financial_year_label(march),
                    sdq_score=max(0, min(40, round(draw.rng.gauss(14, 7)))) if sdq_done else None,
                    sdq_reason=None if sdq_done else ("SDQ1" if not sdq_age else draw.one_of(("SDQ2", "SDQ4", "SDQ5"))),
                    convicted=draw.chance(0.03) if age >= 10 else None,
                    health_check=draw.chance(0.88) if age < 5 else None,
                    immunisations=draw.chance(0.84),
                    teeth_check=draw.chance(rates.dental_check),
                    health_assessment=draw.chance(rates.health_assessment),
                    substance_misuse=misuse,
                    intervention_received=draw.chance(0.6) if misuse else None,
                    intervention_offered=draw.chance(0.8) if misuse else None,
                )
            )
            march = date(march.year + 1, 3, 31)

    def _leaving_care(self, child: Child, period: CarePeriod) -> None:
        """Care leavers: at least 13 weeks in care since 14, leaving at 16 or over."""
        draw, rates = self.draw, self.rates
        end = period.end
        last_rec = period.episodes[-1].rec
        if end is None or child.age_on(end) < 16 or last_rec in ("E11", "E12", "E2"):
            return
        if (end - max(period.start, child.birthday(14))).days < 91:
            return
        service_end = child.birthday(25 if draw.chance(0.1) else 21)
        child.leaving_care_service = (end, service_end)
        day = end
        while day < service_end:
            day = draw.days_after(day, 150, 182) if draw.chance(0.85) else draw.days_after(day, 183, 260)
            child.pathway_reviews.append(day)
        day = end
        while day < service_end:
            day = draw.days_after(day, 14, 70)
            child.leaving_care_contacts.append(day)
        for age in range(17, 22):
            birthday = child.birthday(age)
            if birthday < end:
                continue
            in_touch = "YES" if draw.chance(rates.care_leaver_in_touch) else draw.pick(IN_TOUCH_OTHER)
            eet = rates.care_leaver_eet_17_18 if age <= 18 else rates.care_leaver_eet_19_21
            if in_touch == "YES":
                activity = (
                    draw.pick(ACTIVITY_EET)
                    if draw.chance(eet / rates.care_leaver_in_touch)
                    else draw.pick(ACTIVITY_NEET)
                )
                suitable = "1" if draw.chance(rates.care_leaver_suitable) else "2"
                accommodation = draw.pick(ACCOMMODATION) + suitable
            else:
                activity, accommodation = "0", "0"
            child.care_leaver.append(CareLeaverYear(financial_year_label(birthday), in_touch, activity, accommodation))
            if in_touch == "DIED":
                child.death_date = birthday
                break


def _banded(table: dict, age: int) -> Weighted:
    for (low, high), weights in table.items():
        if low <= age <= high:
            return weights
    raise ValueError(f"no band for age {age}")


def _at(items: list, day: date, when):
    """The last item that started on or before `day`."""
    current = items[0]
    for item in items:
        if when(item) <= day:
            current = item
    return current


def _reason_new_episode(legal: bool, place: bool, carer: bool) -> str:
    if legal and not place:
        return "L"
    if legal:
        return "B" if carer else "U"
    return "P" if carer else "T"


def _cla_need(need: str) -> str:
    """The 903 category of need has no N9 or N0."""
    return need if need in ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8") else "N1"
