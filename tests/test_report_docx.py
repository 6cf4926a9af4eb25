"""The Word report, read back with python-docx: its headings, narratives, figures,
charts' alternative text and data tables, repeating table headers and properties, and
that an LA's template gives its house style (styles, header, page) but none of its body."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches, RGBColor

from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.outputs.charts import format_figure
from scorecard.outputs.docx import write_docx
from scorecard.outputs.model import Report, build
from scorecard.store.database import Store

HOUSE_FONT = "Georgia"
HOUSE_RED = RGBColor(0x8B, 0x00, 0x00)
HOUSE_MARGIN = Inches(0.75)  # a whole number of twips, as Word stores it
EXCEPTIONS = "Exception lists (not for publication)"


def _build(store_path: Path, la: Path, audience: str) -> Report:
    with Store.open(store_path, read_only=True) as store:
        return build(store, parse_period("2025-26 Q4"), load_config(la / "scorecard.yml"), "001", audience)


def _one_section(report: Report) -> Report:
    """The report with only its section of fewest charts (but some): enough to check
    what does not depend on the sections, in a fraction of the time."""
    charted = [s for s in report.sections if any(e.charts for e in s.entries)]
    fewest = min(charted, key=lambda s: sum(len(e.charts) for e in s.entries) + len(s.breakdowns))
    return replace(report, sections=(fewest,))


@pytest.fixture(scope="module")
def public(benchmarked_store, small_la) -> Report:
    return _build(benchmarked_store, small_la, "public")


@pytest.fixture(scope="module")
def internal(benchmarked_store, small_la) -> Report:
    return _one_section(_build(benchmarked_store, small_la, "internal"))


@pytest.fixture(scope="module")
def public_doc(public, tmp_path_factory):
    path = write_docx(public, tmp_path_factory.mktemp("docx") / "public.docx")
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def internal_doc(internal, tmp_path_factory):
    path = write_docx(internal, tmp_path_factory.mktemp("docx") / "internal.docx")
    return docx.Document(str(path))


# --- reading the document back ------------------------------------------------------


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _before_glossary(document) -> list:
    """The paragraphs before the glossary, whose subheadings (its sections) can share an
    indicator's title ("Children looked after")."""
    paragraphs = document.paragraphs
    return paragraphs[: [p.text for p in paragraphs].index("Glossary")]


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _all_text(document) -> str:
    paragraphs = [p.text for p in document.paragraphs]
    cells = [text for table in document.tables for row in _cells(table) for text in row]
    return "\n".join(paragraphs + cells)


def _charts(report: Report) -> list:
    return [c for s in report.sections for c in (*(c for e in s.entries for c in e.charts), *s.breakdowns)]


def _figure(result) -> str:
    return result.shown or format_figure(result.value, result.unit)


