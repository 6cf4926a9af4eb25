"""Children's journeys through the front door and child protection.

A day-by-day simulation: referrals arrive (some are re-referrals of children
known before), are assessed, may lead to a section 47 enquiry, a conference, a
child protection plan, a child in need plan or care (see care.py). Each episode's
whole timeline is drawn when the referral arrives.
"""

from __future__ import annotations

from datetime import date, timedelta

from scorecard.dates.periods import financial_year_label
from scorecard.synth.care import CareCareers
from scorecard.synth.draw import Draw, Weighted
from scorecard.synth.model import (
    S47,
    Allocation,
    Assessment,
    Child,
    CinEpisode,
    CinPlan,
    Contact,
    CpPlan,
    EarlyHelp,
    World,
)
from scorecard.synth.places import Places, places_for
from scorecard.synth.profile import LocalAuthority, Rates
from scorecard.synth.workforce import Workforce

# Journeys are simulated in full from a few years before the first collection
# year, so re-referrals and repeat plans have a history; before that, only entries
# to care are simulated, back far enough for a child to have spent their whole
# childhood in care by the first year.
WARMUP_YEARS = 4
CARE_HISTORY_YEARS = 18
CARE_ENTRY_AGE = Weighted({(0, 0): 22, (1, 4): 15, (5, 9): 18, (10, 15): 35, (16, 17): 10})

AGE_AT_REFERRAL = Weighted({(0, 0): 12, (1, 4): 20, (5, 9): 25, (10, 15): 33, (16, 17): 10})
ETHNICITY = Weighted(
    {
        "WBRI": 70,
        "WOTH": 5,
        "WIRI": 0.4,
        "WIRT": 0.3,
        "WROM": 0.5,
        "MWBC": 3,
        "MWBA": 1,
        "MWAS": 2,
        "MOTH": 3,
        "AIND": 2,
        "APKN": 3,
        "ABAN": 1,
        "AOTH": 1.5,
        "BCRB": 1.5,
        "BAFR": 3,
        "BOTH": 1,
        "CHNE": 0.3,
        "OOTH": 2,
        "REFU": 0.5,
        "NOBT": 1.5,
    }
)
DISABILITY = Weighted(
    {
        "MOB": 2,
        "HAND": 1,
        "PC": 1,
        "INC": 1,
        "COMM": 3,
        "LD": 4,
        "HEAR": 1,
        "VIS": 1,
        "BEH": 4,
        "CON": 0.5,
        "AUT": 5,
        "DDA": 1,
    }
)
SOURCE = Weighted(
    {
        "6": 29,
        "2A": 19,
        "2B": 1.5,
        "3A": 3,
        "3B": 2,
        "3C": 1,
        "3D": 2,
        "3E": 3,
        "3F": 3,
        "5A": 3,
        "5B": 3,
        "5C": 2,
        "5D": 5,
        "1A": 4,
        "1B": 1,
        "1C": 1,
        "1D": 1,
        "4": 2,
        "7": 3,
        "8": 8,
        "9": 1,
        "10": 3,
    }
)
NEED = Weighted({"N1": 57, "N2": 8, "N3": 3, "N4": 9, "N5": 14, "N6": 2, "N7": 0.3, "N8": 3, "N9": 3, "N0": 0.7})
FACTOR = Weighted(
    {
        "3B": 30,
        "4B": 30,
        "3A": 22,
        "16A": 20,
        "17A": 18,
        "2B": 15,
        "1B": 13,
        "4A": 14,
        "21": 8,
        "5B": 6,
        "6B": 5,
        "14A": 6,
        "15A": 5,
        "10A": 4,
        "11A": 3,
        "24A": 4,
        "13A": 2,
        "18B": 2,
        "18C": 6,
        "19B": 1.5,
        "19C": 3,
        "2A": 4,
        "1A": 2,
        "3C": 2,
        "4C": 2,
        "20": 5,
        "7A": 1.5,
        "9A": 1,
        "12A": 0.5,
        "22A": 0.2,
        "23A": 0.2,
    }
)
CATEGORY = Weighted({"NEG": 50, "EMO": 36, "PHY": 7, "SAB": 4, "MUL": 3})
CONTACT_OUTCOME = Weighted({"No Further Action": 45, "Information and Advice": 35, "EH Referral": 20})
REFERRAL_LAG = Weighted({0: 70, 1: 20, 3: 10})
CONTACT_DELAY = Weighted({0: 25, 1: 55, 2: 6, 3: 6, 4: 3, 6: 3, 9: 2})
CP_MONTHS = Weighted({(3, 6): 30, (6, 12): 50, (12, 18): 15, (18, 24): 2.5, (24, 34): 2.5})
SEASON = {1: 1.05, 2: 1.05, 3: 1.05, 4: 0.95, 5: 1.02, 6: 1.02, 7: 0.98, 8: 0.78, 9: 1.05, 10: 1.08, 11: 1.1, 12: 0.88}
# The factor codes that came in with later schemas, and what was used before.
FACTOR_BEFORE = {
    "18B": ("2020-21", "18A"),
    "18C": ("2020-21", "18A"),
    "19B": ("2020-21", "19A"),
    "19C": ("2020-21", "19A"),
    "24A": ("2021-22", "20"),
}


