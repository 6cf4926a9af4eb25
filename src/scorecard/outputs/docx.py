"""The report as a Word document that officers can edit before it goes to committee,
in the LA's own house style when they give its template.

With a template (.docx), the report starts from it: its body is emptied, but its
styles, theme, headers and footers and page settings stay. The report uses Word's
built-in style names only (Title, Heading 1, Heading 2, List Bullet, Caption, Table
Grid), so the template's versions of them apply; a built-in style the template lacks
is copied from python-docx's default template, because Word files only hold the
styles they use and python-docx cannot apply a style a file does not hold.

For accessibility (WCAG 2.2 AA, as for the HTML report): headings in order, every
chart has alternative text and a data table with the same figures, every table's
first row is a header row repeated on each page, RAG ratings are words, and the
document's language is British English."""

from __future__ import annotations

import zipfile
from collections.abc import Container, Iterable, Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Length
from docx.styles.style import BaseStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from scorecard.outputs.charts import Chart
from scorecard.outputs.exceptions import ExceptionList
from scorecard.outputs.model import COMPARISON_COLUMNS, Entry, Report, Section, shown_figure

LANGUAGE = "en-GB"
PICTURE_WIDTH = Cm(15)
PNG_SCALE = 2.0  # about 190 dpi at 15 cm: sharp when printed

TITLE, HEADING_1, HEADING_2 = "Title", "Heading 1", "Heading 2"
BULLET, CAPTION, TABLE = "List Bullet", "Caption", "Table Grid"
STYLES = (TITLE, HEADING_1, HEADING_2, BULLET, CAPTION, TABLE)

_DRAWING_IDS = etree.XPath("//wp:docPr/@id", namespaces={"wp": nsmap["wp"]})


def write_docx(report: Report, path: Path, template: Path | None = None) -> Path:
    """Write `report` to `path` as a .docx, in the house style of `template` if given."""
    document = _open(template)
    _ensure_styles(document, STYLES)
    _set_language(document)
    _set_properties(document, report)
    _Writer(document, _picture_width(document)).report(report)
    document.save(str(path))
    return path


# --- the starting document --------------------------------------------------------


def _open(template: Path | None) -> Document:
    """The template emptied of its body, or python-docx's default set up for A4."""
    if template is None:
        document = docx.Document()
        # python-docx's default page is US Letter; councils in England print on A4.
        section = document.sections[-1]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.54)
        return document
    document = _read_template(Path(template))
    # clear_content keeps the body's final w:sectPr: the page size, margins and the
    # references to the headers and footers. Earlier sections' settings go with the
    # paragraphs that hold them; the report is one section.
    document.element.body.clear_content()
    return document


def _read_template(template: Path) -> Document:
    if not template.is_file():
        raise ValueError(f"Word template {template} does not exist or is not a file")
    try:
        return docx.Document(str(template))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError) as e:
        raise ValueError(
            f"Word template {template} is not a readable Word document (.docx): {e}. "
            "Open it in Word and save it as a Word Document (.docx)."
        ) from e


def _picture_width(document: Document) -> Length:
    """15 cm, or the width between the margins if the template's pages are narrower."""
    section = document.sections[-1]
    if section.page_width is None or section.left_margin is None or section.right_margin is None:
        return PICTURE_WIDTH
    return Length(min(PICTURE_WIDTH, section.page_width - section.left_margin - section.right_margin))


# --- styles, language, properties ---------------------------------------------------


def _ensure_styles(document: Document, names: Iterable[str]) -> None:
    """Copy from python-docx's default template the built-in styles the document lacks."""
    missing = [name for name in names if name not in document.styles]
    if not missing:
        return
    source = docx.Document()
    for name in missing:
        _copy_style(source, document, source.styles[name].style_id)


def _copy_style(source: Document, target: Document, style_id: str) -> None:
    """Copy one style, then those it is based on, links to and is followed by, so the
    copy looks as it does in the default template where the target lacks them."""
    styles = target.styles.element
    original = source.styles.element.get_by_id(style_id)
    if original is None or styles.get_by_id(style_id) is not None or original.name_val in target.styles:
        return
    copied = deepcopy(original)
    styles.append(copied)
    for number in copied.xpath("./w:pPr/w:numPr/w:numId"):
        _copy_numbering(source, target, number)
    for reference in original.xpath("./w:basedOn/@w:val | ./w:link/@w:val | ./w:next/@w:val"):
        _copy_style(source, target, str(reference))


