"""`scorecard benchmarks import`: published figures, populations and statistical
neighbours into the store, in one transaction. Every file is recognised by its
content; one scorecard cannot read stops the import and leaves the store as it was."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook

from scorecard.published.ees import read_measures, read_population
from scorecard.published.figures import PublishedFileError, Read
from scorecard.published.lait import read_lait
from scorecard.published.mapping import Mapping, mapping
from scorecard.published.neighbours import is_neighbour_table, read_neighbours
from scorecard.published.synthetic import HEADER as SYNTHETIC_HEADER
from scorecard.published.synthetic import read_synthetic
from scorecard.store.database import Store
from scorecard.store.schema import schema

# Files that come with the published data but hold nothing to store: said, not skipped.
REFERENCE_ONLY = {
    "lait_dictionary": "LAIT data dictionary",
    "ltla_lookup": "district to upper-tier LA lookup",
    "la_code_list": "LAIT list of LA codes (the EES files give them)",
}
SUFFIXES = (".csv", ".parquet", ".xlsx")


def import_files(store: Store, paths: Iterable[Path], progress: Callable[[str], None] | None = None) -> list[Read]:
    files = _files(paths)
    known = mapping()
    kinds = {path: _kind(path, known) for path in files}
    # Populations first: the rates per 10,000 of the other files divide by them.
    populations = {p: read_population(p, known) for p in files if kinds[p] == "population"}
    population = _population(store, list(populations.values()))
    reads = []
    for path in files:
        if progress:
            progress(path.name)
        reads.append(populations.get(path) or _read(path, kinds[path], known, population))
    _store(store, reads)
    return reads


def _files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise PublishedFileError(f"{path}: there is no such file or folder")
    return files


def _kind(path: Path, known: Mapping) -> str:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "lait"
    header = _header(path)
    if is_neighbour_table(header):
        return "neighbours"
    if suffix == ".csv":
        names = set(header)
        if names >= SYNTHETIC_HEADER:
            return "synthetic"
        if {"Measure_code", "Polarity"} <= names:
            return "lait_dictionary"
        if "LTLA23CD" in names:
            return "ltla_lookup"
        if {"time_period", "geographic_level"} <= names:
            if path.name.startswith(known.population):
                return "population"
            if known.ees_file(path.name):
                return "ees"
            if known.other_file(path.name):
                return "other"
    if suffix == ".xlsx" and {"LA Number", "LA Name"} <= set(header):
        return "la_code_list"
    raise PublishedFileError(
        f"{path}: not a file scorecard can import as benchmarks (EES statistics CSVs, the LAIT long table, "
        "the statistical neighbour model, or a synthetic benchmarks file)"
    )


def _header(path: Path) -> list[str]:
    """The first row that looks like a header (a spreadsheet may have titles above it)."""
    if path.suffix.lower() == ".xlsx":
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(nrows=10)
        return next((list(map(str, r)) for r in rows if is_neighbour_table(list(map(str, r)))), list(map(str, rows[0])))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def _read(path: Path, kind: str, known: Mapping, population: dict[tuple[str, int], int]) -> Read:
    if kind == "lait":
        return read_lait(path, known)
    if kind == "neighbours":
        return read_neighbours(path)
    if kind == "synthetic":
        return read_synthetic(path, known)
    if kind == "ees":
        spec = known.ees_file(path.name)
        return read_measures(path, spec, known, lambda code, year: population.get((code, year)))
    reason = known.other_file(path.name) if kind == "other" else REFERENCE_ONLY[kind]
    count = _data_rows(path)
    return Read(str(path), "reference", rows_read=count, rows_not_used=count, note=f"nothing stored: {reason}")


def _data_rows(path: Path) -> int:
    if path.suffix.lower() == ".xlsx":
        return max(len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()) - 1, 0)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _population(store: Store, reads: list[Read]) -> dict[tuple[str, int], int]:
    held = store.con.execute("SELECT la_code, mid_year, population FROM population").fetchall()
    population = {(code, year): count for code, year, count in held}
    population |= {(p.la_code, p.mid_year): p.population for read in reads for p in read.population}
    return population


def _store(store: Store, reads: list[Read]) -> None:
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        for read in reads:
            con.execute("DELETE FROM benchmark WHERE source = ?", [Path(read.path).name])
        _replace(con, "benchmark", [f for read in reads for f in read.figures])
        _replace(con, "area", sorted({a for read in reads for a in read.areas}))
        _replace(con, "population", [p for read in reads for p in read.population])
        _replace(con, "neighbour", [n for read in reads for n in read.neighbours])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _replace(con: duckdb.DuckDBPyConnection, name: str, rows: list[tuple]) -> None:
    """Insert rows, replacing any held under the same key (a file imported again, or
    two editions of the same neighbour list)."""
    if not rows:
        return
    table = schema().tables[name]
    columns = [c.name for c in table.columns]
    incoming = pa.Table.from_pylist(
        [dict(zip(columns, row, strict=True)) | {"_order": i} for i, row in enumerate(rows)]
    )
    con.register("incoming", incoming)
    try:
        key = ", ".join(table.key)
        con.execute(f"DELETE FROM {name} WHERE ({key}) IN (SELECT ({key}) FROM incoming)")
        # Where two files give the same key, the one imported later wins.
        con.execute(
            f"INSERT INTO {name} SELECT {', '.join(columns)} FROM incoming "
            f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _order DESC) = 1"
        )
    finally:
        con.unregister("incoming")