class Simulation:
    def __init__(self, la: LocalAuthority, first_year: int, last_year: int, seed: int, rates: Rates):
        self.la = la
        self.rates = rates
        self.draw = Draw(f"{seed}-{la.la_code}")
        self.care_from = date(first_year - CARE_HISTORY_YEARS, 4, 1)
        self.start = date(first_year - WARMUP_YEARS, 4, 1)
        self.record_from = date(first_year, 4, 1)
        self.as_at = date(last_year + 1, 3, 31)
        self.first_year = first_year
        self.world = World()
        self.places: Places = places_for(self.draw)
        horizon = self.as_at + timedelta(days=366 * 3)
        self.workforce = Workforce(la, rates, self.draw, self.care_from, horizon)
        self.world.workers = self.workforce.workers
        self.world.establishment_fte = sum(self.workforce.employed_target.values())
        self.care = CareCareers(self.draw, rates, self.places, self.workforce)
        self._serial = 0
        self._recent: list[tuple[date, str]] = []
        self._recent_from = 0
        self._known: list[str] = []
        self._concerns: dict[date, list[str]] = {}  # children referred again, with new concerns, by day

    # -- the main loop -------------------------------------------------------------

    def run(self) -> World:
        per_day = self.la.population / 10_000 / 365
        day = self.care_from
        while day < self.start:
            for _ in range(self.draw.poisson(per_day * self.rates.care_entries_per_10k)):
                self.care_entry(day)
            day += timedelta(days=1)
        while day <= self.as_at:
            for child_id in self._concerns.pop(day, ()):
                self._concern_again(self.world.children[child_id], day)
            demand = self._demand(day)
            for _ in range(self.draw.poisson(per_day * self.rates.referrals_per_10k * demand)):
                self.referral(day)
            for _ in range(self.draw.poisson(per_day * self.rates.uasc_per_10k)):
                self.uasc_arrival(day)
            for _ in range(self.draw.poisson(per_day * self.rates.short_breaks_per_10k)):
                self.short_breaks(day)
            if day >= self.record_from:
                other = self.rates.contacts_per_referral - 1
                for _ in range(self.draw.poisson(per_day * self.rates.referrals_per_10k * demand * other)):
                    self.contact_only(day)
            day += timedelta(days=1)
        return self.world

    def _demand(self, day: date) -> float:
        years = (day - self.record_from).days / 365.25
        weekday = 1.22 if self.draw.calendar.is_working_day(day) else 0.35
        return (1 + self.la.trend) ** years * SEASON[day.month] * weekday

    # -- children ------------------------------------------------------------------

    def new_child(self, day: date, age: tuple[int, int] | None = None) -> Child:
        draw = self.draw
        low, high = age or draw.pick(AGE_AT_REFERRAL)
        born = day - timedelta(days=draw.between(low * 365, high * 365 + 364))
        self._serial += 1
        child_id = f"{int(self.la.la_code)}{self._serial:07d}"
        school_age = (day - born).days > 4 * 365
        disabled = draw.chance(0.12)
        child = Child(
            child_id=child_id,
            sex="M" if draw.chance(0.52) else "F",
            birth_date=born,
            ethnicity=draw.pick(ETHNICITY),
            upn=upn(draw, born) if school_age and draw.chance(0.92) else None,
            disabilities=sorted({draw.pick(DISABILITY) for _ in range(draw.between(1, 2))}) if disabled else ["NONE"],
            home_postcode=self.places.home(draw),
            legacy_cp_plans=draw.between(1, 2) if draw.chance(self.rates.repeat_cpp_legacy) else 0,
        )
        self.world.children[child_id] = child
        return child

    def _pick_child(self, day: date) -> Child:
        """A re-referral of a recently or long-known child, or a new child."""
        draw = self.draw
        while self._recent_from < len(self._recent) and self._recent[self._recent_from][0] < day - timedelta(days=365):
            self._recent_from += 1
        roll = draw.rng.random()
        if roll < self.rates.rereferral_12m and self._recent_from < len(self._recent):
            for _ in range(8):
                _, child_id = self._recent[draw.between(self._recent_from, len(self._recent) - 1)]
                if self._free(child_id, day):
                    return self.world.children[child_id]
        elif roll < self.rates.rereferral_12m + self.rates.rereferral_older and self._known:
            for _ in range(8):
                child_id = draw.one_of(self._known)
                child = self.world.children[child_id]
                last = child.episodes[-1].referral_date if child.episodes else date.min
                if last < day - timedelta(days=365) and self._free(child_id, day):
                    return child
        return self.new_child(day)

    def _free(self, child_id: str, day: date) -> bool:
        child = self.world.children[child_id]
        closed = child.open_until()
        return closed is not None and closed < day and child.age_on(day) < 17 and child.death_date is None

    # -- the front door ------------------------------------------------------------

    def referral(self, day: date, child: Child | None = None, concern: bool = False) -> CinEpisode:
        """A referral, of `child` or of a child picked as referrals come; with a `concern`
        of significant harm it goes to a conference and a plan."""
        draw = self.draw
        child = child or self._pick_child(day)
        team, worker = self.workforce.allocate("Assessment", day)
        source = self._source(day)
        episode = CinEpisode(
            child_id=child.child_id,
            referral_date=day,
            source=source,
            need=draw.pick(NEED),
            nfa=not concern and draw.chance(self.rates.referral_nfa),
            team=team,
            worker_id=worker,
        )
        if not child.episodes:
            self._known.append(child.child_id)
        child.episodes.append(episode)
        self._recent.append((day, child.child_id))
        if day >= self.record_from:
            received = draw.calendar.add(day, 0) - timedelta(days=draw.pick(REFERRAL_LAG))
            self._contact(child, min(received, day), source, "CIN Referral", decided=day)
        if episode.nfa:
            self._close(child, episode, draw.days_after(day, 0, 3), "RC8")
            return episode
        self._after_referral(child, episode, concern)
        return episode

    def _concern_again(self, child: Child, day: date) -> None:
        """A child whose plan ended is referred again, if their last episode has closed and
        they are still a child; else the concern is looked at when the episode closes,
        as long as that is within two years of the plan's end."""
        closed = child.open_until()
        if child.age_on(day) >= 17 or child.death_date is not None:
            return
        if closed is not None and closed < day:
            self.referral(day, child, concern=True)
        elif closed is not None and closed < child.last_plan_end() + timedelta(days=700):
            self._concerns.setdefault(closed + timedelta(days=1), []).append(child.child_id)

    def contact_only(self, day: date) -> None:
        draw = self.draw
        known = self._known and draw.chance(0.4)
        child = self.world.children[draw.one_of(self._known)] if known else self.new_child(day)
        outcome = draw.pick(CONTACT_OUTCOME)
        decided = draw.calendar.add(day, draw.pick(CONTACT_DELAY))
        self._contact(child, day, self._source(day), outcome, decided)
        if outcome == "EH Referral":
            self._early_help(child, decided, "Contact to early help")

    def _source(self, day: date) -> str:
        """A referral or contact source; early help (5D) is a code only from 2022-23."""
        source = self.draw.pick(SOURCE)
        return "5B" if source == "5D" and financial_year_label(day) < "2022-23" else source

    def _contact(self, child: Child, received: date, source: str, outcome: str, decided: date) -> None:
        self.world.contacts.append(
            Contact(
                contact_id=f"CT{len(self.world.contacts) + 1:08d}",
                child_id=child.child_id,
                contact_date=received,
                source=source,
                outcome=outcome,
                outcome_date=decided,
                team="Front Door Team",
            )
        )

    def _early_help(self, child: Child, day: date, reason: str) -> None:
        draw = self.draw
        start = draw.days_after(day, 1, 20)
        end = draw.days_after(start, 60, 300)
        self.world.early_help.append(
            EarlyHelp(
                episode_id=f"EH{len(self.world.early_help) + 1:07d}",
                child_id=child.child_id,
                start=start,
                end=end,
                reason=reason,
                end_reason=draw.one_of(("Needs met", "Stepped up to social care", "Family disengaged")),
                organisation=draw.one_of(("Family Hub North", "Family Hub South", "School Early Help")),
                worker_id=f"EHW{draw.between(100, 160)}",
            )
        )

    # -- assessment, section 47 and plans ----------------------------------------------

    def _after_referral(self, child: Child, episode: CinEpisode, concern: bool = False) -> None:
        draw, rates = self.draw, self.rates
        day = episode.referral_date
        assessment = self._assessment(episode, draw.working_days_after(day, 0, 3))
        episode.assessments.append(assessment)
        child.allocations.append(
            Allocation(assessment.worker_id, assessment.team, assessment.start, assessment.authorised, None)
        )
        ends = [assessment.authorised]
        if not concern and draw.chance(rates.transfer_in_cpp):
            episode.source = "5C"
            return self._cp_plan(child, episode, draw.working_days_after(day, 2, 15), transfer_in=True)
        if not concern and draw.chance(rates.care_after_referral):
            care_start = draw.days_after(day, 0, 30)
            return self._into_care(child, episode, care_start, route="referral")
        s47_chance = rates.s47_per_referral / (1 - rates.referral_nfa)
        if concern or draw.chance(s47_chance):
            s47 = self._s47(draw.working_days_after(day, 0, 4), conference=concern)
            episode.s47s.append(s47)
            ends.append(s47.end)
            if s47.icpc_date and (concern or draw.chance(rates.cpp_per_icpc)):
                return self._cp_plan(child, episode, s47.icpc_date)
        if assessment.authorised and assessment.needs_services:
            return self._cin_plan(child, episode, assessment.authorised)
        closed = draw.days_after(max(e for e in ends if e), 0, 10)
        reason = "RC8"
        if financial_year_label(closed) >= "2022-23" and draw.chance(rates.early_help_after_assessment / 0.6):
            reason = "RC9"
            self._early_help(child, closed, "Step down from social care")
        self._close(child, episode, closed, reason)

    def _assessment(self, episode: CinEpisode, start: date) -> Assessment:
        draw = self.draw
        if draw.chance(self.rates.assessment_45wd):
            length = min(45, max(1, int(draw.rng.gauss(26, 11))))
        else:
            length = 46 + int(draw.rng.expovariate(1 / 14))
        team, worker = self.workforce.allocate("Assessment", start)
        factors = {draw.pick(FACTOR) for _ in range(draw.between(1, 4))}
        year = financial_year_label(start)
        factors = {FACTOR_BEFORE[f][1] if f in FACTOR_BEFORE and year < FACTOR_BEFORE[f][0] else f for f in factors}
        if "21" in factors and len(factors) > 1:
            factors.discard("21")
        return Assessment(
            start=start,
            authorised=draw.calendar.add(start, length),
            child_seen=draw.chance(self.rates.child_seen),
            factors=sorted(factors),
            team=team,
            worker_id=worker,
            needs_services=draw.chance(self.rates.cin_plan_after_assessment / 0.62),
        )

    def _s47(self, start: date, conference: bool = False) -> S47:
        draw, cal = self.draw, self.draw.calendar
        target = cal.add(start, 15)
        if conference or draw.chance(self.rates.icpc_per_s47):
            days = draw.between(4, 15) if draw.chance(self.rates.icpc_15wd) else draw.between(16, 40)
            icpc = cal.add(start, days)
            return S47(start, icpc, target, icpc, False, "Initial CP Conference")
        end = draw.working_days_after(start, 5, 25)
        outcome = draw.one_of(
            (
                "No Further Action",
                "Provision of Services (s17)",
                "NFA - Continue With Family Assessment",
            )
        )
        return S47(start, end, target, None, True, outcome)

    def _cp_plan(self, child: Child, episode: CinEpisode, start: date, transfer_in: bool = False) -> None:
        draw = self.draw
        if start >= child.birthday(18):
            return self._close(child, episode, start, "RC6")
        low, high = draw.pick(CP_MONTHS)
        end = draw.days_after(start, low * 30 + 1, high * 30 + 10)
        eighteen = child.birthday(18)
        end = min(end, eighteen)
        category = draw.pick(CATEGORY)
        previous = child.legacy_cp_plans + sum(len(e.cp_plans) for e in child.episodes)
        plan = CpPlan(
            start=start,
            end=end,
            initial_category=category,
            latest_category=category if draw.chance(0.9) else draw.pick(CATEGORY),
            previous_plans=previous,
            transfer_in=transfer_in,
        )
        plan.reviews = self._review_dates(
            start, end, first_months=3, every_months=6, on_time=self.rates.cpp_review_on_time
        )
        plan.visits = self._visit_dates(start, end)
        episode.cp_plans.append(plan)
        team, worker = self.workforce.allocate("Child Protection", start)
        child.allocations.append(Allocation(worker, team, start, end, None))
        if end < eighteen and draw.chance(self.rates.care_after_cpp):
            return self._into_care(child, episode, end, route="cp_plan")
        if end < eighteen and draw.chance(self.rates.repeat_cpp_2y):
            self._concerns.setdefault(draw.days_after(end, 30, 690), []).append(child.child_id)
        if end < eighteen and draw.chance(0.55):
            return self._cin_plan(child, episode, end)
        self._close(child, episode, draw.days_after(end, 0, 14), "RC7" if end < eighteen else "RC6")

    def _cin_plan(self, child: Child, episode: CinEpisode, start: date) -> None:
        draw = self.draw
        if start >= child.birthday(18):
            return self._close(child, episode, start, "RC6")
        end = min(draw.days_after(start, 90, 330), child.birthday(18))
        episode.cin_plans.append(CinPlan(start, end))
        self._close(child, episode, draw.days_after(end, 0, 20), "RC7")

    def _into_care(self, child: Child, episode: CinEpisode, start: date, route: str) -> None:
        period = self.care.enter(child, start, route, episode.need)
        if period is None:
            return self._close(child, episode, self.draw.days_after(start, 0, 10), "RC7")
        ended = period.end
        reason = {
            "E11": "RC1",
            "E12": "RC1",
            "E45": "RC4",
            "E46": "RC4",
            "E47": "RC4",
            "E48": "RC4",
            "E41": "RC3",
        }
        closure = reason.get(period.episodes[-1].rec or "", "RC7")
        if ended and child.age_on(ended) >= 18:
            closure = "RC6" if self.draw.chance(0.3) else "RC7"
        self._close(child, episode, self.draw.days_after(ended, 0, 40) if ended else None, closure)

    def _close(self, child: Child, episode: CinEpisode, day: date | None, reason: str) -> None:
        if day is None:
            return
        eighteen = child.birthday(18)
        if day >= eighteen:
            day = eighteen
            if reason not in ("RC1", "RC3", "RC4"):
                reason = "RC6"
        episode.closure_date = max(day, episode.referral_date)
        episode.closure_reason = reason

    # -- other ways into care -----------------------------------------------------------

    def care_entry(self, day: date) -> None:
        """A child referred and taken into care, for the years before the full simulation."""
        child = self.new_child(day, age=self.draw.pick(CARE_ENTRY_AGE))
        team, worker = self.workforce.allocate("Assessment", day)
        episode = CinEpisode(child.child_id, day, self._source(day), "N1", False, team, worker)
        child.episodes.append(episode)
        self._known.append(child.child_id)
        episode.assessments.append(self._assessment(episode, day))
        self._into_care(child, episode, self.draw.days_after(day, 0, 30), route="referral")

    def uasc_arrival(self, day: date) -> None:
        child = self.new_child(day, age=(14, 17))
        child.sex = "M" if self.draw.chance(0.92) else "F"
        child.ethnicity = self.draw.one_of(("OOTH", "BAFR", "AOTH", "BOTH", "WOTH"))
        child.uasc_until = child.birthday(18)
        episode = CinEpisode(child.child_id, day, "7", "N8", False, *self.workforce.allocate("Assessment", day))
        child.episodes.append(episode)
        self._known.append(child.child_id)
        episode.assessments.append(self._assessment(episode, day))
        self._into_care(child, episode, day, route="uasc")

    def short_breaks(self, day: date) -> None:
        child = self.new_child(day, age=(5, 15))
        child.disabilities = sorted({"LD", self.draw.pick(DISABILITY)})
        episode = CinEpisode(
            child.child_id,
            day,
            "3F",
            "N2",
            False,
            *self.workforce.allocate("Disabled Children", day),
        )
        child.episodes.append(episode)
        self._known.append(child.child_id)
        episode.assessments.append(self._assessment(episode, day))
        self._into_care(child, episode, episode.assessments[0].authorised or day, route="short_breaks")

    # -- reviews and visits ---------------------------------------------------------------

    def _review_dates(
        self, start: date, end: date | None, first_months: int, every_months: int, on_time: float
    ) -> list[date]:
        draw, dates = self.draw, []
        limit = end or self.as_at + timedelta(days=366 * 3)
        due = start + timedelta(days=first_months * 30)
        while due < limit:
            held = (
                due - timedelta(days=draw.between(0, 20))
                if draw.chance(on_time)
                else due + timedelta(days=draw.between(1, 40))
            )
            if held >= limit:
                break
            dates.append(held)
            due = held + timedelta(days=every_months * 30)
        return dates

    def _visit_dates(self, start: date, end: date | None) -> list[date]:
        draw, cal, dates = self.draw, self.draw.calendar, []
        limit = end or self.as_at + timedelta(days=366 * 3)
        day = cal.add(start, draw.between(1, 5))
        while day < limit:
            dates.append(day)
            gap = draw.between(5, 10) if draw.chance(self.rates.cpp_visit_on_time) else draw.between(11, 20)
            day = cal.add(day, gap)
        return dates


def upn(draw: Draw, born: date) -> str:
    """A unique pupil number with a valid check letter (DfE algorithm)."""
    la, school, serial = draw.between(201, 938), draw.between(1000, 9999), draw.between(0, 999)
    body = f"{la:03d}{school:04d}{(born.year + 5) % 100:02d}{serial:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, range(2, 14), strict=True))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + body
