"""The narrative drafted from judgements: each figure's paragraph and the front summary,
from Judgements made by hand, and an LA's own wording file changing the tone."""

from __future__ import annotations

import random
from dataclasses import fields, replace
from datetime import date

import pytest

from scorecard.indicators.results import Result, Withheld
from scorecard.judge.benchmarks import Comparison
from scorecard.judge.judgement import Judgement, shown
from scorecard.judge.polarity import change_word
from scorecard.judge.spc import SpcResult
from scorecard.judge.suppress import SECONDARY, suppress
from scorecard.judge.targets import Target, rag
from scorecard.outputs.narrative import MAX_ENTRIES, Summary, describe, load_wording, period_kind, summarise

Q4 = ("2025-26 Q4", date(2026, 1, 1), date(2026, 3, 31))
Q3 = ("2025-26 Q3", date(2025, 10, 1), date(2025, 12, 31))
Q4_LAST_YEAR = ("2024-25 Q4", date(2025, 1, 1), date(2025, 3, 31))
REREFERRALS = "Re-referrals within 12 months"
EXAMPLE = (
    "21.9% of referrals in 2025-26 Q4 were re-referrals within 12 months (266 of 1,215), "
    "worse than the target of 20% and better than the England average of 23.2% (2024-25). "
    "Down from 22.4% last quarter, a change within normal variation, and down from 23.0% a year ago."
)


def result(
    value: float | None,
    indicator_id: str = "rereferrals_12m",
    when: tuple = Q4,
    numerator: float | None = None,
    denominator: float | None = None,
    unit: str = "percent",
    note: str = "",
    breakdown: str | None = None,
) -> Result:
    label, start, end = when
    return Result(indicator_id, "E06000001", label, start, end, breakdown, numerator, denominator, value, unit, note)


def comparison(
    england: float | None = None,
    region: float | None = None,
    neighbours: float | None = None,
    band: str | None = None,
    synthetic: bool = False,
) -> Comparison:
    return Comparison(
        year="2024-25",
        synthetic=synthetic,
        england=england,
        region=region,
        neighbours_mean=neighbours,
        neighbours_median=neighbours,
        neighbours_count=10 if neighbours is not None else 0,
        published=None,
        rank=None,
        rank_of=None,
        quartile_band=band,
        published_rank=None,
        published_band=None,
    )


def signal(variation: str) -> SpcResult:
    return SpcResult(limits=None, signals=(), variation=variation, note="")


def judgement(r: Result, polarity: str = "down", target: Target | None = None, **given) -> Judgement:
    """A judgement as judge() would make it: RAG and directions of travel from the figures
    as shown, unless given."""
    value = shown(r.value, r.unit)

    def change(other: Result | None) -> str | None:
        earlier = shown(other.value, other.unit) if other else None
        return None if value is None or earlier is None else change_word(value, earlier, polarity)

    made = {f.name: None for f in fields(Judgement)}  # any field the narrative does not read
    made |= {"months": (), "note": ""} if "months" in made else {"note": ""}
    made |= {
        "result": r,
        "polarity": polarity,
        "target": target,
        "rag": rag(value, target, polarity) if target and value is not None else None,
        "previous": given.get("previous"),
        "last_year": given.get("last_year"),
        "vs_previous": change(given.get("previous")),
        "vs_last_year": change(given.get("last_year")),
    }
    return Judgement(**(made | given))


def rereferrals(value: float = 100 * 266 / 1215, tolerance: float = 0, **given) -> Judgement:
    """The example: re-referrals (lower is better) against a target of 20%."""
    made = {
        "previous": result(22.4, when=Q3, numerator=270, denominator=1205),
        "last_year": result(23.0, when=Q4_LAST_YEAR, numerator=270, denominator=1174),
        "beyond_noise": False,
        "comparison": comparison(england=23.2),
    }
    r = result(value, numerator=266, denominator=1215)
    return judgement(r, "down", Target(20, tolerance), **(made | given))


# --- one figure -------------------------------------------------------------------------------


def test_the_example_paragraph_from_its_parts():
    assert describe(rereferrals(), REREFERRALS) == EXAMPLE


