"""The simulated world of one LA: children and everything that happens to them.

Timelines are complete (they may run past the last collection year); each
writer censors them at its own reference date, as a real return would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from scorecard.store import ids


@dataclass
class Contact:
    contact_id: str
    child_id: str
    contact_date: date
    source: str
    outcome: str
    outcome_date: date
    team: str


@dataclass
class Assessment:
    start: date
    authorised: date | None
    child_seen: bool
    factors: list[str]
    team: str
    worker_id: str
    needs_services: bool = False


@dataclass
class S47:
    start: date
    end: date
    icpc_target: date
    icpc_date: date | None
    icpc_not_required: bool
    outcome: str


@dataclass
class CpPlan:
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[date] = field(default_factory=list)
    visits: list[date] = field(default_factory=list)
    transfer_in: bool = False


@dataclass
class CinPlan:
    start: date
    end: date | None


@dataclass
class CinEpisode:
    child_id: str
    referral_date: date
    source: str
    need: str
    nfa: bool
    team: str
    worker_id: str
    assessments: list[Assessment] = field(default_factory=list)
    s47s: list[S47] = field(default_factory=list)
    cp_plans: list[CpPlan] = field(default_factory=list)
    cin_plans: list[CinPlan] = field(default_factory=list)
    closure_date: date | None = None
    closure_reason: str | None = None
    # A late-recorded episode reaches the return of the year after it started.
    recorded_late: bool = False

    @property
    def referral_id(self) -> str:
        return ids.referral_id(self.child_id, self.referral_date)

    @property
    def initial_cpc_date(self) -> date | None:
        held = [s.icpc_date for s in self.s47s if s.icpc_date]
        held += [p.start for p in self.cp_plans if p.transfer_in]
        return min(held) if held else None


@dataclass
class ClaEpisode:
    start: date
    rne: str
    legal_status: str
    need: str
    place: str
    provider: str
    placement_postcode: str
    urn: str
    end: date | None = None
    rec: str | None = None
    reason_place_change: str | None = None


@dataclass
class Missing:
    kind: str  # M or A
    start: date
    end: date | None


@dataclass
class CarePeriod:
    """One period of care, from starting to be looked after to ceasing."""

    episodes: list[ClaEpisode]
    home_postcode: str
    reviews: list[tuple[date, str]] = field(default_factory=list)
    visits: list[date] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    adoption_decision: date | None = None
    adoption_reversed: date | None = None
    matched: date | None = None
    previous_permanence: str = "Z1"

    @property
    def start(self) -> date:
        return self.episodes[0].start

    @property
    def end(self) -> date | None:
        return self.episodes[-1].end

    @property
    def short_breaks(self) -> bool:
        return all(e.legal_status in ("V3", "V4") for e in self.episodes)


@dataclass
class Allocation:
    worker_id: str
    team: str
    start: date
    end: date | None
    reason: str | None


@dataclass
class HealthYear:
    """OC2 outcomes at one 31 March, for a child looked after for the 12 months before."""

    cohort_year: str
    sdq_score: int | None
    sdq_reason: str | None
    convicted: bool | None
    health_check: bool | None
    immunisations: bool
    teeth_check: bool
    health_assessment: bool
    substance_misuse: bool
    intervention_received: bool | None
    intervention_offered: bool | None


@dataclass
class CareLeaverYear:
    cohort_year: str
    in_touch: str
    activity: str
    accommodation: str


@dataclass
class Child:
    child_id: str
    sex: str  # M or F; writers turn it into each year's codes
    birth_date: date
    ethnicity: str
    upn: str | None
    disabilities: list[str]
    home_postcode: str
    uasc_until: date | None = None
    death_date: date | None = None
    is_mother: bool = False
    legacy_cp_plans: int = 0
    episodes: list[CinEpisode] = field(default_factory=list)
    care: list[CarePeriod] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    health: list[HealthYear] = field(default_factory=list)
    care_leaver: list[CareLeaverYear] = field(default_factory=list)
    leaving_care_service: tuple[date, date] | None = None
    pathway_reviews: list[date] = field(default_factory=list)
    leaving_care_contacts: list[date] = field(default_factory=list)

    def birthday(self, age: int) -> date:
        """The day the child reaches `age` (1 March for a 29 February birthday)."""
        try:
            return self.birth_date.replace(year=self.birth_date.year + age)
        except ValueError:
            return date(self.birth_date.year + age, 3, 1)

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def last_plan_end(self) -> date:
        """The day the child's latest child protection plan ended (date.min: none has)."""
        return max((p.end for e in self.episodes for p in e.cp_plans if p.end), default=date.min)

    def open_until(self) -> date | None:
        """Date the child's latest CIN episode closes (None: still open)."""
        if not self.episodes:
            return date.min
        return self.episodes[-1].closure_date


@dataclass
class Worker:
    worker_id: str
    name: str
    team: str
    agency: bool
    fte: float
    birth_date: date
    gender: str
    ethnicity: str
    start: date
    end: date | None
    start_origin: str
    leave_reason: str | None
    case_holder: bool
    sickness_rate: float


@dataclass
class EarlyHelp:
    episode_id: str
    child_id: str
    start: date
    end: date | None
    reason: str
    end_reason: str | None
    organisation: str
    worker_id: str


@dataclass
class World:
    """Everything simulated for one LA."""

    children: dict[str, Child] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)
    early_help: list[EarlyHelp] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)
    establishment_fte: float = 0.0
