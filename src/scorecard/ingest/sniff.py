"""Telling what a file is from its first bytes."""

from __future__ import annotations

import csv
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from scorecard.ingest.records import Sniff
from scorecard.ingest.safexml import prolog_root

HEAD_BYTES = 64 * 1024
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files and of encrypted .xlsx


def sniff(path: Path) -> Sniff:
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if head.startswith((ZIP, OLE2)):
        return _workbook(path, head)
    text = decode(head, partial=True) if b"\x00" not in head[:1024] else ""
    stripped = text.lstrip("\ufeff \t\r\n")
    xml_root = prolog_root(head) if stripped.startswith("<") else None
    csv_header = None
    if text and xml_root is None:
        first_line = stripped.splitlines()[0] if stripped else ""
        if "," in first_line:
            csv_header = tuple(cell.strip() for cell in next(csv.reader([first_line])))
    return Sniff(text, xml_root, csv_header)


def decode(data: bytes, partial: bool = False) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A head cut through a multi-byte character is still UTF-8.
        if partial and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8-sig")
        return data.decode("cp1252", errors="replace")


def _workbook(path: Path, head: bytes) -> Sniff:
    """A spreadsheet's sheet names, or why it cannot be opened."""
    try:
        return Sniff("", None, None, tuple(CalamineWorkbook.from_path(str(path)).sheet_names))
    except PasswordError:
        problem = "the workbook is protected by a password: save a copy without the password and load that"
    except (CalamineError, OSError, ValueError) as error:
        if head.startswith(OLE2) and "EncryptedPackage".encode("utf-16-le") in path.read_bytes()[: 16 << 20]:
            problem = "the workbook is protected by a password: save a copy without the password and load that"
        elif head.startswith(ZIP):
            problem = f"the file looks like an Excel workbook but cannot be opened ({error}); it may be damaged"
        else:
            problem = None
    return Sniff("", None, None, None, problem)