def test_amber_says_close_to_the_target_within_its_tolerance():
    j = rereferrals(tolerance=2)
    assert j.rag == "amber"
    assert describe(j, REREFERRALS) == EXAMPLE.replace(
        "worse than the target of 20%", "close to the target of 20% (within the tolerance of 2)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (19.0, "better than the target of 20%"),
        (20.04, "meeting the target of 20%"),  # shown as 20.0: the report compares what it shows
        (20.5, "close to the target of 20% (within the tolerance of 2)"),
        (22.5, "worse than the target of 20%"),
    ],
)
def test_target_words_follow_the_rating(value, expected):
    text = describe(rereferrals(value, tolerance=2), REREFERRALS)
    assert expected in text
    assert text.count("target") == 1


def test_higher_is_better_wording():
    r = result(85.0, "assessments_45wd", numerator=170, denominator=200)
    j = judgement(
        r,
        "up",
        Target(80),
        previous=result(80.0, "assessments_45wd", Q3),
        beyond_noise=True,
        comparison=comparison(england=82.0, neighbours=86.3),
    )
    assert describe(j, "Assessments completed within 45 working days") == (
        "85.0% of assessments completed in 2025-26 Q4 were completed within 45 working days (170 of 200), "
        "better than the target of 80%, better than the England average of 82.0% and worse than the statistical "
        "neighbours' average of 86.3% (2024-25). Up from 80.0% last quarter, an improvement."
    )
    declined = replace(j, previous=result(90.0, "assessments_45wd", Q3))
    assert "Down from 90.0% last quarter, a decline." in describe(declined, "Assessments")


def test_no_polarity_says_higher_or_lower_and_never_better_or_worse():
    r = result(345.4, "referrals_rate_10k", numerator=1200, denominator=34743, unit="rate_per_10k")
    j = judgement(
        r,
        "none",
        Target(300),  # a target on a figure with no better or worse is not judged
        previous=result(300.1, "referrals_rate_10k", Q3, unit="rate_per_10k"),
        last_year=result(345.4, "referrals_rate_10k", Q4_LAST_YEAR, unit="rate_per_10k"),
        comparison=comparison(england=350.0, neighbours=345.4),
    )
    assert describe(j, "Referrals per 10,000 children") == (
        "There were 345.4 referrals per 10,000 children in 2025-26 Q4, lower than the England average of "
        "350.0 per 10,000 children and the same as the statistical neighbours' average of 345.4 per 10,000 "
        "children (2024-25). Up from 300.1 per 10,000 children last quarter and unchanged from 345.4 per 10,000 "
        "children a year ago."
    )


def test_missing_figure_gives_only_the_reason():
    note = "not available: no cin_referral records loaded for 2025-26"
    j = rereferrals(value=None, beyond_noise=None, signal=signal("special cause concern"))
    j = replace(j, result=replace(j.result, numerator=None, denominator=None, note=note))
    assert j.previous is not None and j.target is not None and j.comparison is not None
    assert describe(j, REREFERRALS) == (
        "Re-referrals within 12 months was not available for 2025-26 Q4: no cin_referral records loaded for 2025-26."
    )


def test_missing_figure_without_a_note():
    j = judgement(result(None))
    assert describe(j, REREFERRALS) == "Re-referrals within 12 months was not available for 2025-26 Q4."


def test_withheld_figures_say_how_small_never_not_available():
    small = suppress(result(50.0, numerator=2, denominator=4), 5)
    assert describe(judgement(small), REREFERRALS) == (
        "Re-referrals within 12 months is not published for 2025-26 Q4: it rests on fewer than 5 children, "
        "too few to show without risk of identifying them."
    )
    count = suppress(result(3, "cla_count", unit="count", numerator=3), 10)
    assert count.shown == "fewer than 10"
    assert describe(judgement(count, "none"), "Children looked after") == (
        "Children looked after was fewer than 10 in 2025-26 Q4: the exact number is not published, "
        "to protect children's privacy."
    )
    secondary = replace(count, withheld=Withheld(SECONDARY, small=False))
    text = describe(judgement(secondary, "none"), "Children looked after")
    assert "cannot be worked out" in text and "not available" not in text and "fewer than" not in text


