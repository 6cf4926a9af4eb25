"""Reading XML safely and in constant memory.

Returns are parsed with entity resolution off, no network access and no DTD
loading, and a document type declaration is refused before parsing starts: a
return never needs one, and it is where external entities and entity-expansion
bombs live.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from lxml import etree

from scorecard.dates.periods import financial_year_label
from scorecard.ingest.records import FileInfo

DOCTYPE = "!DOCTYPE"
_NAME = re.compile(rb"<([A-Za-z_][\w.-]*)")


class XmlProblem(ValueError):
    """An XML file that cannot be read; the message says why."""


class UnsafeXml(XmlProblem):
    """The file declares a document type (DTD), which a return never needs."""


def prolog_root(head: bytes) -> str | None:
    """The root element's name, found past the declaration and comments; DOCTYPE
    if a document type declaration comes first; None if there is no element."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    while text.startswith((b"<?", b"<!--")):
        closing = b"?>" if text.startswith(b"<?") else b"-->"
        end = text.find(closing)
        if end < 0:
            return None
        text = text[end + len(closing) :].lstrip()
    if text.startswith(b"<!"):
        return DOCTYPE
    match = _NAME.match(text)
    return match[1].decode("ascii", "replace") if match else None


def iter_elements(path: Path, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Yield each element with one of `tags` when it is complete, then free it."""
    with path.open("rb") as file:
        if prolog_root(file.read(64 * 1024)) == DOCTYPE:
            raise UnsafeXml("the file declares a document type (DTD), which a return never has")
    parser = etree.iterparse(
        str(path),
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        for _, element in parser:
            yield element
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise XmlProblem(f"the XML is broken at line {error.lineno}: {error.msg}") from None


def text_of(element: etree._Element | None, path: str) -> str | None:
    """The trimmed text at `path` below `element`, or None when absent or empty."""
    node = element.find(path) if element is not None else None
    text = (node.text or "").strip() if node is not None else ""
    return text or None


def read_header(path: Path, info: FileInfo) -> FileInfo:
    """Fill in the LA and collection year from a DfE XML return's <Header>."""
    for header in iter_elements(path, ("Header",)):
        info.la_code = text_of(header, "Source/LEA")
        info.reference_date = text_of(header, "CollectionDetails/ReferenceDate")
        try:
            info.collection_year = financial_year_label(date.fromisoformat(info.reference_date or ""))
        except ValueError:
            info.reference_date = None
        break
    return info


def check_schema(path: Path, xsd: Path) -> str | None:
    """The first way the file breaks the schema, or None when it is valid. Streamed:
    the file is checked as it is read, never held whole in memory."""
    try:
        schema = etree.XMLSchema(etree.parse(str(xsd), etree.XMLParser(resolve_entities=False, no_network=True)))
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as error:
        raise XmlProblem(f"the schema {xsd.name} cannot be read: {error}") from None
    parser = etree.iterparse(str(path), events=("end",), schema=schema, resolve_entities=False, no_network=True)
    try:
        for _, element in parser:
            element.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        return f"line {error.lineno}: {error.msg}"
    return None
