"""Small-number suppression for public outputs, stated once: every output for the
public goes through `for_audience`.

Primary: a count of 1 to threshold-1 children is shown as "fewer than 5", and so is
a percentage, rate or average resting on 1 to threshold-1 children (its numerator or
denominator); everything judged from it goes with it. Zero discloses nothing and is
shown. The threshold is the config's. Figures about staff (the definition's subject
is `worker`: the workforce's FTE) are not suppressed: the rule protects children.
An LA's own definitions say their subject as the catalogue's do; its local measures,
which say none, keep the rule.

Secondary: a breakdown's categories add up to a total that is shown (the headline
count, or the denominator of every percentage), so a withheld category could be
worked out by subtracting the shown ones from it. `protect` withholds further
categories, the smallest first so that the least is lost, until a reader who knows
the shown categories, the total and what each label says ("fewer than 5": 1 to 4;
"withheld": nothing of its size) can neither pin down a withheld count of 1 to 4
(two categories of 4 with a total 8 more than the rest would be pinned) nor learn
that fewer than the threshold are withheld between them. When every category is
withheld and that is still not enough, either the categories hold fewer than the
threshold in all, and the total is itself a small number, withheld wherever it is
shown (by the count rule, and as every category's denominator by the percentage
rule); or a "fewer than 5" category says "withheld" instead, which claims nothing
of its size. What is not covered: working a figure out across periods (a quarter
from the year to date and the quarters before it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from scorecard.indicators.results import Result, Withheld, rounded

Audience = Literal["public", "internal"]
AUDIENCES = ("public", "internal")
STAFF = "worker"  # the subject whose figures are never suppressed
SECONDARY = "withheld"  # what is shown for a category withheld so that a small one cannot be worked out


def small(number: float | None, threshold: int) -> bool:
    """1 to threshold-1: zero is not disclosive, and nothing is smaller than it."""
    return number is not None and 0 < number < threshold


def fewer_than(threshold: int) -> str:
    """What is shown for a small number: "fewer than 5"."""
    return f"fewer than {rounded(threshold, 'count')}"


@dataclass(frozen=True)
class Protection:
    """What a breakdown keeps from the public, by the categories' positions."""

    small: frozenset[int]  # shown as "fewer than 5"
    withheld: frozenset[int]  # shown as SECONDARY
    total_withheld: bool  # the categories hold fewer than the threshold in all


def protect(
    cells: Sequence[float], threshold: int, labelled: Collection[int] | None = None, withheld: Collection[int] = ()
) -> Protection:
    """The categories to withhold so that no small one can be worked out from the rest
    and the total. `cells` are the children in each category; `labelled` the ones
    shown as "fewer than 5" to begin with (by default those of 1 to threshold-1), and
    `withheld` any already withheld under a label that says nothing of their size."""
    if labelled is None:
        labelled = [i for i, n in enumerate(cells) if small(n, threshold)]
    others = set(withheld)
    fewer = set(labelled) - others
    while _disclosed(cells, fewer, others, threshold):
        shown = [i for i, n in enumerate(cells) if n > 0 and i not in fewer | others]
        if shown:
            others.add(min(shown, key=lambda i: (cells[i], i)))
        elif not fewer or sum(cells[i] for i in fewer | others) < threshold:
            return Protection(frozenset(fewer), frozenset(others), total_withheld=True)
        else:
            said = max(fewer, key=lambda i: (cells[i], -i))
            fewer.remove(said)
            others.add(said)
    return Protection(frozenset(fewer), frozenset(others), total_withheld=False)


