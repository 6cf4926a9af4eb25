"""The report's data notes: what the figures rest on, in plain words. Which returns
and extracts were loaded, how a record sent again in a later return is counted, the
figures that look back before the first return loaded, and any break the series check
found after the last load (indicators/breaks.py). A public report names a break
without its counts of records, which could be small."""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.indicators.breaks import stored_breaks
from scorecard.judge.judgement import Judgement
from scorecard.store.database import Store
from scorecard.store.merge import RULE

# The families of files a load recognises, by the start of their kind, as a reader names them.
FAMILIES = (
    ("cin_census", "CIN census"),
    ("ssda903", "SSDA903 return"),
    ("csww", "social work workforce census"),
    ("annex_a", "Ofsted Annex A lists"),
    ("ssd_", "local extracts (Standard Safeguarding Dataset)"),
    ("local_measures", "the LA's own measures"),
)


@dataclass(frozen=True)
class DataNotes:
    sources: tuple[str, ...]  # one line per kind of file loaded
    repeated_records: str
    history: tuple[str, ...]  # figures that look back before the first return loaded
    breaks: tuple[str, ...]  # breaks in series found after the last load

    @property
    def parts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(heading, lines) of each part, as every format shows them."""
        return (
            ("What was loaded", self.sources or ("Nothing for this LA.",)),
            ("Records sent again in later returns", (self.repeated_records,)),
            ("Figures resting on less history", self.history or ("Every figure has the history it needs.",)),
            (
                "Breaks in series",
                self.breaks or ("The check of every figure's series after the last load found none.",),
            ),
        )


def data_notes(store: Store, la_code: str, audience: str, judged: list[Judgement], titles: dict[str, str]) -> DataNotes:
    history = tuple(
        f"{titles.get(j.result.indicator_id, j.result.indicator_id)}: {j.result.history}."
        for j in judged
        if j.result.history and j.result.breakdown is None
    )
    return DataNotes(_sources(store, la_code), RULE, history, _breaks(store, la_code, audience, titles))


def _sources(store: Store, la_code: str) -> tuple[str, ...]:
    rows = store.con.execute(
        "SELECT kind, min(collection_year), max(collection_year) FROM source_file "
        "WHERE NOT replaced AND la_code = ? GROUP BY kind",
        [la_code],
    ).fetchall()
    lines = []
    for prefix, name in FAMILIES:
        years = [(first, last) for kind, first, last in rows if kind.startswith(prefix)]
        if not years:
            continue
        firsts = [f for f, _ in years if f]
        lasts = [last for _, last in years if last]
        if not firsts:
            lines.append(f"{name[0].upper()}{name[1:]}.")
        elif min(firsts) == max(lasts):
            lines.append(f"{name[0].upper()}{name[1:]}, {min(firsts)}.")
        else:
            lines.append(f"{name[0].upper()}{name[1:]}, {min(firsts)} to {max(lasts)}.")
    return tuple(lines)


def _breaks(store: Store, la_code: str, audience: str, titles: dict[str, str]) -> tuple[str, ...]:
    found = [b for b in stored_breaks(store) if b.la_code == la_code]
    if audience == "internal":
        return tuple(b.message for b in found)
    return tuple(
        f"{titles.get(b.indicator_id, b.indicator_id)}: the records behind the figure change sharply in "
        f"{b.period} against {b.since}, so figures either side may not compare."
        for b in found
    )
