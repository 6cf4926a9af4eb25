"""Scorecard's results table against the independent one, figure by figure.

The product is run through its command line (`scorecard synth`, `load`,
`indicators`, `drill`), never imported, so both sides meet only in the results
contract's CSV.
"""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.independent.figures import Result, outcome, period, results
from tests.independent.returns import LA

SCORECARD = Path(sys.executable).parent / "scorecard"
LAST_YEAR = "2025-26"  # synth's collection years end with it


def financial_years(first: str, last: str) -> list[str]:
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(int(first[:4]), int(last[:4]) + 1)]


def standard_periods(last: str = LAST_YEAR) -> tuple[list[str], list[str]]:
    """Every financial year of the last five, and every quarter of the last two."""
    years = financial_years(f"{int(last[:4]) - 4}", last)
    quarters = [f"{y} Q{q}" for y in years[-2:] for q in range(1, 5)]
    return years, quarters


def scorecard(*args: str) -> str:
    done = subprocess.run([str(SCORECARD), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"scorecard {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def synth_and_load(size: str, years: int, work: Path) -> tuple[Path, Path]:
    """Write the synthetic LA (seed 1, as the demo) and load it into a store in `work`."""
    scorecard("synth", "--size", size, "--years", str(years), "--seed", "1", "--out", str(work / "synth"))
    folder = next(p for p in (work / "synth").iterdir() if (p / "scorecard.yml").exists())
    db = work / "scorecard.duckdb"
    db.unlink(missing_ok=True)
    scorecard("load", str(folder), "--db", str(db))
    return folder, db


def product_results(
    db: Path, config: Path, years: list[str], quarters: list[str], ids: list[str] | None = None
) -> list[dict]:
    rows = []
    only = ["--ids", ",".join(ids)] if ids else []
    for series, labels in (("yearly", years), ("quarterly", quarters)):
        text = scorecard(
            "indicators", "--series", series, "--from", labels[0], "--to", labels[-1],
            "--db", str(db), "--config", str(config), "--format", "csv", *only,
        )  # fmt: skip
        rows.extend(csv.DictReader(io.StringIO(text)))
    return rows


@dataclass
class Disagreement:
    indicator_id: str
    period: str
    breakdown: str
    product: tuple[str, str, str]
    independent: tuple[str, str, str]


@dataclass
class Comparison:
    total: int
    disagreements: list[Disagreement]

    @property
    def agreed(self) -> int:
        return self.total - len(self.disagreements)

    def table(self) -> str:
        head = ("indicator", "period", "breakdown", "product n/d/value", "independent n/d/value")
        lines = [" | ".join(head)]
        for d in self.disagreements:
            lines.append(
                " | ".join([d.indicator_id, d.period, d.breakdown, " / ".join(d.product), " / ".join(d.independent)])
            )
        return "\n".join(lines)


def _number(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _shown(n: float | None, note: str = "") -> str:
    if n is None:
        return note or "-"
    return f"{n:g}" if abs(n) >= 1e-3 or n == 0 else repr(n)


def compare(product: list[dict], independent: list[Result], ids: list[str] | None = None) -> Comparison:
    theirs = {(r["indicator_id"], r["period"], r["breakdown"]): r for r in product}
    ours = {(r.indicator_id, r.period, r.breakdown): r for r in independent}
    keys = sorted(k for k in set(theirs) | set(ours) if not ids or k[0] in ids)
    disagreements = []
    for key in keys:
        t, o = theirs.get(key), ours.get(key)
        tn, td, tv = (_number(t[c]) for c in ("numerator", "denominator", "value")) if t else (None, None, None)
        on, od, ov = (o.numerator, o.denominator, o.value) if o else (None, None, None)
        if tv is None and ov is None:
            agree = t is not None and o is not None  # both "not available"
        else:
            agree = t is not None and o is not None and _same(tv, ov) and _same(tn, on) and _same(td, od)
        if not agree:
            disagreements.append(
                Disagreement(
                    *key,
                    (_shown(tn), _shown(td), _shown(tv, t["note"] if t else "absent")),
                    (_shown(on), _shown(od), _shown(ov, o.note if o else "absent")),
                )
            )
    return Comparison(len(keys), disagreements)


def independent_results(la: LA, years: list[str], quarters: list[str], ids: list[str] | None = None) -> list[Result]:
    return results(la, [period(label) for label in years + quarters], ids)


def explain(la: LA, db: Path, config: Path, indicator_id: str, label: str) -> str:
    """The subjects each side counts that the other does not, for one figure."""
    text = scorecard(
        "drill", indicator_id, "--period", label, "--db", str(db), "--config", str(config), "--format", "csv"
    )
    theirs_den, theirs_num = Counter(), Counter()
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("in_denominator", "True") == "True":
            theirs_den[row["subject_id"]] += 1
        if row.get("in_numerator") == "True":
            theirs_num[row["subject_id"]] += 1
    mine = outcome(la, indicator_id, period(label))
    lines = [f"{indicator_id} {label}"]
    for name, a, b in (
        ("denominator", theirs_den, mine.members),
        ("numerator", theirs_num, mine.numerator_members),
    ):
        only_product, only_mine = a - b, b - a
        lines.append(f"  {name}: product {sum(a.values())}, independent {sum(b.values())}")
        lines.append(f"    only in the product ({sum(only_product.values())}): {_list(only_product)}")
        lines.append(f"    only in the independent ({sum(only_mine.values())}): {_list(only_mine)}")
    return "\n".join(lines)


def _list(counter: Counter) -> str:
    return ", ".join(f"{s}" + (f" x{n}" if n > 1 else "") for s, n in sorted(counter.items())) or "none"