def test_no_target_no_comparison_no_history():
    j = judgement(result(1234, "cla_count", unit="count", numerator=1234), "none")
    assert describe(j, "Children looked after") == "Children looked after was 1,234 in 2025-26 Q4."


def test_days_and_default_phrasing():
    r = result(31.46, "assessment_duration_avg", unit="days", denominator=120)
    text = describe(judgement(r, "down", Target(30)), "Average length of assessments (working days)")
    assert text == (
        "Average length of assessments (working days) was 31.5 days in 2025-26 Q4, worse than the target of 30 days."
    )


@pytest.mark.parametrize(
    ("band", "words"),
    [
        ("A", "in the best quarter of LAs"),
        ("B", "in the second quarter of LAs"),
        ("C", "in the third quarter of LAs"),
        ("D", "in the bottom quarter of LAs"),
    ],
)
def test_band_words(band, words):
    text = describe(rereferrals(comparison=comparison(england=23.2, band=band)), REREFERRALS)
    assert "(2024-25) and " + words + "." in text


def test_no_band_no_band_words():
    assert "quarter of LAs" not in describe(rereferrals(), REREFERRALS)


def test_region_only_with_its_name_and_synthetic_marked():
    j = rereferrals(comparison=comparison(england=23.2, region=21.0, neighbours=None, synthetic=True))
    named = describe(j, REREFERRALS, region_name="North East")
    assert (
        "better than the England average of 23.2% and worse than the North East average of 21.0% "
        "(2024-25, synthetic benchmarks)" in named
    )
    assert "average of 21.0%" not in describe(j, REREFERRALS)


def test_missing_benchmarks_are_skipped():
    j = rereferrals(comparison=comparison(england=None, neighbours=22.8))
    text = describe(j, REREFERRALS, region_name="North East")
    assert "England" not in text and "North East" not in text
    assert "better than the statistical neighbours' average of 22.8% (2024-25)" in text


@pytest.mark.parametrize(
    ("variation", "sentence"),
    [
        ("special cause improvement", "The monthly figures show a real (special cause) improvement"),
        ("special cause concern", "The monthly figures show a real (special cause) concern"),
    ],
)
def test_special_cause_sentence(variation, sentence):
    text = describe(rereferrals(signal=signal(variation)), REREFERRALS)
    assert text.endswith(sentence + ", not normal variation.")


def test_no_sentence_for_other_variation():
    for variation in ("special cause variation", "common cause", "not enough points"):
        assert "monthly figures" not in describe(rereferrals(signal=signal(variation)), REREFERRALS)


def test_noise_from_the_interval_then_the_signal():
    # No interval: common cause variation in the monthly figures says the change is noise.
    assert "a change within normal variation" in describe(
        rereferrals(beyond_noise=None, signal=signal("common cause")), REREFERRALS
    )
    beyond = describe(rereferrals(beyond_noise=True, signal=signal("common cause")), REREFERRALS)
    assert "Down from 22.4% last quarter, an improvement, and down from 23.0% a year ago." in beyond
    unknown = describe(rereferrals(beyond_noise=None), REREFERRALS)
    assert "Down from 22.4% last quarter, an improvement, and" in unknown


def test_unchanged_as_shown():
    j = rereferrals(previous=result(21.94, when=Q3), last_year=None)
    assert describe(j, REREFERRALS).endswith("Unchanged from 21.9% last quarter.")


def test_only_a_year_ago():
    assert describe(rereferrals(previous=None), REREFERRALS).endswith("Down from 23.0% a year ago.")


