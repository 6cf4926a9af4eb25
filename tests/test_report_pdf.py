"""The PDF report: written for the small synthetic LA and read back with pypdf, to check
it holds the report's headings and headline figures, is tagged for accessibility
(PDF/UA-1: marked, a structure tree, its language and title), has numbered A4 pages,
holds no child ids, and fetches nothing from outside the page."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.outputs import pdf
from scorecard.outputs.charts import format_figure
from scorecard.outputs.model import Report, build
from scorecard.outputs.pdf import write_pdf
from scorecard.store.database import Store

QUARTER = "2025-26 Q4"
A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def report(benchmarked_store, small_la) -> Report:
    with Store.open(benchmarked_store, read_only=True) as store:
        return build(store, parse_period(QUARTER), load_config(small_la / "scorecard.yml"), "001", "public")


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def written(report, tmp_path_factory) -> tuple[Path, list[str]]:
    """The PDF, and the errors WeasyPrint logged while writing it (a missing alt text or
    language is logged, not raised)."""
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        path = write_pdf(report, tmp_path_factory.mktemp("pdf") / "report.pdf")
    finally:
        logger.removeHandler(errors)
    return path, errors.messages


@pytest.fixture(scope="module")
def reader(written) -> PdfReader:
    return PdfReader(written[0])


@pytest.fixture(scope="module")
def text(reader) -> str:
    """All the pages' text, whitespace normalised to single spaces."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _shown(entry) -> str:
    r = entry.judgement.result
    return r.shown or format_figure(r.value, r.unit)


def test_the_pdf_is_written_where_asked_without_errors(report, written):
    path, errors = written
    assert path.name == "report.pdf" and path.read_bytes().startswith(b"%PDF-1.7")
    assert errors == []


def test_the_pdf_holds_the_title_and_headings(report, text):
    assert " ".join(report.title.split()) in text
    for heading in ("Contents", "Summary", "Performing well", "Areas for focus", "Glossary"):
        assert heading in text, heading
    for section in report.sections:
        assert section.title in text, section.title


def test_the_pdf_holds_the_headline_figures(report, text):
    """Each indicator's heading followed by its figure, as the HTML prints them."""
    entries = [e for section in report.sections for e in section.entries]
    assert len(entries) >= 20 and sum(e.judgement.target is not None for e in entries) == 10
    missing = [(e.indicator_id, _shown(e)) for e in entries if f"{' '.join(e.title.split())} {_shown(e)}" not in text]
    assert missing == []


def test_the_chart_data_tables_are_shown_not_folded_away(report, text):
    charts = [c for s in report.sections for e in s.entries for c in e.charts]
    assert len(charts) >= 10
    # Each data table's last row, first cell to last, as the table prints it; a short
    # series is printed across the page, so there it is the row of figures.
    across = [c for c in charts if c.kind == "trend" and len(c.rows) <= 12]
    assert len(across) >= 10
    found = [c for c in across if " ".join(row[1] for row in c.rows) in text]
    found += [c for c in charts if c not in across and " ".join(" ".join(c.rows[-1]).split()) in text]
    assert len(found) >= len(charts) * 9 // 10
    assert "Data for this chart" not in text  # the fold's label means nothing on paper


def test_the_pdf_is_tagged_pdf_ua(report, reader):
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == report.title
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_every_chart_is_tagged_a_figure_with_alternative_text(report, reader):
    tags: dict[str, int] = {}
    figures = []

    def walk(element) -> None:
        element = element.get_object()
        tag = element.get("/S")
        tags[tag] = tags.get(tag, 0) + 1
        if tag == "/Figure":
            figures.append(element)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0])
    charts = sum(len(e.charts) for s in report.sections for e in s.entries) + sum(
        len(s.breakdowns) for s in report.sections
    )
    assert len(figures) == charts  # a chart is one image, never split over pages
    # The alternative text is the chart's whole description, not just its title.
    assert sorted(str(f["/Alt"]) for f in figures) == sorted(c.alt for c in report.charts)
    for tag in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link"):
        assert tags.get(tag), tag


def test_the_pages_are_a4_and_numbered(reader):
    pages = len(reader.pages)
    assert pages > 3
    for number in (1, pages // 2, pages):
        page = reader.pages[number - 1]
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
            round(A4[0], 1),
            round(A4[1], 1),
        )
        assert f"Page {number} of {pages}" in " ".join(page.extract_text().split())


def test_the_public_pdf_holds_no_child_ids(benchmarked_store, text):
    with duckdb.connect(str(benchmarked_store), read_only=True) as con:
        child_ids = {row[0] for row in con.execute("SELECT child_id FROM child").fetchall()}
    assert len(child_ids) > 100 and all(re.fullmatch(r"\d{8}", c) for c in child_ids)
    assert not set(re.findall(r"\d+", text)) & child_ids
    assert [c for c in child_ids if c in text] == []


def test_nothing_outside_the_page_is_fetched(monkeypatch, tmp_path):
    """A stray reference to a file or a web address is refused, not embedded."""
    leak = tmp_path / "leak.svg"
    leak.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="20">LEAKED</text></svg>'
    )
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Stray</title>'
        '<link rel="stylesheet" href="http://192.0.2.1/style.css"></head>'
        f'<body><h1>Stray</h1><img src="{leak.as_uri()}" alt="A stray image"></body></html>'
    )
    fetched = []
    monkeypatch.setattr(pdf, "render_html", lambda report, picture: page)
    monkeypatch.setattr("socket.create_connection", lambda *args, **kwargs: fetched.append(args))
    path = write_pdf(None, tmp_path / "stray.pdf")  # type: ignore[arg-type]
    assert "Stray" in PdfReader(path).pages[0].extract_text()
    assert "LEAKED" not in PdfReader(path).pages[0].extract_text()
    assert fetched == []


def test_a_control_chart_is_drawn_where_the_monthly_series_shows_a_signal(report):
    entries = [e for s in report.sections for e in s.entries]
    with_chart = {e.indicator_id for e in entries if any("process limits" in c.title for c in e.charts)}
    signalled = {e.indicator_id for e in entries if e.judgement.signal and e.judgement.signal.signals}
    assert with_chart == signalled
    assert signalled and len(signalled) < len([e for e in entries if e.judgement.months])
