"""Before anything is loaded: which files, what each one is, which LA and year it
belongs to, and whether it has been loaded already."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from scorecard.findings import finding
from scorecard.ingest import reader_for
from scorecard.ingest.report import FileReport
from scorecard.ingest.safexml import DOCTYPE, XmlProblem, check_schema
from scorecard.ingest.sniff import sniff
from scorecard.store.database import Store

# Returns that must say which collection year they are for, and how to say it.
YEARLY_SOURCES = {
    "CIN": "the file's header gives no valid ReferenceDate (YYYY-MM-DD), so its collection year is unknown",
    "CSWW": "the file's header gives no valid ReferenceDate (YYYY-MM-DD), so its census date is unknown",
    "903": "SSDA903 files need a collection year: put them in a folder named like 2023-24, or give --year",
}


class PlanError(Exception):
    """The files cannot be loaded as asked; the message says why."""


def plan(
    store: Store, paths: Iterable[Path], la_code: str | None, year: str | None, xsd: Path | None
) -> list[FileReport]:
    files = expand(paths)
    # Checksums are worked out beside the sniffing: hashlib lets other threads run, and a
    # national load checksums some eight gigabytes.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        checksums = [pool.submit(_sha256, path) for path, _ in files]
        reports = [_plan_file(path, explicit, year, xsd) for path, explicit in files]
        for report, checksum in zip(reports, checksums, strict=True):
            if report.reader is not None:
                report.sha256 = _checksum(checksum)
    _resolve_la(store, reports, la_code)
    _mark_unchanged(store, reports)
    return reports


def expand(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Files to read, each with whether it was named on its own (not found in a folder)."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            files.extend((p, False) for p in found)
        elif path.is_file():
            files.append((path, True))
        else:
            raise PlanError(f"{path}: there is no such file or folder")
    return files


def _plan_file(path: Path, explicit: bool, year: str | None, xsd: Path | None) -> FileReport:
    report = FileReport(path, explicit=explicit)
    where = str(path)
    try:
        if path.stat().st_size == 0:
            report.fail(finding("empty_file", where))
            return report
        head = sniff(path)
        if head.problem:
            report.fail(finding("workbook_unreadable", where, detail=head.problem))
            return report
        if head.xml_root == DOCTYPE:
            raise XmlProblem("the file declares a document type (DTD), which a return never has: refused")
        report.reader = reader_for(head)
        if report.reader is None:
            detail = "its content matches none of the returns or extracts scorecard knows"
            report.findings.append(finding("unrecognised_file", where, detail=detail))
            report.status = "failed" if explicit else "skipped"
            return report
        report.title = report.reader.title
        report.info = report.reader.info(path, head)
        if xsd and head.xml_root:
            problem = check_schema(path, xsd)
            if problem:
                report.fail(finding("schema_invalid", where, schema=xsd.name, detail=problem))
    except (OSError, XmlProblem) as error:
        report.fail(finding("unreadable_file", where, detail=str(error)))
        return report
    info = report.info
    for problem in info.problems:
        report.fail(problem)
    if year and info.collection_year is None and info.source == "903":
        info.collection_year = year
    if info.collection_year is None and info.source in YEARLY_SOURCES:
        report.fail(finding("unreadable_file", where, detail=YEARLY_SOURCES[info.source]))
    return report


def _resolve_la(store: Store, reports: list[FileReport], la_code: str | None) -> None:
    """Files that do not name their LA (903, extracts, Annex A) take it from --la, else
    from the files that do name one in the nearest folder holding them (an LA's files
    kept together, as a regional or national load has them), else from the one LA the
    other files or the store hold."""
    named = {r.info.la_code for r in reports if r.info and r.info.la_code}
    known = {row[0] for row in store.con.execute("SELECT DISTINCT la_code FROM source_file").fetchall()}
    default = la_code or (next(iter(named)) if len(named) == 1 else None)
    if default is None and not named and len(known) == 1:
        default = next(iter(known))
    in_folder = _las_by_folder(reports)
    for report in reports:
        if report.info is None or report.info.la_code:
            continue
        found = la_code or _nearest_la(report.path, in_folder) or default
        if found:
            report.info.la_code = found
        elif report.status == "loaded":
            detail = "this file does not say which LA it belongs to; give --la with the LA's 3-digit code"
            report.fail(finding("no_la_code", str(report.path), detail=detail))


def _las_by_folder(reports: list[FileReport]) -> dict[Path, set[str]]:
    """The LAs named by the files under each folder."""
    found: dict[Path, set[str]] = {}
    for report in reports:
        if report.info and report.info.la_code:
            for folder in report.path.resolve().parents:
                found.setdefault(folder, set()).add(report.info.la_code)
    return found


def _nearest_la(path: Path, in_folder: dict[Path, set[str]]) -> str | None:
    """The LA of the nearest folder above `path` whose files name any, if just one."""
    for folder in path.resolve().parents:
        las = in_folder.get(folder)
        if las:
            return next(iter(las)) if len(las) == 1 else None
    return None


def _mark_unchanged(store: Store, reports: list[FileReport]) -> None:
    held = set(store.con.execute("SELECT sha256, kind, la_code FROM source_file WHERE NOT replaced").fetchall())
    for report in reports:
        if report.status == "loaded" and (report.sha256, report.info.kind, report.info.la_code) in held:
            report.status = "unchanged"


def _checksum(pending: Future) -> str:
    """The file's checksum, or "" where it could not be read (its report says why)."""
    try:
        return pending.result()
    except OSError:
        return ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
