"""Random draws for the simulation: one seeded generator, a few helpers."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from scorecard.dates.workdays import working_days

T = TypeVar("T")


class Weighted:
    """A fixed weighted choice, prepared once and drawn from many times."""

    def __init__(self, weights: Mapping[T, float]) -> None:
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


class Draw:
    """The LA's random source. Seeded from text, so runs are identical everywhere."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)
        self.calendar = working_days()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, weights: Weighted):
        return weights.draw(self.rng)

    def one_of(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def poisson(self, mean: float) -> int:
        if mean <= 0:
            return 0
        if mean > 50:
            return max(0, round(self.rng.gauss(mean, math.sqrt(mean))))
        limit, count, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            count += 1
            product *= self.rng.random()
        return count

    def days_after(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    def working_days_after(self, day: date, low: int, high: int) -> date:
        return self.calendar.add(day, self.rng.randint(low, high))

    def lognormal_days(self, median: float, spread: float, low: int, high: int) -> int:
        value = self.rng.lognormvariate(math.log(median), spread)
        return int(min(high, max(low, value)))
