"""The report as an Excel workbook: the summary, a sheet per section (one row per
indicator, figures as numbers, commentary as text), the tidy data (the judged
results table, every column), and for internal reports the exception lists. Text
that a spreadsheet could take for a formula (starting =, +, -, @, tab or carriage
return) is prefixed with an apostrophe, as OWASP advises against CSV injection."""

from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter

from scorecard.judge.table import rows as judged_rows
from scorecard.outputs.model import Report

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SECTION_COLUMNS = (
    "Indicator",
    "Period",
    "Figure",
    "Numerator",
    "Denominator",
    "Unit",
    "Target",
    "RAG",
    "Previous period",
    "Previous figure",
    "Change since previous",
    "Same period last year",
    "Change since last year",
    "Benchmark year",
    "England",
    "Region",
    "Neighbours' average",
    "Quartile band",
    "Commentary",
)


def safe(value: object) -> object:
    """A cell's value, with text that could be read as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_xlsx(report: Report, path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    summary = book.add_worksheet("Summary")
    lines = [report.title, report.privacy, "", report.summary.headline, "", "Performing well"]
    lines += report.summary.performing_well
    lines += ["", "Areas for focus", *report.summary.areas_for_focus]
    summary.set_column(0, 0, 120, wrap)
    for row, line in enumerate(lines):
        summary.write_string(
            row, 0, safe(line), bold if line in (report.title, "Performing well", "Areas for focus") else wrap
        )
    for section in report.sections:
        sheet = book.add_worksheet(_sheet_name(section.title))
        _table(sheet, bold, SECTION_COLUMNS, [_section_row(e) for e in section.entries])
        sheet.set_column(0, 0, 45, wrap)
        sheet.set_column(len(SECTION_COLUMNS) - 1, len(SECTION_COLUMNS) - 1, 90, wrap)
    data = judged_rows(list(report.judged))
    _table(book.add_worksheet("Data"), bold, tuple(data[0]) if data else (), [tuple(r.values()) for r in data])
    notes = book.add_worksheet("Data notes")
    _table(notes, bold, ("About", "Note"), [(heading, line) for heading, lines in report.notes.parts for line in lines])
    notes.set_column(0, 0, 35, wrap)
    notes.set_column(1, 1, 120, wrap)
    for listed in report.exceptions:
        sheet = book.add_worksheet(_sheet_name(f"Exceptions {listed.indicator_id}"))
        _table(sheet, bold, listed.columns, list(listed.rows))
    book.close()
    return path


def _section_row(e) -> tuple:
    j, r, c = e.judgement, e.judgement.result, e.judgement.comparison
    return (
        e.title,
        e.of,
        r.shown or r.value,
        r.numerator,
        r.denominator,
        r.unit,
        j.target.value if j.target else None,
        j.rag,
        j.previous.of if j.previous else None,
        (j.previous.shown or j.previous.value) if j.previous else None,
        j.vs_previous,
        (j.last_year.shown or j.last_year.value) if j.last_year else None,
        j.vs_last_year,
        c.year if c else None,
        c.england if c else None,
        c.region if c else None,
        c.neighbours_mean if c else None,
        c.quartile_band if c else None,
        e.text,
    )


def _table(sheet, bold, columns: tuple[str, ...], rows: list[tuple]) -> None:
    for col, name in enumerate(columns):
        sheet.write_string(0, col, name, bold)
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            _cell(sheet, row, col, value)
    sheet.freeze_panes(1, 0)


def _cell(sheet, row: int, col: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, safe(str(value)))


def _sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
