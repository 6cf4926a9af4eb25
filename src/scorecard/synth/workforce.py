"""The LA's children's social workers: teams, starters, leavers and agency cover."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from scorecard.synth.draw import Draw, Weighted
from scorecard.synth.model import Worker
from scorecard.synth.profile import LocalAuthority, Rates

# Share of the social workers in each kind of team.
TEAM_KINDS = {
    "Front Door": 0.08,
    "Assessment": 0.25,
    "Child Protection": 0.30,
    "Children in Care": 0.22,
    "Care Leavers": 0.08,
    "Disabled Children": 0.07,
}
FIRST_NAMES = (
    "Alex",
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Eve",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jess",
    "Kieran",
    "Laura",
    "Mo",
    "Nadia",
    "Owen",
    "Priya",
    "Rachel",
    "Sam",
    "Tom",
)
SURNAMES = (
    "Ahmed",
    "Baker",
    "Carter",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owens",
    "Patel",
    "Reid",
    "Shaw",
    "Turner",
)
ETHNICITY = Weighted(
    {"WBRI": 70, "WOTH": 6, "BAFR": 6, "BCRB": 4, "AIND": 3, "APKN": 3, "MWBC": 2, "OOTH": 2, "REFU": 4}
)
START_ORIGIN = Weighted({"1": 25, "2": 20, "3": 15, "4": 10, "5": 10, "8": 10, "9": 10})
LEAVE_REASON = Weighted({"1": 15, "2": 25, "3": 10, "4": 20, "6": 10, "8": 10, "10": 10})
MONTHLY_LEAVING = 1 - (1 - 0.15) ** (1 / 12)


def team_names(la: LocalAuthority) -> dict[str, list[str]]:
    """Team names by kind; larger LAs have more locality teams."""
    units = max(1, round(la.population / 40_000))
    teams: dict[str, list[str]] = {}
    for kind in TEAM_KINDS:
        count = units if kind in ("Assessment", "Child Protection", "Children in Care") else 1
        teams[kind] = [f"{kind} Team {i + 1}" if count > 1 else f"{kind} Team" for i in range(count)]
    return teams


class Workforce:
    """Simulates each team month by month and answers "who was in post" questions."""

    def __init__(self, la: LocalAuthority, rates: Rates, draw: Draw, start: date, end: date):
        self.draw = draw
        self.rates = rates
        self.teams = team_names(la)
        self.workers: list[Worker] = []
        self._ids: set[str] = set()
        self._by_month: dict[tuple[str, int], list[Worker]] = defaultdict(list)
        total = la.population * rates.social_workers_per_10k / 10_000
        employed = total * (1 - rates.agency_share)
        self.employed_target = {
            team: max(2.0, employed * share / len(self.teams[kind]))
            for kind, share in TEAM_KINDS.items()
            for team in self.teams[kind]
        }
        self._simulate(start, end)

    def _simulate(self, start: date, end: date) -> None:
        month = date(start.year, start.month, 1)
        active: dict[str, list[Worker]] = defaultdict(list)
        agency_share = self.rates.agency_share / (1 - self.rates.agency_share)
        while month <= end:
            for team, target in self.employed_target.items():
                staff = [w for w in active[team] if w.end is None or w.end >= month]
                for worker in staff:
                    if worker.end is None and not worker.agency and self.draw.chance(MONTHLY_LEAVING):
                        worker.end = self.draw.days_after(month, 0, 27)
                        worker.leave_reason = self.draw.pick(LEAVE_REASON)
                employed = sum(w.fte for w in staff if not w.agency and w.end is None)
                agency = sum(w.fte for w in staff if w.agency and (w.end is None or w.end > month))
                # Vacancies are filled slowly, and agency staff cover some of them.
                if employed < target * (1 - self.rates.vacancy_rate) and self.draw.chance(0.5):
                    staff.append(self._hire(team, month, agency=False))
                if agency < target * agency_share:
                    staff.append(self._hire(team, month, agency=True))
                active[team] = staff
                key = (team, month.year * 12 + month.month)
                self._by_month[key] = [w for w in staff if w.case_holder]
            month = (month + timedelta(days=32)).replace(day=1)

    def _hire(self, team: str, month: date, agency: bool) -> Worker:
        draw = self.draw
        worker_id = f"SW{draw.between(10**9, 10**10 - 1):010d}"
        while worker_id in self._ids:
            worker_id = f"SW{draw.between(10**9, 10**10 - 1):010d}"
        self._ids.add(worker_id)
        start = draw.days_after(month, 0, 27)
        worker = Worker(
            worker_id=worker_id,
            name=f"{draw.one_of(FIRST_NAMES)} {draw.one_of(SURNAMES)}",
            team=team,
            agency=agency,
            fte=1.0 if draw.chance(0.8) else round(draw.rng.uniform(0.4, 0.9), 6),
            birth_date=start - timedelta(days=draw.between(23 * 365, 62 * 365)),
            gender="2" if draw.chance(0.84) else "1",
            ethnicity=draw.pick(ETHNICITY),
            start=start,
            end=draw.days_after(start, 90, 540) if agency else None,
            start_origin=draw.pick(START_ORIGIN),
            leave_reason=None,
            case_holder=draw.chance(0.85),
            sickness_rate=draw.rng.choice((0.005, 0.01, 0.02, 0.03, 0.05, 0.15)),
        )
        self.workers.append(worker)
        return worker

    def allocate(self, kind: str, day: date) -> tuple[str, str]:
        """A case-holding worker in post on `day` in a team of this kind: (team, worker id)."""
        team = self.draw.one_of(self.teams[kind])
        staff = self._by_month.get((team, day.year * 12 + day.month))
        if not staff:
            return team, ""
        return team, self.draw.one_of(staff).worker_id
