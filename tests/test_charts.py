"""Charts for the committee report: each carries an accessible SVG (one image named by
its alt text), a data table matching its input, and draws only the figures it has."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from scorecard.indicators.results import Withheld
from scorecard.outputs import charts
from scorecard.outputs.charts import (
    Chart,
    bars,
    format_figure,
    neighbours,
    sparkline,
    spc,
    starters_leavers,
    trend,
)

SVG = "{http://www.w3.org/2000/svg}"
QUARTERS = [f"{year} Q{q}" for year in ("2024-25", "2025-26") for q in range(1, 5)]
MONTHS = [f"2024-{m:02d}" for m in range(4, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]


def make_trend() -> Chart:
    values = [22.4, 23.06, None, 21.0, 20.5, 22.0, 21.5, 21.94]
    return trend(
        "Re-referrals within 12 months",
        "percent",
        list(zip(QUARTERS, values, strict=True)),
        target=20,
        england=23.2,
        england_label="England 2024-25",
    )


def make_neighbours() -> Chart:
    others = [("Aston", 80.1), ("Bury", 65.0), ("Crewe", None), ("Derby", 90.3), ("Frome", 40.0)]
    return neighbours("Children looked after", "rate_per_10k", "Northbridge", 71.2, others, england=70.0)


def make_spc() -> Chart:
    values = [20.1, 19.5, 21.0, 27.9, 20.4, None, 19.8, 12.0, 20.2, 20.6, 19.9, 20.3]
    return spc("Re-referrals (monthly)", "percent", list(zip(MONTHS, values, strict=True)), 20.0, 15.0, 25.0, [3, 7])


def make_bars() -> Chart:
    categories = [("Neglect", 1234.0), ("Emotional abuse", 803.0), ("Sexual abuse", None), ("Multiple", 45.0)]
    return bars("Child protection plans by category of abuse", "count", categories)


def make_starters_leavers() -> Chart:
    months = [(m, float(10 + i), None if i == 2 else float(12 - i)) for i, m in enumerate(MONTHS)]
    return starters_leavers("Children starting and ceasing to be looked after", months)


BUILDERS = [make_trend, make_neighbours, make_spc, make_bars, make_starters_leavers]


def drawn(chart: Chart) -> list[dict]:
    """The rows the chart draws (its main data)."""
    return chart.spec["data"]["values"]


def layers(spec: dict) -> list[dict]:
    """Every layer of a spec, nested ones included."""
    found = []
    for layer in spec.get("layer", []):
        found.append(layer)
        found.extend(layers(layer))
    return found


# --- every chart ------------------------------------------------------------------


@pytest.fixture(scope="module", params=BUILDERS, ids=lambda build: build.__name__.removeprefix("make_"))
def rendered(request) -> tuple[Chart, str]:
    chart = request.param()
    return chart, chart.svg()


def test_svg_is_one_image_named_by_the_alt_text(rendered):
    chart, svg = rendered
    assert svg.startswith("<svg")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == chart.alt
    # The <title> comes first, so it names the image wherever the SVG is embedded.
    assert root[0].tag == f"{SVG}title"
    assert root[0].text == chart.title
    # The title is also drawn on the chart, for sighted readers.
    drawn_text = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert chart.title in drawn_text


def test_svg_is_self_contained_with_readable_text(rendered):
    _, svg = rendered
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert "http" not in without_namespaces
    assert "@font-face" not in svg and "@import" not in svg
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg)]
    assert sizes and min(sizes) >= 12


def test_every_chart_has_a_title_alt_text_and_table(rendered):
    chart, _ = rendered
    assert chart.spec["title"]["text"] == chart.title
    assert chart.alt.endswith(".") and chart.title in chart.alt
    assert chart.rows and all(len(row) == len(chart.columns) for row in chart.rows)
    assert all(isinstance(cell, str) for row in chart.rows for cell in row)


def test_missing_figures_are_not_drawn(rendered):
    chart, _ = rendered
    assert any("not available" in row for row in chart.rows)
    assert all(isinstance(row["value"], float | int) for row in drawn(chart))


def test_same_input_gives_identical_spec_and_svg():
    for build in BUILDERS:
        first, second = build(), build()
        assert first == second
        assert first.svg() == second.svg()


def test_png_for_word_and_excel():
    png = make_bars().png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # Scale 2 (the default) doubles the pixels of scale 1, for sharp printing.
    width = int.from_bytes(png[16:20], "big")
    assert width == 2 * int.from_bytes(make_bars().png(scale=1)[16:20], "big")


def test_mark_colours_contrast_at_least_3_to_1_with_white():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in charts.MARK_COLOURS:
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour


# --- trend ------------------------------------------------------------------------


def test_trend_table_matches_input():
    chart = make_trend()
    assert chart.columns == ("Period", "Re-referrals within 12 months")
    assert chart.rows == (
        ("2024-25 Q1", "22.4%"),
        ("2024-25 Q2", "23.1%"),
        ("2024-25 Q3", "not available"),
        ("2024-25 Q4", "21.0%"),
        ("2025-26 Q1", "20.5%"),
        ("2025-26 Q2", "22.0%"),
        ("2025-26 Q3", "21.5%"),
        ("2025-26 Q4", "21.9%"),
    )


def test_trend_draws_known_points_on_an_axis_of_every_period():
    chart = make_trend()
    assert [row["period"] for row in drawn(chart)] == [q for q in QUARTERS if q != "2024-25 Q3"]
    # The missing quarter keeps its place on the axis, and the line breaks there.
    assert chart.spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == QUARTERS
    assert {row["segment"] for row in drawn(chart)[:2]} != {row["segment"] for row in drawn(chart)[2:]}


def test_a_yearly_trend_has_one_point_a_year_named_by_its_census():
    censuses = [("2022 census", 14.06), ("2023 census", None), ("2024 census", 15.3), ("2025 census", 16.1)]
    chart = trend("Social worker vacancy rate", "percent", censuses, target=15, yearly=True)
    assert [row["period"] for row in drawn(chart)] == ["2022 census", "2024 census", "2025 census"]
    assert chart.spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [c for c, _ in censuses]
    assert chart.columns == ("Year", "Social worker vacancy rate") and chart.kind == "trend"
    assert chart.rows == (
        ("2022 census", "14.1%"),
        ("2023 census", "not available"),
        ("2024 census", "15.3%"),
        ("2025 census", "16.1%"),
    )
    assert chart.alt == (
        "Line chart of Social worker vacancy rate, one point a year, 2022 census to 2025 census: "
        "from 14.1% (2022 census) to 16.1% (2025 census); target 15.0%. 1 period not available."
    )


def test_trend_alt_gives_first_and_last_figures_target_and_england():
    alt = make_trend().alt
    assert "from 22.4% in 2024-25 Q1 to 21.9% in 2025-26 Q4" in alt
    assert "target 20.0%" in alt
    assert "England 2024-25 23.2%" in alt
    assert "1 period not available" in alt


def test_trend_target_is_dashed_and_england_dotted():
    rules = [layer for layer in layers(make_trend().spec) if layer.get("mark", {}).get("type") == "rule"]
    assert len(rules) == 1
    assert [row["value"] for row in rules[0]["data"]["values"]] == [20, 23.2]
    dashes = rules[0]["encoding"]["strokeDash"]["scale"]
    assert dashes["domain"] == ["Target 20.0%", "England 2024-25 23.2%"]
    assert dashes["range"] == [charts.DASHED, charts.DOTTED]


def test_trend_without_target_or_england_has_no_rules():
    chart = trend("Assessments on time", "percent", [("2025-26 Q1", 80.0), ("2025-26 Q2", 82.5)])
    assert not any(layer.get("mark", {}).get("type") == "rule" for layer in layers(chart.spec))
    assert "target" not in chart.alt and "England" not in chart.alt
    assert 'aria-label="' in chart.svg()


def test_axis_says_the_unit():
    rate = trend("Children in need", "rate_per_10k", [("2024-25", 345.44), ("2025-26", 350.0)])
    assert rate.spec["layer"][0]["encoding"]["y"]["axis"]["title"] == "Rate per 10,000 children"
    assert make_trend().spec["layer"][0]["encoding"]["y"]["axis"]["title"] == "%"


# --- neighbours -------------------------------------------------------------------


def test_neighbours_alt_gives_the_las_rank_highest_first():
    # Derby 90.3, Aston 80.1, Northbridge 71.2, Bury 65.0, Frome 40.0; Crewe unknown.
    alt = make_neighbours().alt
    assert "Northbridge is 3rd of 5 (highest first) at 71.2 per 10,000" in alt
    assert "England 70.0 per 10,000" in alt
    assert "1 neighbour not available" in alt


def test_neighbours_rank_with_ties_and_at_the_top():
    others = [("A", 10.0), ("B", 12.0), ("C", 12.0)]
    assert "Northbridge is joint 1st of 4 (highest first)" in neighbours("X", "days", "Northbridge", 12.0, others).alt
    assert "Northbridge is 4th of 4 (highest first)" in neighbours("X", "days", "Northbridge", 9.0, others).alt


def test_neighbours_sorted_highest_first_with_la_marked():
    chart = make_neighbours()
    names = [row["name"] for row in drawn(chart)]
    assert names == ["Derby", "Aston", "Northbridge (this LA)", "Bury", "Frome"]
    assert [row["is_la"] for row in drawn(chart)] == [False, False, True, False, False]
    # Missing neighbours are listed last in the table but not drawn.
    assert chart.rows[-1] == ("Crewe", "not available")
    assert chart.rows[2] == ("Northbridge (this LA)", "71.2 per 10,000")
    assert "Crewe" not in names
    # The LA is told apart by its label as well as its colour: bold on the axis.
    assert re.search(r'font-weight="bold"[^>]*>Northbridge \(this LA\)<', chart.svg())


def test_neighbours_when_the_la_figure_is_missing():
    chart = neighbours("X", "percent", "Northbridge", None, [("A", 10.0), ("B", 12.0)])
    assert "The figure for Northbridge is not available" in chart.alt
    assert [row["name"] for row in drawn(chart)] == ["B", "A"]
    assert ("Northbridge (this LA)", "not available") in chart.rows


# --- spc --------------------------------------------------------------------------


def test_spc_marks_flagged_points_in_the_data():
    chart = make_spc()
    special = [row["period"] for row in drawn(chart) if row["variation"] == "Special cause"]
    assert special == ["2024-07", "2024-11"]
    assert "2024-09" not in [row["period"] for row in drawn(chart)]
    assert [row[-1] for row in chart.rows].count("Yes") == 2


def test_spc_flag_has_its_own_shape_and_colour():
    points = next(layer for layer in layers(make_spc().spec) if layer.get("mark", {}).get("type") == "point")
    shapes = points["encoding"]["shape"]["scale"]["range"]
    fills = points["encoding"]["fill"]["scale"]["range"]
    assert shapes[0] != shapes[1] and fills[0] != fills[1]


def test_spc_alt_and_table():
    chart = make_spc()
    assert "12 periods, 2024-04 to 2025-03" in chart.alt
    assert "mean 20.0%, process limits 15.0% to 25.0%" in chart.alt
    assert "2 points flagged as special cause (2024-07, 2024-11)" in chart.alt
    assert chart.rows[3] == ("2024-07", "27.9%", "20.0%", "15.0%", "25.0%", "Yes")
    assert chart.rows[5] == ("2024-09", "not available", "20.0%", "15.0%", "25.0%", "No")


def test_spc_rejects_a_flag_outside_the_series():
    with pytest.raises(ValueError, match="outside"):
        spc("X", "percent", [("2025-01", 1.0)], 1.0, 0.0, 2.0, flagged=[1])


# --- bars and starters/leavers ------------------------------------------------------


def test_bars_table_and_drawn_values():
    chart = make_bars()
    assert chart.rows == (
        ("Neglect", "1,234"),
        ("Emotional abuse", "803"),
        ("Sexual abuse", "not available"),
        ("Multiple", "45"),
    )
    assert [(row["name"], row["label"]) for row in drawn(chart)] == [
        ("Neglect", "1,234"),
        ("Emotional abuse", "803"),
        ("Multiple", "45"),
    ]
    assert "highest Neglect at 1,234, lowest Multiple at 45" in chart.alt
    # 24px a bar.
    assert chart.spec["height"] == {"step": 24}


def test_starters_leavers_table_and_drawn_values():
    chart = make_starters_leavers()
    assert chart.columns == ("Month", "Starters", "Leavers")
    assert chart.rows[:3] == (("2024-04", "10", "12"), ("2024-05", "11", "11"), ("2024-06", "12", "not available"))
    assert len(drawn(chart)) == 2 * 12 - 1
    assert not any(row["period"] == "2024-06" and row["series"] == "Leavers" for row in drawn(chart))
    # Starters 10..21 = 186; leavers 12..1 without the missing 10 = 68.
    assert "186 starters and 68 leavers in total" in chart.alt


# --- format_figure ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (21.94, "percent", "21.9%"),
        (21.95, "percent", "22.0%"),  # half up, not to even, and not fooled by 21.9499...
        (20, "percent", "20.0%"),
        (345.44, "rate_per_10k", "345.4 per 10,000"),
        (12345.67, "rate_per_10k", "12,345.7 per 10,000"),
        (2763, "count", "2,763"),
        (2762.5, "count", "2,763"),
        (31.45, "days", "31.5 days"),
        (1.2345, "ratio", "1.2"),
        (None, "percent", "not available"),
        (float("nan"), "count", "not available"),
    ],
)
def test_format_figure(value, unit, expected):
    assert format_figure(value, unit) == expected


def test_format_figure_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="unknown unit"):
        format_figure(1.0, "per_cent")


def test_names_with_markup_characters_stay_valid_svg():
    chart = neighbours('Children\'s "care" <rate> & more', "percent", "Bury & Co's", 5.0, [("A", 4.0)])
    root = ET.fromstring(chart.svg())
    assert root.get("aria-label") == chart.alt
    assert root[0].text == chart.title
    assert "Bury & Co's is 1st of 2 (highest first)" in chart.alt


def test_long_legend_labels_are_not_cut_short():
    chart = trend(
        "X", "percent", [("2025-26 Q1", 80.0), ("2025-26 Q2", 82.0)], 85.0, 80.6, "England 2025-26 (synthetic)"
    )
    drawn_text = ["".join(e.itertext()) for e in ET.fromstring(chart.svg()).iter(f"{SVG}text")]
    assert any(text.startswith("England 2025-26 (synthetic)") and text.endswith("80.6%") for text in drawn_text)


def test_a_sparkline_is_the_trend_small_with_its_words():
    full = make_trend()
    small = sparkline(full)
    assert (small.title, small.alt, small.rows) == (full.title, full.alt, full.rows)
    root = ET.fromstring(small.svg())
    assert root.get("aria-label") == full.alt and float(root.get("width")) < 140
    assert not [e for e in root.iter(f"{SVG}text")]  # no axes, labels or legend


def test_withheld_figures_are_said_as_the_public_sees_them_and_not_drawn():
    fewer, withheld = Withheld("fewer than 5", small=True), Withheld("withheld", small=False)
    line = trend("Repeat plans", "percent", [("Q1", 12.0), ("Q2", fewer), ("Q3", None), ("Q4", 14.0)])
    assert [row[1] for row in line.rows] == ["12.0%", "fewer than 5", "not available", "14.0%"]
    assert [row["period"] for row in line.spec["data"]["values"]] == ["Q1", "Q4"]
    assert line.alt.endswith("1 period fewer than 5; 1 period not available.")
    categories = [("YES", withheld), ("NO", fewer), ("REFU", fewer), ("NREQ", 0.0)]
    chart = bars("Care leavers in touch", "percent", categories)
    assert [row[1] for row in chart.rows] == ["withheld", "fewer than 5", "fewer than 5", "0.0%"]
    assert [row["name"] for row in chart.spec["data"]["values"]] == ["NREQ"]
    assert "1 category withheld so that smaller numbers cannot be worked out from the total" in chart.alt
    assert "2 categories fewer than 5." in chart.alt and "not available" not in chart.alt
    assert format_figure(fewer, "count") == "fewer than 5"