@pytest.mark.parametrize(
    ("when", "before", "kind", "words"),
    [
        (("2025-03", date(2025, 3, 1), date(2025, 3, 31)), ("2025-02", date(2025, 2, 1), date(2025, 2, 28)), "month",
         "last month"),
        (("2025-26", date(2025, 4, 1), date(2026, 3, 31)), ("2024-25", date(2024, 4, 1), date(2025, 3, 31)), "year",
         "last year"),
        (("2025-04-01..2025-12-31", date(2025, 4, 1), date(2025, 12, 31)),
         ("2024-07-01..2025-03-31", date(2024, 7, 1), date(2025, 3, 31)), "other", "in the previous period"),
    ],
)  # fmt: skip
def test_period_words(when, before, kind, words):
    r = result(21.9, when=when)
    assert period_kind(r) == kind
    j = judgement(r, "down", previous=result(22.4, when=before), beyond_noise=True)
    assert f"Down from 22.4% {words}, an improvement." in describe(j, REREFERRALS)


def test_a_year_is_compared_with_last_year_once():
    year, before = ("2025-26", date(2025, 4, 1), date(2026, 3, 31)), ("2024-25", date(2024, 4, 1), date(2025, 3, 31))
    j = judgement(
        result(21.9, when=year), "down", previous=result(22.4, when=before), last_year=result(22.4, when=before)
    )
    assert describe(j, REREFERRALS).endswith("Down from 22.4% last year, an improvement.")


def test_a_yearly_figure_names_its_cohort_and_the_year_befores():
    # A quarter's OC3 figure is the latest cohort ended by its end; its previous figure is
    # the cohort before (the same quarter last year), never "last quarter".
    r = replace(
        result(57.8, "care_leavers_eet_17_18", when=Q3, numerator=48, denominator=83), year="cohort year 2024-25"
    )
    before = replace(
        result(50.6, "care_leavers_eet_17_18", when=("2024-25 Q3", date(2024, 10, 1), date(2024, 12, 31))),
        year="cohort year 2023-24",
    )
    j = judgement(r, "up", previous=before, beyond_noise=True, yearly=True)
    assert describe(j, "Care leavers aged 17-18 in EET") == (
        "Care leavers aged 17-18 in EET was 57.8% in 2025-26 Q3 (cohort year 2024-25) (48 of 83). "
        "Up from 50.6% the year before (cohort year 2023-24), an improvement."
    )
    (line,) = summarise([(j, "Care leavers aged 17-18 in EET")], "2025-26 Q3", "Northbridge").performing_well
    assert "up from 50.6% the year before (cohort year 2023-24), beyond normal variation" in line


def test_a_financial_year_label_that_looks_like_a_month():
    assert period_kind(result(1.0, when=("2011-12", date(2011, 4, 1), date(2012, 3, 31)))) == "year"
    assert period_kind(result(1.0, when=("2011-12", date(2011, 12, 1), date(2011, 12, 31)))) == "month"


def test_breakdown_rows_and_unknown_parts_use_the_default_phrasing():
    r = result(30.0, numerator=30, denominator=100, breakdown="Female")
    assert describe(judgement(r), "Re-referrals: female").startswith(
        "Re-referrals: female was 30.0% in 2025-26 Q4 (30 of 100)"
    )
    assert describe(judgement(result(30.0)), REREFERRALS) == "Re-referrals within 12 months was 30.0% in 2025-26 Q4."


def test_full_time_equivalents_keep_their_decimal():
    r = result(100 * 12.5 / 110, "sw_vacancy_rate", numerator=12.5, denominator=110)
    assert describe(judgement(r), "Social worker vacancy rate").startswith(
        "11.4% of social worker posts were vacant in 2025-26 Q4 (12.5 of 110 full-time equivalent posts)"
    )


def test_every_required_indicator_has_its_own_phrasing():
    required = {
        "rereferrals_12m",
        "assessments_45wd",
        "icpc_15wd",
        "cpp_repeat_ever",
        "cla_placements_3plus",
        "cla_long_term_stability",
        "care_leavers_eet_19_21",
        "sw_vacancy_rate",
    }
    for indicator in sorted(required):
        r = result(50.0, indicator, numerator=1000, denominator=2000)
        text = describe(judgement(r), "TITLE")
        assert "TITLE" not in text, indicator
        assert text.startswith("50.0% of ") and "(1,000 of 2,000" in text, indicator


