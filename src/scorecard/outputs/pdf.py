"""The report as a tagged, accessible PDF (PDF/UA-1), printed by WeasyPrint from the
same HTML page as the HTML format, so the two cannot disagree. A4 pages numbered
"Page N of M", chart data tables shown rather than folded away, and nothing fetched:
the page is self-contained, and any stray external reference is refused."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from scorecard.outputs.html import render_html
from scorecard.outputs.model import Report

# Print rules on top of the template's own @media print ones. WeasyPrint takes them as
# user stylesheets, which lose to the page's own (author) rules unless !important.
PRINT_CSS = """
@page {
  size: A4;
  margin: 16mm 15mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt Arial, Helvetica, sans-serif; }
}
main { max-width: none !important; padding: 0 !important; }
nav a::after { content: leader(".") " " target-counter(attr(href), page); }
h2, h3, caption, figure > svg { break-after: avoid !important; }
figure > svg { display: block; max-width: 100% !important; height: auto !important; }
figcaption { break-inside: avoid; }
details > summary { display: none !important; }
details > table { display: table !important; }
details table { font-size: 9pt; }
th, td { padding: 0.15rem 0.4rem !important; }
td.number { white-space: nowrap; }
tr { break-inside: avoid; }
"""


class _NoFetching(URLFetcher):
    """A URL fetcher that refuses every URL: the PDF is made from the page alone."""

    def fetch(self, url: str, headers: dict | None = None) -> NoReturn:
        raise ValueError(f"the PDF fetches nothing, refused: {url}")


def write_pdf(report: Report, path: Path) -> Path:
    """Write the report to path as a PDF/UA-1 file and return the path."""
    html = HTML(string=render_html(report), base_url=None, url_fetcher=_NoFetching())
    html.write_pdf(path, stylesheets=[CSS(string=PRINT_CSS)], pdf_variant="pdf/ua-1", pdf_tags=True)
    return path
