"""Reader of the SSDA903 return in its XML form (<EXPSSDA903><CHILD><HEADER>...
<EPISODE>...), streamed one child at a time. Each part of a child becomes the
record the matching CSV file would hold; the collection year comes from the
folder or file name, as for the CSV files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from scorecard.ingest.records import FileInfo, RawBatch, RawRecord, Sniff, gathered
from scorecard.ingest.safexml import iter_elements
from scorecard.ingest.ssda903_csv import ssda903_record
from scorecard.ingest.tabular import collection_year_in

# Parts of a child in the XML, and the CSV file each stands for.
REPEATED = {"AREVIEW": "reviews", "AMISSING": "missing", "AD_PLACED": "placed_for_adoption"}
# Items in the XML that the CSV files name differently.
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}


class Ssda903XmlReader:
    title = "SSDA903 (XML)"

    def recognises(self, sniff: Sniff) -> bool:
        return sniff.xml_root == "EXPSSDA903"

    def info(self, path: Path, sniff: Sniff) -> FileInfo:
        return FileInfo(kind="ssda903_xml", source="903", collection_year=collection_year_in(path))

    def batches(self, path: Path, info: FileInfo) -> Iterator[RawBatch]:
        return gathered(self._records(path, info))

    def _records(self, path: Path, info: FileInfo) -> Iterator[RawRecord]:
        for number, child in enumerate(iter_elements(path, ("CHILD",)), start=1):
            yield from _child(child, f"CHILD[{number}]", info)


def _child(child: etree._Element, where: str, info: FileInfo) -> Iterator[RawRecord]:
    header = child.find("HEADER")
    if header is None:
        return
    items = _items(header)
    person = {k: items.get(k) for k in ("CHILD", "SEX", "DOB")}
    located = f"{where}/HEADER (line {header.sourceline})"
    yield ssda903_record("header", items, located, info)
    if items.get("DUC") or items.get("UASC") == "1":
        yield ssda903_record("uasc", items, located, info)
    if items.get("IN_TOUCH"):
        yield ssda903_record("oc3", items, located, info)
    if items.get("DATE_INT"):
        yield ssda903_record("ad1", items, located, info)
    for part, name in (("PERMANENCE", "previous_permanence"), ("OC2", "oc2")):
        node = header.find(part)
        if node is not None and len(node):
            yield ssda903_record(name, person | _items(node), f"{where}/{part} (line {node.sourceline})", info)
    for tag, name in REPEATED.items():
        for n, node in enumerate(header.iterfind(tag), start=1):
            yield ssda903_record(name, person | _items(node), f"{where}/{tag}[{n}] (line {node.sourceline})", info)
    for n, node in enumerate(child.iterfind("EPISODE"), start=1):
        located = f"{where}/EPISODE[{n}] (line {node.sourceline})"
        yield ssda903_record("episodes", {"CHILD": person["CHILD"]} | _items(node), located, info)


def _items(element: etree._Element) -> dict[str, str | None]:
    """The element's simple children as {item name: text}."""
    items = {}
    for node in element:
        if len(node) == 0 and isinstance(node.tag, str):
            text = (node.text or "").strip()
            items[RENAMED.get(node.tag, node.tag)] = text or None
    return items