def _copy_numbering(source: Document, target: Document, number) -> None:
    """Give a copied list style (List Bullet) its bullets: the default template's
    numbering definition, added to the target's under ids it does not use."""
    source_numbering = source.part.numbering_part.element
    try:
        numbering = target.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        # No numbering part at all (python-docx cannot make an empty one): adopt the
        # default template's whole, whose ids the copied style already uses.
        target.part.relate_to(source.part.numbering_part, RT.NUMBERING)
        return
    num = source_numbering.num_having_numId(int(number.get(qn("w:val"))))
    abstract_id = num.abstractNumId.val
    abstract = deepcopy(source_numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0])
    used = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract.set(qn("w:abstractNumId"), str(max(used, default=-1) + 1))
    # The schema puts every w:abstractNum before the first w:num.
    nums = numbering.xpath("./w:num")
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    added = numbering.add_num(int(abstract.get(qn("w:abstractNumId"))))
    number.set(qn("w:val"), str(added.numId))


def _set_language(document: Document) -> None:
    """British English for spelling and for screen readers' pronunciation: the default
    run properties, and any style set to another English. A style set to a language
    other than English (Welsh, say) is the template's choice and stays."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    run = _child(_child(defaults, "w:rPrDefault", first=True), "w:rPr")
    _child(run, "w:lang").set(qn("w:val"), LANGUAGE)
    for lang in styles.xpath(".//w:style//w:lang"):
        if lang.get(qn("w:val"), "").lower().startswith("en"):
            lang.set(qn("w:val"), LANGUAGE)


def _child(parent, tag: str, first: bool = False):
    """The parent's child element `tag`, added if it is missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(0, found) if first else parent.append(found)
    return found


def _set_properties(document: Document, report: Report) -> None:
    properties = document.core_properties
    properties.title = report.title
    properties.subject = f"Children's services performance report ({report.audience} version)"
    properties.language = LANGUAGE
    # Otherwise a template would pass on its own author (or python-docx's).
    properties.author = report.la_name
    properties.last_modified_by = report.la_name
    properties.keywords = "children's services; performance; scorecard"


# --- the report's content -------------------------------------------------------------


