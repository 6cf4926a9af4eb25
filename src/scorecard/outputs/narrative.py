"""The plain-English narrative of the committee report, drafted from the judgements:
a short paragraph under each figure (`describe`) and the front summary (`summarise`).

Every phrase comes from narrative.yml (`load_wording`), so an LA can adjust the tone
by giving its own file; this module only decides which phrases apply and fills them
in. Figures are compared as the report shows them (1 decimal place, counts whole),
and every better-or-worse decision goes through `polarity.better`. Nothing is said
that the figures do not show: a missing figure gets one sentence saying why, a figure
withheld from the public one saying how small it is, and any comparison whose figure
is missing or withheld is left out.

The front summary's selection rules:

- performing well: a green RAG rating against the target, or quartile band A among
  all LAs, or a special cause improvement in the monthly figures (SPC), or an
  improvement on the previous period (for a census's or cohort's figure, the year
  before's) beyond normal variation (the previous figure lies outside this figure's
  95% interval);
- areas for focus: a red RAG rating, or band D, or a special cause concern, or a
  decline on the previous period beyond normal variation;
- an item with evidence both ways goes where the strongest evidence puts it, in the
  order RAG, band, signal, travel: green or red decide first, then band A or D, and
  so on (amber and bands B and C point neither way). Its line names the evidence that
  put it there and, after "but", any that points the other way;
- each list is ordered by strength of evidence (whether RAG, then band, then signal,
  then travel put it there), then by title, and holds at most `MAX_ENTRIES` lines;
- figures that are missing, and breakdown rows, are left out.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from scorecard import yamltext
from scorecard.indicators.results import Result, Withheld, rounded
from scorecard.judge.judgement import Judgement, shown
from scorecard.judge.polarity import better

MAX_ENTRIES = 6  # lines in each of "performing well" and "areas for focus"

# The evidence for the front summary, strongest first.
LEVELS = ("rag", "band", "signal", "travel")

# The placeholders the phrases of each section of narrative.yml may use.
FIELDS: dict[str, frozenset[str]] = {
    "units": frozenset({"number"}),
    "subject": frozenset({"title", "value", "number", "period", "numerator", "denominator", "year"}),
    "target": frozenset({"target", "tolerance"}),
    "benchmark": frozenset({"figure", "region", "benchmark", "year"}),
    "bands": frozenset(),
    "travel": frozenset({"previous", "when", "year"}),
    "signal": frozenset(),
    "not_available": frozenset({"title", "period", "reason"}),
    "withheld": frozenset({"title", "period", "value"}),
    "joins": frozenset(),
    "summary": frozenset(
        {
            "title",
            "value",
            "evidence",
            "period",
            "la",
            "met",
            "total",
            "close",
            "missed",
            "unjudged",
            "targets",
            "close_were",
            "better",
            "compared",
            "better_were",
        }
    ),
}
# Where an LA's file may add keys of its own: phrasing for its own (local) indicators.
OPEN = {("subject", "indicators")}

_QUARTER = re.compile(r"^\d{4}-\d{2}\s+[Qq][1-4]$")
_YEAR_OR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NOT_AVAILABLE = re.compile(r"^not available:\s*", re.IGNORECASE)


# --- wording ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """The phrases of narrative.yml (with an LA's own over them), by section."""

    phrases: Mapping[str, Any]

    def phrase(self, *path: str) -> str:
        found: Any = self.phrases
        for key in path:
            found = found[key]
        return found

    def fill(self, *path: str, **fields: object) -> str:
        return self.phrase(*path).format(**fields)

    def subject(self, indicator_id: str) -> str | None:
        return self.phrases["subject"]["indicators"].get(indicator_id)


def load_wording(path: Path | None = None) -> Wording:
    """The package's narrative.yml, with the phrases of the LA's file at `path` (if given)
    in place of its own. The LA's file need only hold the phrases it changes; a key the
    package's file does not have, or a placeholder a phrase cannot be given, is a
    ValueError naming it (so a typo is caught when the file is read, not mid-report)."""
    if path is None:
        return _default()
    own = yamltext.parse(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(own, dict):
        raise ValueError(f"{path}: the wording file must be a mapping of sections to phrases")
    phrases = _merge(_default().phrases, own, (), path)
    _check(phrases, (), path)
    return Wording(phrases)


@cache
def _default() -> Wording:
    text = resources.files(__package__).joinpath("narrative.yml").read_text(encoding="utf-8")
    phrases = yamltext.parse(text)
    _check(phrases, (), "narrative.yml")
    return Wording(phrases)


def _merge(base: Mapping[str, Any], own: Mapping[str, Any], at: tuple[str, ...], source: object) -> dict[str, Any]:
    merged = dict(base)
    for key, value in own.items():
        where = ".".join((*at, str(key)))
        if key not in base:
            if at not in OPEN:
                raise ValueError(f"{source}: '{where}' is not one of the narrative's phrases")
            if not isinstance(value, str):
                raise ValueError(f"{source}: '{where}' must be a phrase (text)")
            merged[key] = value
        elif isinstance(base[key], Mapping):
            if not isinstance(value, Mapping):
                raise ValueError(f"{source}: '{where}' must be a mapping of phrases, as in narrative.yml")
            merged[key] = _merge(base[key], value, (*at, str(key)), source)
        elif not isinstance(value, str):
            raise ValueError(f"{source}: '{where}' must be a phrase (text)")
        else:
            merged[key] = value
    return merged


def _check(phrases: Mapping[str, Any], at: tuple[str, ...], source: object) -> None:
    for key, value in phrases.items():
        where = (*at, str(key))
        if isinstance(value, Mapping):
            _check(value, where, source)
            continue
        allowed = FIELDS.get(where[0], frozenset())
        try:
            used = _fields(value)
        except ValueError as error:
            raise ValueError(f"{source}: '{'.'.join(where)}' is not a valid phrase ({error})") from None
        if used - allowed:
            unknown = ", ".join("{" + name + "}" for name in sorted(used - allowed))
            offered = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            raise ValueError(f"{source}: '{'.'.join(where)}' uses {unknown}; it may use {offered}")


def _fields(template: str) -> set[str]:
    """The placeholders a phrase uses."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names


# --- one figure -------------------------------------------------------------------------------


def describe(j: Judgement, title: str, region_name: str | None = None, wording: Wording | None = None) -> str:
    """One short paragraph about the figure: what it is (with its parts), against its
    target, England, the region and the statistical neighbours, its quartile band, its
    direction of travel, and any special cause signal in the monthly figures."""
    w = wording or load_wording()
    r = j.result
    title = title or r.indicator_id
    if r.withheld:
        return _withheld(r, r.withheld, title, w)
    value = shown(r.value, r.unit)
    if value is None:
        return _not_available(r, title, w)
    clauses = [_target_clause(j, value, w), *_benchmark_clauses(j, value, region_name, w), _band_clause(j, w)]
    said = [c for c in clauses if c]
    sentences = [_subject(r, title, value, w) + (", " + _listing(said, w) if said else "") + "."]
    travel = _travel(j, value, w)
    if travel:
        sentences.append(travel)
    signal = _signal_sentence(j, w)
    if signal:
        sentences.append(signal)
    return " ".join(sentences)


def period_kind(result: Result) -> str:
    """ "quarter", "year", "month" or "other", from the result's period label (its dates
    decide a label such as 2011-12, which could be a financial year or a month)."""
    label = result.period.strip()
    if _QUARTER.match(label):
        return "quarter"
    if match := _YEAR_OR_MONTH.match(label):
        first, second = int(match[1]), int(match[2])
        year, month = second == (first + 1) % 100, 1 <= second <= 12
        if year and month:
            return "year" if (result.period_end - result.period_start).days > 31 else "month"
        if year:
            return "year"
        if month:
            return "month"
    return "other"


def _subject(r: Result, title: str, value: float, w: Wording) -> str:
    parts_known = r.numerator is not None and r.denominator is not None
    fields = {
        "title": title,
        "value": _figure(value, r.unit, w),
        "number": _number(value, r.unit),
        # A yearly figure says which census or cohort it is as well as the period.
        "period": w.fill("subject", "yearly", period=r.period, year=r.year) if r.year else r.period,
        "numerator": _parts(r.numerator),
        "denominator": _parts(r.denominator),
        "year": r.year,
    }
    # An indicator's own phrasing describes its whole figure, not a breakdown row.
    own = w.subject(r.indicator_id) if r.breakdown is None else None
    if own and (parts_known or not _fields(own) & {"numerator", "denominator"}):
        return own.format(**fields)
    text = w.fill("subject", "default", **fields)
    if r.unit == "percent" and parts_known:
        text += w.fill("subject", "counts", **fields)
    return text


def _withheld(r: Result, withheld: Withheld, title: str, w: Wording) -> str:
    """A figure kept from the public, said to be small rather than "not available"."""
    key = "secondary" if not withheld.small else "count" if r.unit == "count" else "figure"
    return w.fill("withheld", key, title=title, period=r.period, value=withheld.words)


def _not_available(r: Result, title: str, w: Wording) -> str:
    reason = _NOT_AVAILABLE.sub("", r.note.strip())
    key = "with_reason" if reason else "without_reason"
    return w.fill("not_available", key, title=title, period=r.period, reason=reason)


def _target_clause(j: Judgement, value: float, w: Wording) -> str | None:
    if j.target is None or j.polarity == "none" or j.rag is None:
        return None
    unit = j.result.unit
    if j.rag == "green":
        key = "better" if better(value, j.target.value, j.polarity) > 0 else "met"
    else:
        key = {"amber": "close", "red": "worse"}[j.rag]
    target = _figure(j.target.value, unit, w, plain=True)
    return w.fill("target", key, target=target, tolerance=_plain(j.target.tolerance))


def _benchmark_clauses(j: Judgement, value: float, region_name: str | None, w: Wording) -> list[str]:
    c = j.comparison
    if c is None:
        return []
    unit = j.result.unit
    figures = [("england", c.england), ("region", c.region if region_name else None), ("neighbours", c.neighbours_mean)]
    clauses = []
    for key, figure in figures:
        other = shown(figure, unit)
        if other is None:
            continue
        benchmark = w.fill("benchmark", key, figure=_figure(other, unit, w), region=region_name or "")
        if j.polarity == "none":
            verdict = {1: "higher", -1: "lower", 0: "same"}[better(value, other, "up")]
        else:
            verdict = {1: "better", -1: "worse", 0: "level"}[better(value, other, j.polarity)]
        clauses.append(w.fill("benchmark", verdict, benchmark=benchmark))
    if clauses:
        year = w.fill("benchmark", "year_synthetic" if c.synthetic else "year", year=c.year)
        clauses[-1] = f"{clauses[-1]} {year}"
    return clauses


def _band_clause(j: Judgement, w: Wording) -> str | None:
    band = j.comparison.quartile_band if j.comparison else None
    return w.phrase("bands", band) if band else None


def _travel(j: Judgement, value: float, w: Wording) -> str | None:
    unit = j.result.unit
    previous, year_ago = _shown(j.previous), _shown(j.last_year)
    first = qualifier = None
    if previous is not None:
        first = _move(value, previous, _when(j, w), unit, w)
        if better(value, previous, "up") != 0:
            if _within_noise(j):
                qualifier = w.phrase("travel", "noise")
            else:
                qualifier = {1: w.phrase("travel", "improvement"), -1: w.phrase("travel", "decline"), 0: None}[
                    better(value, previous, j.polarity)
                ]
    # For a year, last year is the previous period: say it once.
    repeated = j.previous is not None and j.last_year is not None and _dates(j.previous) == _dates(j.last_year)
    second = None
    if year_ago is not None and not repeated:
        second = _move(value, year_ago, w.phrase("travel", "when", "year_ago"), unit, w)
    if first is None and second is None:
        return None
    if first is None:
        return _capital(second) + "."
    text = f"{first}, {qualifier}" if qualifier else first
    if second is not None:
        text += ("," if qualifier else "") + f" {w.phrase('joins', 'and')} {second}"
    return _capital(text) + "."


def _when(j: Judgement, w: Wording) -> str:
    """When the previous figure was: last quarter (month, year...) or, for a yearly
    figure, the year before, naming its census or cohort."""
    if j.yearly and j.previous is not None and j.previous.year:
        return w.fill("travel", "when", "year_before", year=j.previous.year)
    return w.phrase("travel", "when", period_kind(j.result))


def _move(value: float, earlier: float, when: str, unit: str, w: Wording) -> str:
    way = {1: "up", -1: "down", 0: "unchanged"}[better(value, earlier, "up")]
    return w.fill("travel", way, previous=_figure(earlier, unit, w), when=when)


def _within_noise(j: Judgement) -> bool:
    """Whether the change on the previous period is within normal variation: the previous
    figure lies inside this one's 95% interval or, with no interval, the monthly figures
    show only common cause variation."""
    if j.beyond_noise is False:
        return True
    return j.beyond_noise is None and j.signal is not None and j.signal.variation == "common cause"


def _signal_sentence(j: Judgement, w: Wording) -> str | None:
    variation = j.signal.variation if j.signal else None
    key = {"special cause improvement": "improvement", "special cause concern": "concern"}.get(variation or "")
    return w.phrase("signal", key) if key else None


# --- the front summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    headline: str
    performing_well: tuple[str, ...]
    areas_for_focus: tuple[str, ...]


def summarise(
    items: Sequence[tuple[Judgement, str]], period_label: str, la_name: str, wording: Wording | None = None
) -> Summary:
    """The headline, and what is performing well and what needs focus, by the rules in
    the module's docstring. `items` are (judgement, title) for the headline figures."""
    w = wording or load_wording()
    items = [(j, title or j.result.indicator_id) for j, title in items if j.result.breakdown is None]
    well: list[tuple[tuple, str]] = []
    focus: list[tuple[tuple, str]] = []
    for j, title in items:
        value = shown(j.result.value, j.result.unit)
        if value is None:
            continue
        evidence = _evidence(j)
        side = next((evidence[level] for level in LEVELS if level in evidence), 0)
        if side == 0:
            continue
        backing = [level for level in LEVELS if evidence.get(level) == side]
        against = [level for level in LEVELS if evidence.get(level) == -side]
        key = (*(level not in backing for level in LEVELS), title)
        (well if side > 0 else focus).append((key, _entry(j, title, value, backing, against, w)))
    return Summary(
        headline=_headline(items, period_label, la_name, w),
        performing_well=tuple(text for _, text in sorted(well)[:MAX_ENTRIES]),
        areas_for_focus=tuple(text for _, text in sorted(focus)[:MAX_ENTRIES]),
    )


def _evidence(j: Judgement) -> dict[str, int]:
    """Each level of evidence that points a way: +1 performing well, -1 for focus."""
    found = {}
    if j.rag in ("green", "red"):
        found["rag"] = 1 if j.rag == "green" else -1
    band = j.comparison.quartile_band if j.comparison else None
    if band in ("A", "D"):
        found["band"] = 1 if band == "A" else -1
    variation = j.signal.variation if j.signal else None
    if variation in ("special cause improvement", "special cause concern"):
        found["signal"] = 1 if variation == "special cause improvement" else -1
    if j.beyond_noise is True and j.vs_previous in ("improved", "declined") and _shown(j.previous) is not None:
        found["travel"] = 1 if j.vs_previous == "improved" else -1
    return found


def _entry(j: Judgement, title: str, value: float, backing: list[str], against: list[str], w: Wording) -> str:
    evidence = _listing([_evidence_clause(j, value, level, w) for level in backing], w)
    if against:
        evidence += f", {w.phrase('joins', 'but')} " + _listing(
            [_evidence_clause(j, value, lv, w) for lv in against], w
        )
    return w.fill("summary", "entry", title=title, value=_figure(value, j.result.unit, w), evidence=evidence)


def _evidence_clause(j: Judgement, value: float, level: str, w: Wording) -> str:
    if level == "rag":
        return _target_clause(j, value, w) or ""
    if level == "band":
        return _band_clause(j, w) or ""
    if level == "signal":
        improving = j.signal is not None and j.signal.variation == "special cause improvement"
        return w.phrase("summary", "signal_improvement" if improving else "signal_concern")
    previous = _shown(j.previous)
    return f"{_move(value, previous, _when(j, w), j.result.unit, w)}, {w.phrase('summary', 'beyond_noise')}"


def _headline(items: list[tuple[Judgement, str]], period_label: str, la_name: str, w: Wording) -> str:
    targeted = [j for j, _ in items if j.target is not None and j.polarity != "none"]
    if targeted:
        counts = {rating: sum(j.rag == rating for j in targeted) for rating in ("green", "amber", "red", None)}
        key = "headline_targets_unjudged" if counts[None] else "headline_targets"
        return w.fill(
            "summary",
            key,
            period=period_label,
            la=la_name,
            met=counts["green"],
            total=len(targeted),
            targets=_plural("targets", len(targeted), w),
            close=counts["amber"],
            close_were=_plural("were", counts["amber"], w),
            missed=counts["red"],
            unjudged=counts[None],
        )
    verdicts = []
    for j, _ in items:
        value = shown(j.result.value, j.result.unit)
        england = shown(j.comparison.england, j.result.unit) if j.comparison else None
        if value is not None and england is not None and j.polarity != "none":
            verdicts.append(better(value, england, j.polarity))
    if not verdicts:
        return w.fill("summary", "headline_nothing", period=period_label, la=la_name)
    ahead = sum(v > 0 for v in verdicts)
    return w.fill(
        "summary",
        "headline_england",
        period=period_label,
        la=la_name,
        better=ahead,
        compared=len(verdicts),
        better_were=_plural("were", ahead, w),
    )


# --- writing figures --------------------------------------------------------------------------


def _figure(value: float, unit: str, w: Wording, plain: bool = False) -> str:
    """A figure in its unit's words: as the report shows it, or (`plain`) as given, for
    targets such as 20 that are written without a decimal place."""
    number = _plain(value) if plain else _number(value, unit)
    units = w.phrases["units"]
    return units[unit].format(number=number) if unit in units else number


def _number(value: float, unit: str) -> str:
    return rounded(value, unit)


def _plain(value: float) -> str:
    """20 as "20", 20.5 as "20.5", 1200 as "1,200"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _parts(number: float | None) -> str:
    """A numerator or denominator: children whole, full-time equivalents to 1 decimal place."""
    if number is None:
        return ""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,.1f}"


def _shown(result: Result | None) -> float | None:
    return shown(result.value, result.unit) if result else None


def _dates(result: Result) -> tuple:
    return (result.period_start, result.period_end)


def _listing(phrases: list[str], w: Wording) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return f"{', '.join(phrases[:-1])} {w.phrase('joins', 'and')} {phrases[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(word: str, count: int, w: Wording) -> str:
    return w.phrase("summary", "plural", word, "one" if count == 1 else "other")