def test_same_judgement_same_words():
    j = rereferrals(comparison=comparison(england=23.2, region=24.0, neighbours=22.0, band="B"))
    texts = {describe(j, REREFERRALS, "North East") for _ in range(3)}
    assert len(texts) == 1


# --- the front summary ------------------------------------------------------------------------


def five() -> list[tuple[Judgement, str]]:
    icpc = judgement(
        result(82.4, "icpc_15wd", numerator=140, denominator=170),
        "up",
        Target(80),
        comparison=comparison(80.0, band="A"),
    )
    rereferral = judgement(
        result(26.0, numerator=260, denominator=1000), "down", Target(20, 2), comparison=comparison(23.2, band="D")
    )
    assessments = judgement(
        result(78.0, "assessments_45wd", numerator=780, denominator=1000),
        "up",
        Target(80, 5),
        comparison=comparison(82.0, band="B"),
        signal=signal("special cause improvement"),
    )
    repeat = judgement(
        result(18.0, "cpp_repeat_ever", numerator=18, denominator=100),
        "down",
        Target(20),
        previous=result(15.0, "cpp_repeat_ever", Q3),
        beyond_noise=True,
    )
    vacancies = judgement(
        result(15.0, "sw_vacancy_rate", numerator=15, denominator=100),
        "down",
        previous=result(16.0, "sw_vacancy_rate", Q3),
        beyond_noise=False,
        comparison=comparison(17.0, band="C"),
    )
    return [
        (vacancies, "Social worker vacancy rate"),
        (repeat, "Second or subsequent child protection plans"),
        (rereferral, REREFERRALS),
        (assessments, "Assessments completed within 45 working days"),
        (icpc, "Initial child protection conferences within 15 working days"),
    ]


def test_summary_of_five():
    items = five()
    assert [j.rag for j, _ in items] == [None, "green", "red", "amber", "green"]
    summary = summarise(items, "2025-26 Q4", "Northbridge")
    assert summary == Summary(
        headline="In 2025-26 Q4, Northbridge met 2 of its 4 targets; 1 was close (amber) and 1 missed.",
        performing_well=(
            "Initial child protection conferences within 15 working days: 82.4%, better than the target of 80% "
            "and in the best quarter of LAs.",
            "Second or subsequent child protection plans: 18.0%, better than the target of 20%, "
            "but up from 15.0% last quarter, beyond normal variation.",
            "Assessments completed within 45 working days: 78.0%, "
            "a real (special cause) improvement in the monthly figures.",
        ),
        areas_for_focus=(
            "Re-referrals within 12 months: 26.0%, worse than the target of 20% and in the bottom quarter of LAs.",
        ),
    )


def test_summary_does_not_depend_on_the_order_given():
    items = five()
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != items
    assert summarise(shuffled, "2025-26 Q4", "Northbridge") == summarise(items, "2025-26 Q4", "Northbridge")


def test_rag_decides_then_band():
    # Red but in the best quarter: the target decides. Amber, band A and a concern: the band decides.
    red_a = judgement(result(26.0), "down", Target(20), comparison=comparison(30.0, band="A"))
    amber_a = judgement(
        result(20.5),
        "down",
        Target(20, 1),
        comparison=comparison(30.0, band="A"),
        signal=signal("special cause concern"),
    )
    summary = summarise([(red_a, "Red"), (amber_a, "Amber")], "2025-26 Q4", "Northbridge")
    assert summary.areas_for_focus == ("Red: 26.0%, worse than the target of 20%, but in the best quarter of LAs.",)
    assert summary.performing_well == (
        "Amber: 20.5%, in the best quarter of LAs, but a real (special cause) concern in the monthly figures.",
    )


def test_each_list_is_capped_and_ordered():
    items = [(judgement(result(10.0 + i), "down", Target(30)), f"Figure {9 - i}") for i in range(MAX_ENTRIES + 2)]
    well = summarise(items, "2025-26 Q4", "Northbridge").performing_well
    assert MAX_ENTRIES == 6
    assert len(well) == MAX_ENTRIES
    assert [entry.split(":")[0] for entry in well] == [f"Figure {n}" for n in range(2, 2 + MAX_ENTRIES)]