@dataclass
class _Writer:
    """Adds the report to the document, top to bottom, numbering the figures."""

    document: Document
    picture_width: Length
    figures: Iterator[int] = field(default_factory=lambda: count(1))
    styles: dict[str, BaseStyle] = field(init=False)
    shape_ids: Iterator[int] = field(init=False)

    def __post_init__(self) -> None:
        self.styles = {name: self.document.styles[name] for name in STYLES if name in self.document.styles}
        self.shape_ids = count(_next_drawing_id(self.document))

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph(text)
        if style in self.styles:
            # The style's id written directly: python-docx's style setter looks the
            # document's default style up among all the styles on every call.
            paragraph._p.style = self.styles[style].style_id
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, HEADING_1 if level == 1 else HEADING_2)

    def report(self, report: Report) -> None:
        self.paragraph(report.title, TITLE)
        self.paragraph(_about(report))
        self.summary(report)
        for section in report.sections:
            self.section(section)
        if report.exceptions:
            self.exceptions(report.exceptions)
        self.heading("Data notes", 1)
        for heading, lines in report.notes.parts:
            self.heading(heading, 2)
            for line in lines:
                self.paragraph(line, BULLET if len(lines) > 1 else None)
        self.glossary(report.glossary)

    def summary(self, report: Report) -> None:
        summary = report.summary
        self.heading("Summary", 1)
        self.paragraph(summary.headline)
        self.bullets("Performing well", summary.performing_well, "performing well")
        self.bullets("Areas for focus", summary.areas_for_focus, "needing focus")

    def bullets(self, heading: str, lines: Sequence[str], none: str) -> None:
        self.heading(heading, 2)
        if not lines:
            self.paragraph(f"No figure stands out as {none} this period.")
        for line in lines:
            self.paragraph(line, BULLET)

    def section(self, section: Section) -> None:
        self.heading(section.title, 1)
        for entry in section.entries:
            self.entry(entry)
        if section.breakdowns:
            # A heading of their own, or they would read as the last indicator's.
            self.heading(f"{section.title}: breakdowns", 2)
            for chart in section.breakdowns:
                self.chart(chart)

    def entry(self, entry: Entry) -> None:
        j, r = entry.judgement, entry.judgement.result
        self.heading(entry.title, 2)
        figure = self.paragraph(f"{entry.of}: ")
        figure.add_run(shown_figure(r)).bold = True
        if r.unit == "percent" and r.numerator is not None and r.denominator is not None:
            figure.add_run(f" ({_number(r.numerator)} of {_number(r.denominator)})")
        if r.value is None and r.note and not r.withheld:
            # Why there is no figure (a withheld one is explained by the text below it).
            figure.add_run(f". {r.note[0].upper()}{r.note[1:]}.")
        self.paragraph(entry.text)
        if r.history:
            self.paragraph(f"Note: {r.history}.")
        if j.note:
            self.paragraph(f"Not compared with other LAs: {j.note}.")
        self.table(f"{entry.title}: figures and comparisons", COMPARISON_COLUMNS, entry.comparisons, numeric={1})
        for chart in entry.charts:
            self.chart(chart)

    def chart(self, chart: Chart) -> None:
        number = next(self.figures)
        picture = self.paragraph()
        picture.paragraph_format.keep_with_next = True  # the chart stays with its caption
        self.picture(picture, chart)
        self.paragraph(f"Figure {number}: {chart.title}", CAPTION)
        self.table(f"Data for figure {number}: {chart.title}", chart.columns, chart.rows)

    def picture(self, paragraph: Paragraph, chart: Chart) -> None:
        """Add the chart's PNG with its alternative text. Not python-docx's add_picture,
        which takes time in the square of the pictures already added (it hashes each to
        spot a repeat, and scans the document for the largest id), and cannot set the
        alternative text."""
        # Rendering the PNG is most of the time the report takes (vl-convert renders one
        # chart at a time, so threads would not help).
        image = Image.from_blob(chart.png(PNG_SCALE))
        part = ImagePart.from_image(image, self.document.part.package.next_partname("/word/media/image%d.png"))
        relationship = self.document.part.relate_to(part, RT.IMAGE)
        width, height = image.scaled_dimensions(self.picture_width, None)
        inline = CT_Inline.new_pic_inline(next(self.shape_ids), relationship, image.filename, width, height)
        # Alternative text is wp:docPr's descr, which Word shows as Alt Text and screen
        # readers read; its title is the chart's.
        inline.docPr.set("descr", chart.alt)
        inline.docPr.set("title", chart.title)
        paragraph.add_run()._r.add_drawing(inline)

    def exceptions(self, lists: Sequence[ExceptionList]) -> None:
        self.heading("Exception lists (not for publication)", 1)
        for listed in lists:
            self.heading(f"{listed.title}: {len(listed.rows)}", 2)
            if not listed.rows:
                self.paragraph("No children on this list this period.")
                continue
            columns = tuple(c.replace("_", " ") for c in listed.columns)
            rows = [tuple("" if cell is None else str(cell) for cell in row) for row in listed.rows]
            self.table(listed.title, columns, rows, numeric=())

    def glossary(self, sections: list) -> None:
        self.heading("Glossary", 1)
        self.paragraph(
            "How each figure is worked out, and the settings it uses. Working days are Monday to Friday, "
            "not counting the bank holidays of England and Wales."
        )
        for title, items in sections:
            self.heading(title, 2)
            for item in items:
                paragraph = self.paragraph()
                paragraph.add_run(item["title"]).bold = True
                paragraph.add_run(f" ({item['unit']}; {item['direction']}). {item['text']}{_settings(item)}")

    def table(
        self,
        caption: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        numeric: Container[int] | None = None,
    ) -> Table:
        """A table with a header row repeated on each page; the `numeric` columns (by
        default every one after the first) right-aligned, as figures are."""
        # All rows at once: python-docx's add_row copies and measures the table each time.
        table = self.document.add_table(rows=1 + len(rows), cols=len(columns))
        if TABLE in self.styles:
            table.style = self.styles[TABLE]
        for index, row in enumerate(table.rows):
            _keep_rows_whole(row, header=index == 0)
            values = rows[index - 1] if index else columns
            for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                # A new cell holds one empty paragraph: fill it rather than replace it.
                run = cell.paragraphs[0].add_run(text)
                if index == 0:
                    run.bold = True
                elif column in (numeric if numeric is not None else range(1, len(columns))):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # The table's title for screen readers (Word's table Alt Text); Word wants it
        # after w:tblLook, the last of the properties python-docx writes.
        title = OxmlElement("w:tblCaption")
        title.set(qn("w:val"), caption)
        table._tbl.tblPr.append(title)
        return table


def _next_drawing_id(document: Document) -> int:
    """The first id after every one in the body and every drawing's in the headers and
    footers: Word wants drawing ids unique across them all, and a council's template
    often has a logo in its header."""
    ids = [document.part.next_id - 1]
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            ids += [int(value) for value in _DRAWING_IDS(part.element) if value.isdigit()]
    return max(ids) + 1


def _keep_rows_whole(row: _Row, header: bool = False) -> None:
    """Keep a row on one page; repeat a header row at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


# --- text -----------------------------------------------------------------------------


def _about(report: Report) -> str:
    period = report.period
    # Not strftime's %-d: Windows, where councils run this, does not know it.
    dates = f"{period.start.day} {period.start:%B %Y} to {period.end.day} {period.end:%B %Y}."
    return f"{dates} {report.privacy}"


def _number(value: float) -> str:
    """A numerator or denominator: whole with commas, or 1 dp for full-time equivalents."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _settings(item: dict) -> str:
    """The glossary's note of the settings an indicator uses, and any changed from the default."""
    notes = []
    for p in item["parameters"]:
        changed = f" (the catalogue's default is {p['default']})" if p["changed"] else ""
        notes.append(f" Setting {p['name']}: {p['value']}{changed}.")
    return "".join(notes)
