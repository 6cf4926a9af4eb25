"""Where synthetic children live and are placed: real postcodes, invented people.

Each synthetic LA borrows one real local authority district as its area, so that
placement distances (home to placement, in miles) can be computed as they would
be for a real LA. No person is real; only the postcodes are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scorecard.geo.postcodes import PostcodeArea, area, miles_between
from scorecard.synth.draw import Draw

AREA_LETTERS = "BCDLMNPST"
MIN_POSTCODES = 3_000


@dataclass
class Places:
    area: PostcodeArea
    district: str
    home_rows: list[int]
    home_index: dict[str, int]

    def home(self, draw: Draw) -> str:
        return self.area.postcodes[draw.one_of(self.home_rows)]

    def placement(self, draw: Draw, home: str, distance: str) -> str:
        """A placement postcode: `local` (in the LA), `near` (outside, under 20
        miles from home) or `far` (20 to 120 miles from home)."""
        if distance == "local":
            return self.home(draw)
        origin = self._point(self.home_index[home]) if home in self.home_index else None
        low, high = (0.5, 20.0) if distance == "near" else (20.0, 120.0)
        for _ in range(200):
            row = draw.between(0, len(self.area.postcodes) - 1)
            if self.area.districts[row] == self.district or origin is None:
                continue
            if low <= miles_between(origin, self._point(row)) <= high:
                return self.area.postcodes[row]
        return self.home(draw)

    def _point(self, row: int) -> tuple[float, float]:
        return self.area.eastings[row], self.area.northings[row]


def places_for(draw: Draw) -> Places:
    """Choose a real district with enough postcodes to stand for the LA."""
    letters = draw.one_of(AREA_LETTERS)
    data = area(letters)
    sizes = Counter(data.districts)
    candidates = sorted(d for d, n in sizes.items() if n >= MIN_POSTCODES and d.startswith("E"))
    district = draw.one_of(candidates)
    rows = [i for i, d in enumerate(data.districts) if d == district]
    return Places(data, district, rows, {data.postcodes[r]: r for r in rows})
