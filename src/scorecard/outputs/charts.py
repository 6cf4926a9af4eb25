"""Charts for the committee report: one builder per kind of chart, each returning a
`Chart` that carries its own text alternative and data table, so every format (HTML,
PDF, Word, Excel) publishes the same figures in a form everyone can read.

Council publications must meet WCAG 2.2 AA, so every chart here has a title, a short
plain-English text alternative and a data table with the same figures; nothing relies
on colour alone (the target rule is dashed, the England rule dotted, flagged points
change shape, the LA's bar is labelled); marks contrast at least 3:1 with white; and
text is at least 12px.

Specs are plain Vega-Lite dicts rather than Altair objects: the data sits inline where
the other formats and the tests can read it, and the same input always gives the same
spec, hence the same SVG."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import vl_convert

from scorecard.indicators.results import Withheld, rounded
from scorecard.outputs.drawing import PNG_SCALE, drawing

NOT_AVAILABLE = "not available"
# A figure: a number; what the public is shown instead (judge/suppress.py); or None,
# where it cannot be computed. Only numbers are drawn.
Figure = float | Withheld | None
UNITS = ("percent", "rate_per_10k", "count", "days", "ratio", "currency")

# The axis title says the unit, because a bare number on an axis is ambiguous.
_AXIS_TITLES = {
    "percent": "%",
    "rate_per_10k": "Rate per 10,000 children",
    "count": "Number",
    "days": "Days",
    "ratio": "Ratio",
    "currency": "£",
}

WIDTH = 560
HEIGHT = 240
BAR_STEP = 24  # px per bar in the horizontal bar charts
FONT = "Arial, Helvetica, sans-serif"

# GOV.UK palette; every mark colour contrasts at least 3:1 with white (WCAG 1.4.11),
# checked in the tests.
TEXT = "#0b0c0c"
SERIES = "#1d70b8"  # blue
TARGET = "#d4351c"  # red, and dashed
ENGLAND = "#505a5f"  # dark grey, and dotted
MEAN = "#6f777b"  # grey, solid
LIMITS = "#505a5f"  # dark grey, dashed
FLAGGED = "#b35c00"  # orange, and a diamond instead of a circle
OTHERS = "#6f777b"  # statistical neighbours' bars
LEAVERS = "#912b88"  # purple outline round a pale fill, where starters are solid
LEAVERS_FILL = "#e3c8e0"
MARK_COLOURS = (SERIES, TARGET, ENGLAND, MEAN, LIMITS, FLAGGED, OTHERS, LEAVERS)

DASHED = [6, 4]
DOTTED = [1, 3]
SOLID = [1, 0]


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str  # the text alternative: one or two plain-English sentences
    columns: tuple[str, ...]  # header of the data table
    rows: tuple[tuple[str, ...], ...]  # the data table, already formatted as text
    spec: dict  # the Vega-Lite spec, so every format can render it
    kind: str = ""  # which builder made it ("trend"...), for pages that pick one out

    def svg(self) -> str:
        """The chart as a self-contained SVG that screen readers announce as one image."""
        return _label_svg(drawing(self.spec).svg, self.title, self.alt)

    def png(self, scale: float = PNG_SCALE) -> bytes:
        """The chart as a PNG, for the PDF and Word; PNG_SCALE keeps it sharp when printed."""
        if scale == PNG_SCALE:
            return drawing(self.spec).png
        return vl_convert.svg_to_png(drawing(self.spec).svg, scale=scale)


# --- formatting ---------------------------------------------------------------


def format_figure(value: Figure, unit: str) -> str:
    """A figure as the report prints it: 1 dp with its unit, counts whole with commas;
    a withheld one as the public is shown it ("fewer than 5")."""
    _check_unit(unit)
    if isinstance(value, Withheld):
        return value.words
    if _missing(value):
        return NOT_AVAILABLE
    # Half up, as published statistics round, and via str so 21.95 is not 21.9499...
    text = rounded(value, unit)
    suffix = {"percent": "%", "rate_per_10k": " per 10,000", "days": " days"}.get(unit, "")
    return ("£" if unit == "currency" else "") + text + suffix


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")


def _missing(value: Figure) -> bool:
    # NaN arrives from pandas-style sources; it means the same as None here.
    return value is None or isinstance(value, Withheld) or math.isnan(value)


def known(value: Figure) -> bool:
    """Whether the figure is a number, to be drawn."""
    return not _missing(value)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _span(labels: Sequence[str]) -> str:
    return f"{labels[0]} to {labels[-1]}" if labels else "no periods"


def _gaps_note(values: Sequence[Figure], noun: str, plural: str | None = None) -> str:
    """The figures not drawn, in words: withheld ones as the public is shown them
    ("2 periods fewer than 5."), then those not available."""
    said = [_why(value) for value in values if isinstance(value, Withheld)]
    parts = [f"{_count(said.count(words), noun, plural)} {words}" for words in dict.fromkeys(said)]
    absent = sum(1 for value in values if _missing(value) and not isinstance(value, Withheld))
    if absent:
        parts.append(f"{_count(absent, noun, plural)} not available")
    return f" {'; '.join(parts)}." if parts else ""


def _why(value: Withheld) -> str:
    if value.small:
        return value.words
    return f"{value.words} so that smaller numbers cannot be worked out from the total"


# --- shared spec parts ----------------------------------------------------------


def _base(title: str, layers: list[dict], height: Any = HEIGHT) -> dict:
    """The frame every chart shares: title, size, fonts of at least 12px, white ground."""
    return {
        "title": {"text": title},
        "width": WIDTH,
        "height": height,
        "background": "white",
        "padding": 8,
        "layer": layers,
        "config": {
            # The SVG is announced as one image with our alt text; Vega's own ARIA
            # descriptions of every mark and axis would only repeat it less well.
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "title": {"fontSize": 16, "anchor": "start", "color": TEXT, "offset": 12},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelLimit": 240,
                "gridColor": "#e6e6e6",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "orient": "bottom",
                "labelLimit": WIDTH,
            },
            "text": {"fontSize": 12, "color": TEXT},
        },
    }


def _value_axis(unit: str) -> dict:
    return {"title": _AXIS_TITLES[unit]}


def _period_axis(periods: Sequence[str], title: str | None = None) -> dict:
    """An ordinal x axis in the order given, with every period on it, even missing ones."""
    # Roughly 6.5px a character at 12px: tilt the labels only when they would collide.
    longest = max((len(p) for p in periods), default=0)
    angle = 0 if longest * 6.5 + 4 <= WIDTH / max(len(periods), 1) else -45
    return {
        "field": "period",
        "type": "ordinal",
        "sort": list(periods),
        "scale": {"domain": list(periods)},
        "axis": {"title": title, "labelAngle": angle},
    }


def _references(channel: str, unit: str, lines: Sequence[tuple[str, float | None, str, list[int]]]) -> list[dict]:
    """Reference rules (target, England, mean, limits) as one layer with its own data,
    named in a legend that shows each rule's colour and dash pattern.

    A legend rather than labels on the plot, because a target and England's figure are
    often close enough for labels to collide. The rules share the chart's value scale,
    so the axis stretches to include them. Each line is (name, value, colour, dash);
    lines without a value are left out."""
    shown = [(f"{name} {format_figure(value, unit)}", value, colour, dash) for name, value, colour, dash in lines]
    shown = [line for line in shown if not _missing(line[1])]
    if not shown:
        return []
    names = [name for name, *_ in shown]
    return [
        {
            "data": {"values": [{"value": value, "label": name} for name, value, _, _ in shown]},
            "mark": {"type": "rule", "strokeWidth": 2},
            "encoding": {
                channel: {"field": "value", "type": "quantitative"},
                "color": {
                    "field": "label",
                    "type": "nominal",
                    "scale": {"domain": names, "range": [colour for _, _, colour, _ in shown]},
                    "legend": {"title": None, "symbolType": "stroke", "symbolStrokeWidth": 2, "symbolSize": 400},
                },
                "strokeDash": {
                    "field": "label",
                    "type": "nominal",
                    "scale": {"domain": names, "range": [dash for *_, dash in shown]},
                    "legend": {"title": None},
                },
            },
        }
    ]


def _segments(points: Sequence[tuple[str, Figure]], unit: str) -> list[dict]:
    """The drawable points, each with a segment number that steps after a gap, so the
    line breaks at a missing period instead of bridging it as if the figure were known."""
    rows, segment = [], 0
    for index, (period, value) in enumerate(points):
        if _missing(value):
            segment += 1
            continue
        label = format_figure(value, unit)
        rows.append({"index": index, "period": period, "value": value, "label": label, "segment": segment})
    return rows


def _hbars(order: list[str], unit: str, colour: dict, bold: str | None = None) -> list[dict]:
    """Horizontal bars in the given order with the figure printed at the end of each;
    the name `bold`, if given, is set in bold on the axis."""
    axis: dict[str, Any] = {"title": None}
    if bold is not None:
        # JSON's string escaping is also valid in a Vega expression, whatever the name.
        is_bold = f"datum.value === {json.dumps(bold)}"
        axis["labelFontWeight"] = {"condition": {"test": is_bold, "value": "bold"}, "value": "normal"}
    y = {"field": "name", "type": "nominal", "sort": order, "axis": axis}
    x = {"field": "value", "type": "quantitative", "axis": _value_axis(unit)}
    return [
        {"mark": {"type": "bar"}, "encoding": {"y": y, "x": x, "color": colour}},
        {
            "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4},
            "encoding": {"y": y, "x": x, "text": {"field": "label"}},
        },
    ]


# Vega marks the groups inside a chart with roles and labels of their own ("line mark
# container" and the like, most without a name). The chart is one image, named by its alt
# text, with its data in a table beside it, so those inner roles only add unnamed images
# for assistive technology (axe-core: svg-img-alt, serious): they are taken out.
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


def _label_svg(svg: str, title: str, alt: str) -> str:
    """Mark the root <svg> as one image named by the alt text, with a <title> child."""
    match = re.match(r"\s*<svg\b[^>]*?(/?)>", svg)
    if match is None or match.group(1):
        raise ValueError("vl-convert returned something other than an <svg> element with content")
    start = match.group(0)[: -len(match.group(1)) - 1]
    attrs = f' role="img" aria-label="{html.escape(alt, quote=True)}"'
    head = f"{start}{attrs}><title>{html.escape(title, quote=False)}</title>"
    return head + _INNER_ARIA.sub("", svg[match.end() :])


# --- the charts -----------------------------------------------------------------


def trend(
    title: str,
    unit: str,
    points: Sequence[tuple[str, Figure]],
    target: float | None = None,
    england: float | None = None,
    england_label: str = "England",
    yearly: bool = False,
) -> Chart:
    """A line over the periods in the order given, with optional target and England rules.
    A `yearly` figure's points are one a year, each named by its census or cohort ("2025
    census", "cohort year 2024-25"), and its words say so."""
    _check_unit(unit)
    periods = [period for period, _ in points]
    drawn = _segments(points, unit)
    y = {"field": "value", "type": "quantitative", "axis": _value_axis(unit)}
    x = _period_axis(periods)
    layers: list[dict] = [
        {
            "mark": {"type": "line", "color": SERIES, "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "detail": {"field": "segment", "type": "nominal"}},
        },
        {"mark": {"type": "point", "filled": True, "size": 60, "color": SERIES}, "encoding": {"x": x, "y": y}},
    ]
    layers += _references("y", unit, [("Target", target, TARGET, DASHED), (england_label, england, ENGLAND, DOTTED)])
    spec = _base(title, layers)
    spec["data"] = {"values": drawn}

    alt = f"Line chart of {title}{', one point a year' if yearly else ' by period'}, {_span(periods)}: "
    if drawn:
        # The first and last known figures, which need not be the first and last periods.
        first, last = drawn[0], drawn[-1]
        if yearly:
            alt += f"from {first['label']} ({first['period']}) to {last['label']} ({last['period']})"
        else:
            alt += f"from {first['label']} in {first['period']} to {last['label']} in {last['period']}"
    else:
        alt += "no figures shown"
    if not _missing(target):
        alt += f"; target {format_figure(target, unit)}"
    if not _missing(england):
        alt += f"; {england_label} {format_figure(england, unit)}"
    alt += "." + _gaps_note([value for _, value in points], "period")
    rows = tuple((period, format_figure(value, unit)) for period, value in points)
    return Chart(title, alt, ("Year" if yearly else "Period", title), rows, spec, "trend")


def neighbours(
    title: str,
    unit: str,
    la_name: str,
    la_value: float | None,
    others: Sequence[tuple[str, float | None]],
    england: float | None = None,
) -> Chart:
    """The LA beside its statistical neighbours, highest first; the LA's bar is blue and
    labelled "(this LA)" in bold, so it stands out without relying on colour."""
    _check_unit(unit)
    la_label = f"{la_name} (this LA)"
    everyone = [(la_label, la_value, True), *((name, value, False) for name, value in others)]
    known = [entry for entry in everyone if not _missing(entry[1])]
    # Highest first; ties by name so the order never depends on input order.
    known.sort(key=lambda entry: (-entry[1], entry[0]))
    absent = [entry for entry in everyone if _missing(entry[1])]
    drawn = [{"name": n, "value": v, "label": format_figure(v, unit), "is_la": la} for n, v, la in known]

    colour = {"condition": {"test": "datum.is_la", "value": SERIES}, "value": OTHERS}
    # The LA's name is bold on the axis as well as its bar coloured.
    layers = _hbars([row["name"] for row in drawn], unit, colour, bold=la_label)
    layers += _references("x", unit, [("England", england, ENGLAND, DOTTED)])
    spec = _base(title, layers, height={"step": BAR_STEP})
    spec["data"] = {"values": drawn}

    alt = f"Bar chart of {title} for {la_name} and {_count(len(others), 'statistical neighbour')}, highest first. "
    if _missing(la_value):
        alt += f"The figure for {la_name} is not available"
    else:
        rank = 1 + sum(1 for _, value, _ in known if value > la_value)
        joint = sum(1 for _, value, _ in known if value == la_value) > 1
        alt += f"{la_name} is {'joint ' if joint else ''}{_ordinal(rank)} of {len(known)} (highest first)"
        alt += f" at {format_figure(la_value, unit)}"
    if not _missing(england):
        alt += f"; England {format_figure(england, unit)}"
    alt += "." + _gaps_note([value for _, value, is_la in absent if not is_la], "neighbour")
    rows = tuple((name, format_figure(value, unit)) for name, value, _ in known + absent)
    return Chart(title, alt, ("Local authority", title), rows, spec)


def spc(
    title: str,
    unit: str,
    points: Sequence[tuple[str, Figure]],
    mean: float,
    lower: float,
    upper: float,
    flagged: Sequence[int] = (),
) -> Chart:
    """An XmR chart: the series, its mean (solid) and process limits (dashed), with
    special-cause points drawn as orange diamonds rather than blue circles."""
    _check_unit(unit)
    for index in flagged:
        if not 0 <= index < len(points):
            raise ValueError(f"flagged index {index} is outside the {len(points)} points")
    special = set(flagged)
    periods = [period for period, _ in points]
    drawn = _segments(points, unit)
    for row in drawn:
        row["variation"] = "Special cause" if row["index"] in special else "Common cause"

    # zero: False because the point of an XmR chart is the variation around the mean.
    y = {"field": "value", "type": "quantitative", "axis": _value_axis(unit), "scale": {"zero": False}}
    x = _period_axis(periods)
    variation = ["Common cause", "Special cause"]
    layers: list[dict] = [
        {
            "mark": {"type": "line", "color": SERIES, "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "detail": {"field": "segment", "type": "nominal"}},
        },
        {
            "mark": {"type": "point", "filled": True, "opacity": 1, "strokeWidth": 0},
            "encoding": {
                "x": x,
                "y": y,
                # Fill, shape and size all carry the flag, and share one legend. Fill,
                # not color, so these stay apart from the rules' colour scale.
                "fill": {
                    "field": "variation",
                    "scale": {"domain": variation, "range": [SERIES, FLAGGED]},
                    "legend": {"title": None},
                },
                "shape": {
                    "field": "variation",
                    "scale": {"domain": variation, "range": ["circle", "diamond"]},
                    "legend": {"title": None},
                },
                "size": {
                    "field": "variation",
                    "scale": {"domain": variation, "range": [60, 140]},
                    "legend": {"title": None},
                },
            },
        },
        *_references(
            "y",
            unit,
            [
                ("Upper limit", upper, LIMITS, DASHED),
                ("Mean", mean, MEAN, SOLID),
                ("Lower limit", lower, LIMITS, DASHED),
            ],
        ),
    ]
    spec = _base(title, layers)
    spec["data"] = {"values": drawn}

    shown = sorted(index for index in special if not _missing(points[index][1]))
    alt = (
        f"Control chart (XmR) of {title} over {_count(len(points), 'period')}, {_span(periods)}: "
        f"mean {format_figure(mean, unit)}, process limits {format_figure(lower, unit)} to "
        f"{format_figure(upper, unit)}; {_count(len(shown), 'point')} flagged as special cause"
    )
    if shown:
        alt += f" ({', '.join(periods[i] for i in shown)})"
    alt += "." + _gaps_note([value for _, value in points], "period")
    limits = (format_figure(mean, unit), format_figure(lower, unit), format_figure(upper, unit))
    rows = tuple(
        (period, format_figure(value, unit), *limits, "Yes" if i in shown else "No")
        for i, (period, value) in enumerate(points)
    )
    columns = ("Period", title, "Mean", "Lower process limit", "Upper process limit", "Special cause")
    return Chart(title, alt, columns, rows, spec)


def sparkline(chart: Chart) -> Chart:
    """A trend drawn small for a table cell: its line alone, no axes, with the trend's
    text alternative and data table (the figures stay available in words)."""
    line = chart.spec["layer"][0]
    bare = {k: {**v, "axis": None} if k in ("x", "y") else v for k, v in line["encoding"].items()}
    spec = {
        "width": 120,
        "height": 32,
        "background": "white",
        "padding": 2,
        "data": chart.spec["data"],
        "layer": [{**line, "encoding": bare}],
        "config": {"aria": False, "view": {"stroke": None}},
    }
    return Chart(chart.title, chart.alt, chart.columns, chart.rows, spec, "sparkline")


def bars(title: str, unit: str, categories: Sequence[tuple[str, Figure]]) -> Chart:
    """Horizontal bars in the order given (categories often have a natural order)."""
    _check_unit(unit)
    drawn = [{"name": n, "value": v, "label": format_figure(v, unit)} for n, v in categories if not _missing(v)]
    layers = _hbars([row["name"] for row in drawn], unit, {"value": SERIES})
    spec = _base(title, layers, height={"step": BAR_STEP})
    spec["data"] = {"values": drawn}

    alt = f"Bar chart of {title} across {_count(len(categories), 'category', 'categories')}"
    if drawn:
        # max/min keep the first of equals, so ties resolve to the order given.
        high = max(drawn, key=lambda row: row["value"])
        low = min(drawn, key=lambda row: row["value"])
        alt += f": highest {high['name']} at {high['label']}, lowest {low['name']} at {low['label']}"
    else:
        alt += ": no figures shown"
    alt += "." + _gaps_note([value for _, value in categories], "category", "categories")
    rows = tuple((name, format_figure(value, unit)) for name, value in categories)
    return Chart(title, alt, ("Category", title), rows, spec)


def starters_leavers(title: str, months: Sequence[tuple[str, float | None, float | None]]) -> Chart:
    """Children starting and leaving by month, side by side. Leavers have a paler fill
    with a full-strength outline, so the two differ by more than hue yet keep 3:1."""
    series = ["Starters", "Leavers"]
    drawn = [
        {"period": month, "series": name, "value": value, "label": format_figure(value, "count")}
        for month, *values in months
        for name, value in zip(series, values, strict=True)
        if not _missing(value)
    ]
    # The pale fill alone is under 3:1 against white; its purple outline carries the contrast.
    fills = {"domain": series, "range": [SERIES, LEAVERS_FILL]}
    outlines = {"domain": series, "range": [SERIES, LEAVERS]}
    layers = [
        {
            "mark": {"type": "bar", "strokeWidth": 1.5},
            "encoding": {
                "x": _period_axis([month for month, _, _ in months], title="Month"),
                "xOffset": {"field": "series", "sort": series},
                "y": {"field": "value", "type": "quantitative", "axis": {"title": "Number of children"}},
                "fill": {"field": "series", "scale": fills, "legend": {"title": None}},
                "stroke": {"field": "series", "scale": outlines, "legend": {"title": None}},
            },
        }
    ]
    spec = _base(title, layers)
    spec["data"] = {"values": drawn}

    starters = sum(m[1] for m in months if not _missing(m[1]))
    leavers = sum(m[2] for m in months if not _missing(m[2]))
    alt = (
        f"Grouped bar chart of {title} by month, {_span([m[0] for m in months])}: "
        f"{format_figure(starters, 'count')} starters and "
        f"{format_figure(leavers, 'count')} leavers in total."
    )
    alt += _gaps_note([value for _, *values in months for value in values], "monthly figure")
    rows = tuple((month, format_figure(s, "count"), format_figure(e, "count")) for month, s, e in months)
    return Chart(title, alt, ("Month", "Starters", "Leavers"), rows, spec)
