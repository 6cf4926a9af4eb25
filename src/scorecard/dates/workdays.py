"""Working days: Monday to Friday, less the bank holidays of England and Wales.

Bank holidays come from the maintained `holidays` package (including one-off days
such as the 2022 state funeral and the 2023 coronation), never a hand-typed list.
England and Wales share the same bank holidays, so the England calendar serves both.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta
from functools import cache

import holidays

FIRST_YEAR = 1990
LAST_YEAR = 2050


class WorkingDays:
    """Counts working days between dates over a fixed range of years.

    The count is kept as a running total per day, so the duration between two
    dates is one subtraction; the store's `calendar` table holds the same totals.
    """

    def __init__(self, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> None:
        self.first = date(first_year, 1, 1)
        self.last = date(last_year, 12, 31)
        self.bank_holidays: dict[date, str] = dict(
            holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
        )
        self._running: list[int] = []
        total = 0
        day = self.first
        while day <= self.last:
            if self.is_working_day(day):
                total += 1
            self._running.append(total)
            day += timedelta(days=1)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays

    def running_total(self, day: date) -> int:
        """Working days from the start of the range up to and including `day`."""
        self._check(day)
        return self._running[(day - self.first).days]

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 on the same day).

        This is the catalogue's duration rule: an ICPC held on the day of the
        strategy discussion has duration 0. Negative when `end` is before `start`.
        """
        return self.running_total(end) - self.running_total(start)

    def add(self, start: date, days: int) -> date:
        """The date that is `days` working days after `start` (a due date)."""
        if days < 0:
            raise ValueError("add() counts forwards only; give a non-negative number of days")
        if days == 0:
            return start
        target = self.running_total(start) + days
        index = bisect_left(self._running, target)
        result = self.first + timedelta(days=index)
        self._check(result)
        return result

    def _check(self, day: date) -> None:
        if not self.first <= day <= self.last:
            raise ValueError(
                f"{day.isoformat()} is outside the working-day calendar "
                f"({self.first.isoformat()} to {self.last.isoformat()})"
            )


@cache
def working_days() -> WorkingDays:
    """The shared calendar, built once per process."""
    return WorkingDays()