def _count(number: float) -> str:
    """Children whole; full-time equivalents (agency social workers) to 1 dp, not rounded away."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"


def _template(path: Path, lacking: tuple[str, ...] = ()) -> Path:
    """An LA's template: its own Normal font and Heading 1 colour, a header, narrower
    margins, some body text and a table that must not reach the report; `lacking`
    built-in styles (and its list numbering) removed, as a template saved from Word
    holds only the styles it uses."""
    template = docx.Document()
    template.styles["Normal"].font.name = HOUSE_FONT
    template.styles["Heading 1"].font.color.rgb = HOUSE_RED
    section = template.sections[0]
    section.left_margin = section.right_margin = HOUSE_MARGIN
    section.header.paragraphs[0].text = "Borough Council"
    template.add_paragraph("Template body text: delete me")
    template.add_table(rows=2, cols=2).cell(0, 0).text = "Template table"
    for name in lacking:
        style = template.styles[name].element
        style.getparent().remove(style)
    if lacking:
        numbering = [rid for rid, rel in template.part.rels.items() if rel.reltype == RT.NUMBERING]
        template.part.drop_rel(numbering[0])
    template.save(str(path))
    return path


# --- structure ------------------------------------------------------------------------


def test_headings_follow_the_report(public, public_doc):
    assert _styled(public_doc, "Title") == [public.title]
    assert public_doc.paragraphs[0].text == public.title
    headings = ["Summary", *(s.title for s in public.sections), "Data notes", "Glossary"]
    assert _styled(public_doc, "Heading 1") == headings
    # Before the glossary (whose subheadings are its sections'), every indicator in order.
    body = _before_glossary(public_doc)
    entries = [e.title for s in public.sections for e in s.entries]
    assert [p.text for p in body if p.style.name == "Heading 2" and p.text in entries] == entries
    assert [title for title, _ in public.glossary] == _styled(public_doc, "Heading 2")[-len(public.glossary) :]
    notes = [line for _, lines in public.notes.parts if len(lines) > 1 for line in lines]
    bullets = [*public.summary.performing_well, *public.summary.areas_for_focus, *notes]
    assert _styled(public_doc, "List Bullet") == bullets
    # The data notes, each part under its heading.
    assert [heading for heading, _ in public.notes.parts] == [
        p.text for p in public_doc.paragraphs if p.style.name == "Heading 2" and p.text in dict(public.notes.parts)
    ]


def test_every_narrative_is_a_paragraph(public, public_doc):
    paragraphs = {p.text for p in public_doc.paragraphs}
    missing = [e.title for s in public.sections for e in s.entries if e.text not in paragraphs]
    assert not missing


def test_every_figure_is_shown_after_its_heading(public, public_doc):
    paragraphs = _before_glossary(public_doc)
    after = {p.text: paragraphs[i + 1].text for i, p in enumerate(paragraphs[:-1]) if p.style.name == "Heading 2"}
    text = _all_text(public_doc)
    for entry in (e for s in public.sections for e in s.entries):
        r = entry.judgement.result
        assert _figure(r) in text
        # A yearly figure names its census or cohort too ("2025-26 Q4, 2025 census: 16.1%").
        assert after[entry.title].startswith(f"{entry.of}: {_figure(r)}"), entry.title
        assert entry.of == (f"{r.period}, {r.year}" if entry.judgement.yearly and r.year else r.period)
        if r.unit == "percent" and r.numerator is not None:
            assert f"({_count(r.numerator)} of {_count(r.denominator)})" in after[entry.title]


def test_comparison_tables_hold_target_and_benchmarks(public, public_doc):
    comparisons = [_cells(t) for t in public_doc.tables if _cells(t)[0] == ["Comparison", "Figure", "Judgement"]]
    assert len(comparisons) == sum(len(s.entries) for s in public.sections)
    for entry, rows in zip((e for s in public.sections for e in s.entries), comparisons, strict=True):
        j = entry.judgement
        assert rows[1][1] == _figure(j.result)
        if j.target:
            assert ["Target", format_figure(j.target.value, j.result.unit)] == rows[2][:2]
        if j.rag:
            assert any(row[2].lower().startswith(j.rag) for row in rows), entry.title
        if j.comparison:
            label = f"England {j.comparison.year}" + (" (synthetic)" if j.comparison.synthetic else "")
            assert [label, format_figure(j.comparison.england, j.result.unit), ""] in rows


def test_figures_are_right_aligned_and_words_are_not(public_doc):
    table = next(t for t in public_doc.tables if _cells(t)[0] == ["Comparison", "Figure", "Judgement"])
    for row in table.rows[1:]:
        label, figure, judgement = (cell.paragraphs[0].alignment for cell in row.cells)
        assert figure == WD_ALIGN_PARAGRAPH.RIGHT and label is None and judgement is None


# --- charts ---------------------------------------------------------------------------


def test_every_chart_is_a_picture_with_its_alternative_text(public, public_doc):
    charts = _charts(public)
    pictures = public_doc.element.body.xpath(".//wp:docPr")
    assert len(pictures) == len(charts) > 0
    assert [p.get("descr") for p in pictures] == [c.alt for c in charts]
    assert all(p.get("descr") for p in pictures)
    assert [p.get("title") for p in pictures] == [c.title for c in charts]
    assert len({p.get("id") for p in pictures}) == len(pictures)  # Word wants them unique


def test_every_chart_has_a_caption_and_its_data_table(public, public_doc):
    charts = _charts(public)
    assert _styled(public_doc, "Caption") == [f"Figure {n}: {c.title}" for n, c in enumerate(charts, start=1)]
    tables = [_cells(t) for t in public_doc.tables]
    for chart in charts:
        assert [list(chart.columns), *map(list, chart.rows)] in tables, chart.title


def test_every_table_repeats_its_header_row(public_doc, internal_doc):
    for document in (public_doc, internal_doc):
        assert document.tables
        for table in document.tables:
            assert table._tbl.xpath("./w:tr[1]/w:trPr/w:tblHeader"), _cells(table)[0]
            assert not table._tbl.xpath("./w:tr[position() > 1]/w:trPr/w:tblHeader")


# --- properties -----------------------------------------------------------------------


def test_properties_and_language(public, public_doc):
    assert public_doc.core_properties.title == public.title
    assert public_doc.core_properties.language == "en-GB"
    assert public_doc.core_properties.subject
    lang = public_doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert lang and lang[0].get(qn("w:val")) == "en-GB"


def test_without_a_template_the_page_is_a4(public_doc):
    section = public_doc.sections[-1]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_same_report_gives_the_same_document(internal, internal_doc, tmp_path):
    again = docx.Document(str(write_docx(internal, tmp_path / "again.docx")))
    assert [p.text for p in again.paragraphs] == [p.text for p in internal_doc.paragraphs]
    assert [_cells(t) for t in again.tables] == [_cells(t) for t in internal_doc.tables]


# --- audiences ------------------------------------------------------------------------


def test_internal_report_has_the_exception_tables(internal, internal_doc):
    assert internal.exceptions
    assert EXCEPTIONS in _styled(internal_doc, "Heading 1")
    tables = [_cells(t) for t in internal_doc.tables]
    for listed in internal.exceptions:
        assert f"{listed.title}: {len(listed.rows)}" in _styled(internal_doc, "Heading 2")
        if listed.rows:
            header = [c.replace("_", " ") for c in listed.columns]
            rows = [["" if v is None else str(v) for v in row] for row in listed.rows]
            assert [header, *rows] in tables, listed.title


def test_public_report_has_no_exception_lists(public, internal, public_doc):
    assert not public.exceptions
    text = _all_text(public_doc)
    assert EXCEPTIONS not in text
    headers = {tuple(_cells(t)[0]) for t in public_doc.tables}
    for listed in internal.exceptions:
        assert tuple(c.replace("_", " ") for c in listed.columns) not in headers
        assert f"{listed.title}: " not in text


# --- templates ------------------------------------------------------------------------


def test_template_gives_house_style_and_no_template_body(internal, tmp_path):
    out = write_docx(internal, tmp_path / "styled.docx", _template(tmp_path / "house.docx"))
    document = docx.Document(str(out))
    section = document.sections[-1]
    assert [p.text for p in section.header.paragraphs] == ["Borough Council"]
    assert section.left_margin == HOUSE_MARGIN
    assert document.styles["Normal"].font.name == HOUSE_FONT
    assert document.styles["Heading 1"].font.color.rgb == HOUSE_RED
    # The body is the report only: its title first, none of the template's text or table.
    assert document.paragraphs[0].text == internal.title
    assert "Template body text" not in _all_text(document)
    assert "Template table" not in _all_text(document)
    entries = [e for s in internal.sections for e in s.entries]
    listed = [x for x in internal.exceptions if x.rows]
    assert len(document.tables) == len(entries) + len(_charts(internal)) + len(listed)
    # The picture fits between the house margins.
    widths = [shape.width for shape in document.inline_shapes]
    assert widths and max(widths) <= section.page_width - section.left_margin - section.right_margin


def test_template_lacking_builtin_styles_gets_them(internal, tmp_path):
    lacking = ("Title", "List Bullet", "Caption", "Table Grid")
    template = _template(tmp_path / "plain.docx", lacking)
    assert not any(name in docx.Document(str(template)).styles for name in lacking)
    document = docx.Document(str(write_docx(internal, tmp_path / "out.docx", template)))
    assert all(name in document.styles for name in lacking)
    assert _styled(document, "Title") == [internal.title]
    bulleted = _styled(document, "List Bullet")
    assert bulleted[: len(internal.summary.performing_well)] == list(internal.summary.performing_well)
    assert all(t.style.name == "Table Grid" for t in document.tables)
    # The copied List Bullet points at numbering the document holds, so it has bullets.
    (number,) = document.styles["List Bullet"].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    numbering = document.part.numbering_part.element
    assert numbering.num_having_numId(int(number)) is not None
    assert document.styles["Normal"].font.name == HOUSE_FONT


def _zip() -> bytes:
    """A zip file, but not a Word document (no [Content_Types].xml, no document part)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content", [("missing.docx", None), ("notes.docx", b"not a Word file"), ("archive.docx", _zip())]
)
def test_bad_template_is_refused_by_name(internal, tmp_path, name, content):
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(ValueError, match=name):
        write_docx(internal, tmp_path / "out.docx", template)
    assert not (tmp_path / "out.docx").exists()
