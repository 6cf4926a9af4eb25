"""Writing a report in the formats asked for, each file named for the LA, the period
and the audience, so a public and an internal version never overwrite each other."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from scorecard.outputs.docx import write_docx
from scorecard.outputs.drawing import draw_all
from scorecard.outputs.html import render_html
from scorecard.outputs.model import Report
from scorecard.outputs.pdf import print_pdf, printable, write_pdf
from scorecard.outputs.xlsx import write_xlsx
from scorecard.workers import start


def _html(report: Report, path: Path, template: Path | None) -> Path:
    path.write_text(render_html(report), encoding="utf-8")
    return path


# Each takes the report, the file to write and the LA's Word template (used by docx only).
WRITERS: dict[str, Callable[[Report, Path, Path | None], Path]] = {
    "html": _html,
    "pdf": lambda report, path, template: write_pdf(report, path),
    "docx": write_docx,
    "xlsx": lambda report, path, template: write_xlsx(report, path),
}
FORMATS = tuple(WRITERS)


def write(report: Report, formats: list[str], out: Path, template: Path | None = None) -> list[Path]:
    """Each format asked for; the Word document starts from the LA's `template` if given."""
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ValueError(f"'{', '.join(unknown)}' is not a report format: choose from {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    draw_all(chart.spec for chart in report.charts)
    stem = "-".join(_slug(part) for part in (report.la_name, report.period.display_label, report.audience))
    printing = None
    if "pdf" in formats and len(formats) > 1:
        # The PDF takes longest: it is laid out in a process of its own, on the other
        # core, while the other formats are written here.
        printing = start(print_pdf, *printable(report), out / f"{stem}.pdf")
    written = {f: WRITERS[f](report, out / f"{stem}.{f}", template) for f in formats if f != "pdf" or not printing}
    if printing:
        written["pdf"] = printing.result()
    return [written[f] for f in formats]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