def _disclosed(cells: Sequence[float], fewer: set[int], others: set[int], threshold: int) -> bool:
    """Whether the withheld categories give away a small number, to a reader who knows
    their sum (the total less the shown ones) and what each label says."""
    withheld = sorted(fewer | others)
    held = sum(cells[i] for i in withheld)
    if 0 < held < threshold:
        return True
    bounds = {i: ((1 if cells[i] >= 1 else 0), threshold - 1) if i in fewer else (0, float("inf")) for i in withheld}
    for i in withheld:
        if not small(cells[i], threshold) or bounds[i][0] == bounds[i][1]:
            continue  # only a small number needs hiding, and a label that pins it is the config's choice
        rest_low = sum(bounds[j][0] for j in withheld if j != i)
        rest_high = sum(bounds[j][1] for j in withheld if j != i)
        if max(bounds[i][0], held - rest_high) == min(bounds[i][1], held - rest_low):
            return True
    return False


def suppress(result: Result, threshold: int) -> Result:
    """A figure as the public may see it (a breakdown's categories are protected
    together by `for_audience`)."""
    if result.subject == STAFF or not _small_figure(result, threshold):
        return result
    return _withhold(result, threshold, small=True)


def for_audience(results: list[Result], audience: str, threshold: int) -> list[Result]:
    if audience not in AUDIENCES:
        raise ValueError(f"'{audience}' is not an audience: choose {' or '.join(AUDIENCES)}")
    if audience == "internal":
        return results
    shown = list(results)
    breakdowns: dict[tuple, list[int]] = {}
    for index, r in enumerate(results):
        if r.subject == STAFF:
            continue
        if r.breakdown is None:
            shown[index] = suppress(r, threshold)
        else:
            breakdowns.setdefault((r.indicator_id, r.la_code, r.period_start, r.period_end), []).append(index)
    for indices in breakdowns.values():
        rows = [results[i] for i in indices]
        fewer, others = _breakdown(rows, threshold)
        for position, index in enumerate(indices):
            if position in fewer | others:
                shown[index] = _withhold(results[index], threshold, small=position in fewer)
    return shown


def _breakdown(rows: list[Result], threshold: int) -> tuple[set[int], set[int]]:
    """The categories of one breakdown shown as "fewer than 5", and those withheld.
    Their children (counts, or numerators) add up to a shown total; where each category
    has a denominator of its own (percentages within each category) those add up to
    one too, and are protected in the same way, until neither gives anything away."""
    fewer = {i for i, r in enumerate(rows) if _small_figure(r, threshold)}
    others: set[int] = set()
    children = [_children(r) for r in rows]
    denominators = [r.denominator or 0 for r in rows]
    totals = [children]
    if rows[0].unit not in ("count", "rate_per_10k") and len(set(denominators)) > 1:
        totals.append(denominators)
    changed = True
    while changed:
        changed = False
        for cells in totals:
            # "fewer than 5" bounds a category's children; a denominator only where it is the small part.
            labelled = {i for i in fewer if cells is children or small(cells[i], threshold)}
            found = protect(cells, threshold, labelled, (fewer | others) - labelled)
            relabelled = labelled - found.small
            added = found.withheld - fewer - others
            changed = changed or bool(relabelled or added)
            fewer -= relabelled
            others |= relabelled | added
    return fewer, others


def _children(r: Result) -> float:
    """The children a category holds: its count, or the numerator of its percentage or
    rate, or the denominator of its average."""
    if r.unit == "count":
        return r.value or 0
    if r.unit in ("percent", "rate_per_10k"):
        return r.numerator or 0
    return r.denominator or 0


def _small_figure(r: Result, threshold: int) -> bool:
    if r.unit == "count":
        return small(r.value, threshold) or small(r.numerator, threshold)
    return small(r.numerator, threshold) or small(r.denominator, threshold)


def _withhold(r: Result, threshold: int, small: bool) -> Result:
    words = fewer_than(threshold)
    if not small:
        note = f"withheld so that categories of {words} cannot be worked out from the total"
        return replace(r, value=None, numerator=None, denominator=None, note=note, withheld=Withheld(SECONDARY, False))
    if r.unit == "count":
        note = f"{words}: not shown, to protect children's privacy"
    else:
        note = f"{words} children behind the figure: not shown, to protect their privacy"
    return replace(r, value=None, numerator=None, denominator=None, note=note, withheld=Withheld(words, True))
