"""The report as one self-contained HTML file: styles, charts (inline SVG) and data
tables in the page, nothing fetched from a network, and printable. Written to meet
WCAG 2.2 AA: headings in order, a skip link, tables with captions and header cells,
RAG and bands in words as well as colour, colours with enough contrast."""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from scorecard.outputs.charts import Chart, format_figure
from scorecard.outputs.model import COMPARISON_COLUMNS, RAG_WORDS, Report


def inline_svg(chart: Chart) -> Markup:
    # Trusted markup: vl-convert renders it from our own spec and escapes the text in it.
    return Markup(chart.svg())


def render_html(report: Report, picture: Callable[[Chart], Markup] = inline_svg) -> str:
    """The page; `picture` places each chart in it (the PDF puts a PNG where the page has SVG)."""
    environment = Environment(
        loader=PackageLoader("scorecard.outputs", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["figure"] = lambda value, unit: format_figure(value, unit)
    environment.filters["picture"] = picture
    return environment.get_template("report.html.j2").render(
        report=report, rag_words=RAG_WORDS, comparison_columns=COMPARISON_COLUMNS
    )
