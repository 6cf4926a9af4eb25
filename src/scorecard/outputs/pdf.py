"""The report as a tagged, accessible PDF (PDF/UA-1), printed by WeasyPrint from the
same HTML page as the HTML format, so the two cannot disagree. A4 pages numbered
"Page N of M", chart data tables shown rather than folded away, and nothing fetched:
the charts are PNG pictures handed over with the page, and any other reference is
refused.

Charts go in as pictures rather than the page's inline SVG: WeasyPrint would parse,
style and draw every one of an SVG's few hundred elements and text labels, which was
most of the time a report took, and a picture's `alt` becomes the PDF figure's
alternative text."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from scorecard.outputs.charts import Chart
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
h2, h3, caption, figure > img { break-after: avoid !important; }
figure > img { display: block; width: 100%; }
figcaption { break-inside: avoid; }
details > summary { display: none !important; }
details table { display: table !important; }
.wide { overflow: visible !important; }
details table { font-size: 9pt; }
th, td { padding: 0.15rem 0.4rem !important; }
td.number { white-space: nowrap; }
tr { break-inside: avoid; }
"""
PICTURE_SCHEME = "chart:"


class _Pictures(URLFetcher):
    """Hands WeasyPrint the charts' PNGs by name and refuses every other URL."""

    def __init__(self, pictures: dict[str, bytes]) -> None:
        super().__init__()
        self.pictures = pictures

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url in self.pictures:
            return URLFetcherResponse(url, self.pictures[url], {"Content-Type": "image/png"})
        return self.refuse(url)

    @staticmethod
    def refuse(url: str) -> NoReturn:
        raise ValueError(f"the PDF fetches nothing, refused: {url}")


def write_pdf(report: Report, path: Path) -> Path:
    """Write the report to path as a PDF/UA-1 file and return the path."""
    return print_pdf(*printable(report), path)


def printable(report: Report) -> tuple[str, dict[str, bytes]]:
    """The page to print, with a picture named in it for each chart, and the pictures."""
    pictures: dict[str, bytes] = {}

    def picture(chart: Chart) -> Markup:
        name = f"{PICTURE_SCHEME}{len(pictures) + 1}"
        pictures[name] = chart.png()
        return Markup('<img src="{}" alt="{}">').format(name, chart.alt)

    return render_html(report, picture), pictures


def print_pdf(page: str, pictures: dict[str, bytes], path: Path) -> Path:
    """Print a page from `printable` to path; needs nothing but its arguments, so it can
    run in a process of its own while the other formats are written."""
    html = HTML(string=page, base_url=None, url_fetcher=_Pictures(pictures))
    html.write_pdf(path, stylesheets=[CSS(string=PRINT_CSS)], pdf_variant="pdf/ua-1", pdf_tags=True)
    return path