def test_missing_figures_and_breakdowns_are_left_out():
    missing = judgement(result(None), "down", Target(20), signal=signal("special cause concern"))
    row = judgement(result(30.0, breakdown="Female"), "down", Target(20))
    kept = judgement(result(19.0), "down", Target(20))
    summary = summarise([(missing, "Missing"), (row, "Row"), (kept, "Kept")], "2025-26 Q4", "Northbridge")
    assert summary.areas_for_focus == ()
    assert summary.performing_well == ("Kept: 19.0%, better than the target of 20%.",)
    assert summary.headline == (
        "In 2025-26 Q4, Northbridge met 1 of its 2 targets; 0 were close (amber), 0 missed "
        "and 1 had no figure to judge."
    )


def test_headline_without_targets_counts_figures_better_than_england():
    items = [
        (judgement(result(20.0), "down", comparison=comparison(23.2)), "A"),
        (judgement(result(25.0), "down", comparison=comparison(23.2)), "B"),
        (judgement(result(25.0), "up", comparison=comparison(23.2)), "C"),
        (judgement(result(25.0), "none", comparison=comparison(23.2)), "D"),  # no better or worse
        (judgement(result(25.0), "up"), "E"),  # not compared
    ]
    assert summarise(items, "2025-26", "Northbridge").headline == (
        "In 2025-26, Northbridge had no targets for these figures; 2 of the 3 compared with England were better "
        "than the England average."
    )
    assert summarise(items[-1:], "2025-26", "Northbridge").headline == (
        "In 2025-26, Northbridge had no targets for these figures and none could be compared with England."
    )


# --- an LA's own wording ----------------------------------------------------------------------


def test_an_la_changes_the_tone_with_its_own_file(tmp_path):
    own = tmp_path / "wording.yml"
    own.write_text(
        'target:\n  worse: "below the target of {target}"\n'
        'travel:\n  noise: "within the usual ups and downs"\n'
        'subject:\n  indicators:\n    local_measure: "{value} of our local measure in {period}"\n',
        encoding="utf-8",
    )
    wording = load_wording(own)
    text = describe(rereferrals(), REREFERRALS, wording=wording)
    assert text == EXAMPLE.replace("worse than the target", "below the target").replace(
        "a change within normal variation", "within the usual ups and downs"
    )
    assert "worse than" not in text
    local = judgement(result(12.0, "local_measure"))
    assert describe(local, "Local", wording=wording) == "12.0% of our local measure in 2025-26 Q4."
    # The package's own wording is untouched.
    assert describe(rereferrals(), REREFERRALS) == EXAMPLE
    assert summarise(five(), "2025-26 Q4", "Northbridge", wording).areas_for_focus == (
        "Re-referrals within 12 months: 26.0%, below the target of 20% and in the bottom quarter of LAs.",
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('target:\n  wrose: "below {target}"\n', "'target.wrose' is not one of the narrative's phrases"),
        ('target:\n  worse: "below {goal}"\n', r"'target.worse' uses \{goal\}"),
        ('target:\n  worse: "below {target"\n', "'target.worse' is not a valid phrase"),
        ('target: "below"\n', "'target' must be a mapping"),
        ("- a list\n", "must be a mapping"),
    ],
)
def test_a_mistaken_wording_file_is_refused_when_read(tmp_path, text, problem):
    own = tmp_path / "wording.yml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_wording(own)


def test_default_wording_is_the_package_file():
    assert load_wording() == load_wording(None)
    assert load_wording().phrase("bands", "A") == "in the best quarter of LAs"


def test_local_measures_in_pounds_or_units_of_their_own():
    pounds = judgement(result(1770.44, "placement_cost_per_week", unit="currency"), "down", Target(1800))
    assert describe(pounds, "Average weekly cost of a placement") == (
        "Average weekly cost of a placement was £1,770 in 2025-26 Q4, better than the target of £1,800."
    )
    other = judgement(result(3.25, "local", unit="hours"), "none")
    assert describe(other, "Hours") == "Hours was 3.3 in 2025-26 Q4."  # halves round up
