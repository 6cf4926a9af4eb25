"""The public report in all four formats, read back as a reader would: a withheld
figure reads "fewer than 5" (or "withheld", where it only covers a smaller one), never
"not available"; no withheld count can be worked out from a breakdown's shown
categories and its total; and staff figures (FTE) are shown however small."""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from scorecard import api
from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.judge.suppress import SECONDARY
from scorecard.outputs.docx import write_docx
from scorecard.outputs.html import render_html
from scorecard.outputs.model import Report, build
from scorecard.outputs.pdf import write_pdf
from scorecard.outputs.xlsx import write_xlsx
from scorecard.store.database import Store

QUARTER = "2025-26 Q2"  # has a percentage resting on fewer than 5 children (repeat plans)
FEWER = "fewer than 5"


@pytest.fixture(scope="module")
def report(benchmarked_store, small_la) -> Report:
    with Store.open(benchmarked_store, read_only=True) as store:
        return build(store, parse_period(QUARTER), load_config(small_la / "scorecard.yml"), "001", "public")


@pytest.fixture(scope="module")
def counts(benchmarked_store, small_la) -> dict[tuple[str, str | None], float]:
    """The children behind each figure, as managers see them."""
    internal = api.indicators(QUARTER, benchmarked_store, config=small_la / "scorecard.yml")
    return {(r.indicator_id, r.breakdown): (r.value if r.unit == "count" else r.numerator) or 0 for r in internal}


@pytest.fixture(scope="module")
def files(report, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("privacy")
    (out / "report.html").write_text(render_html(report), encoding="utf-8")
    return {
        "html": out / "report.html",
        "pdf": write_pdf(report, out / "report.pdf"),
        "docx": write_docx(report, out / "report.docx"),
        "xlsx": write_xlsx(report, out / "report.xlsx"),
    }


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def texts(files) -> dict[str, str]:
    """What a reader of each format sees, whitespace made single spaces."""
    page = re.sub(r"<svg.*?</svg>", " ", files["html"].read_text(encoding="utf-8"), flags=re.S)
    document = docx.Document(str(files["docx"]))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    book = CalamineWorkbook.from_path(str(files["xlsx"]))
    sheets = [str(c) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for c in row]
    return {
        "html": _words(html.unescape(re.sub(r"<[^>]+>", " ", page))),
        "pdf": _words(" ".join(p.extract_text() or "" for p in PdfReader(files["pdf"]).pages)),
        "docx": _words(" ".join([p.text for p in document.paragraphs] + cells)),
        "xlsx": _words(" ".join(sheets)),
    }


@pytest.fixture(scope="module")
def data(files) -> list[dict]:
    """The workbook's tidy data sheet, a dict a row."""
    rows = CalamineWorkbook.from_path(str(files["xlsx"])).get_sheet_by_name("Data").to_python()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _entries(report: Report) -> list:
    return [e for s in report.sections for e in s.entries]


def _breakdowns(report: Report) -> dict[str, list]:
    """The breakdown rows of the period, by indicator, for children."""
    found: dict[str, list] = {}
    for j in report.judged:
        r = j.result
        if r.breakdown is not None and r.subject == "child" and r.period == QUARTER:
            found.setdefault(r.indicator_id, []).append(r)
    return found


def test_the_small_la_has_withheld_figures_of_each_kind(report):
    withheld = [e for e in _entries(report) if e.judgement.result.withheld]
    assert {e.judgement.result.unit for e in withheld} >= {"percent"}
    shown = [r.shown for rows in _breakdowns(report).values() for r in rows]
    assert FEWER in shown and SECONDARY in shown


@pytest.mark.parametrize("kind", ["html", "pdf", "docx", "xlsx"])
def test_every_format_says_fewer_than_5_and_never_not_available_for_a_withheld_figure(report, texts, kind):
    text = texts[kind]
    assert FEWER in text and "Published version: to protect children's privacy" in text
    for e in _entries(report):
        r = e.judgement.result
        if not r.withheld:
            continue
        title = _words(e.title)
        assert _words(e.text) in text, (kind, e.indicator_id)
        assert "not available" not in e.text
        assert f"{title} was not available" not in text and f"{title} not available" not in text, (kind, title)
        if kind != "xlsx":  # the workbook gives the figure a cell of its own
            assert f"{r.period} (this period) {r.shown}" in text, (kind, e.indicator_id)


def test_every_breakdown_withholds_enough_that_nothing_can_be_subtracted(report, counts):
    breakdowns = _breakdowns(report)
    assert {"cpp_category", "cla_placement_type", "care_leavers_in_touch", "cla_ceased_reason"} <= set(breakdowns)
    for indicator_id, rows in breakdowns.items():
        cells = [counts[(indicator_id, r.breakdown)] for r in rows]
        held = sum(n for r, n in zip(rows, cells, strict=True) if r.withheld)
        assert held == 0 or held >= 5, indicator_id
        # Each small one could be any of several counts, given the others and their labels.
        bounds = [(1, 4) if r.withheld.small else (0, float("inf")) for r in rows if r.withheld]
        values = [n for r, n in zip(rows, cells, strict=True) if r.withheld]
        for i, n in enumerate(values):
            if 0 < n < 5:
                rest = [b for k, b in enumerate(bounds) if k != i]
                low = max(bounds[i][0], held - sum(b[1] for b in rest))
                high = min(bounds[i][1], held - sum(b[0] for b in rest))
                assert low < high, (indicator_id, cells)


def test_every_format_shows_the_breakdowns_as_protected(report, texts, data):
    for chart in (c for s in report.sections for c in s.breakdowns):
        for row in chart.rows:
            for kind in ("html", "pdf", "docx"):
                assert " ".join(row) in texts[kind], (kind, chart.title, row)
    for rows in _breakdowns(report).values():
        for r in rows:
            (row,) = [
                d
                for d in data
                if (d["indicator_id"], d["breakdown"], d["period"]) == (r.indicator_id, r.breakdown, QUARTER)
            ]
            if r.withheld:
                assert row["value"] == r.shown
                assert all(row[c] in ("", None) for c in ("numerator", "denominator", "ci_low", "ci_high"))
            else:
                assert row["value"] == pytest.approx(r.value)


def test_staff_figures_are_shown_however_small(report, texts, data):
    (chart,) = [c for s in report.sections for c in s.breakdowns if c.columns == ("Month", "Starters", "Leavers")]
    small = [row for row in chart.rows if any(cell in ("1", "2", "3", "4") for cell in row[1:])]
    assert small and not any(FEWER in cell for row in chart.rows for cell in row)
    for kind in ("html", "pdf", "docx"):
        for month, starters, leavers in small:
            assert f"{month} {starters} {leavers}" in texts[kind], (kind, month)
    workforce = [d for d in data if d["indicator_id"].startswith("sw_") and d["period"] == QUARTER]
    assert workforce and not any(d["value"] in (FEWER, SECONDARY) for d in workforce)
