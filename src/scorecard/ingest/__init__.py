"""Reading the returns: one reader per format, registered here in one list.

The first reader that recognises a file (by its content: root element, header
row) reads it. Type conversion, code lists, row accounting and the load
transaction are shared (convert.py, load.py).
"""

from __future__ import annotations

from scorecard.ingest.annex_a import AnnexAReader
from scorecard.ingest.cin_census import CinCensusReader
from scorecard.ingest.csww import CswwReader
from scorecard.ingest.local_measures import LocalMeasuresReader
from scorecard.ingest.records import Reader, Sniff
from scorecard.ingest.ssd_csv import SsdCsvReader
from scorecard.ingest.ssda903_csv import Ssda903CsvReader
from scorecard.ingest.ssda903_xml import Ssda903XmlReader

READERS: list[Reader] = [
    CinCensusReader(),
    CswwReader(),
    Ssda903CsvReader(),
    Ssda903XmlReader(),
    LocalMeasuresReader(),
    SsdCsvReader(),
    AnnexAReader(),
]


def reader_for(sniff: Sniff) -> Reader | None:
    return next((reader for reader in READERS if reader.recognises(sniff)), None)
