"""Turning a record's text into typed values, checked against the canonical model:
types, required fields and code lists for the collection year. Written once for
every reader."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from scorecard.codes import code_list
from scorecard.findings import Finding, finding
from scorecard.ingest.records import RawRecord
from scorecard.store.schema import Column, Table, schema

TRUE = frozenset({"1", "1.0", "true", "t", "y", "yes"})
FALSE = frozenset({"0", "0.0", "false", "f", "n", "no"})


@lru_cache(maxsize=65_536)
def parse_date(text: str) -> date:
    """YYYY-MM-DD (CIN, SSD), DD/MM/YYYY (903), or either with a midnight time
    as spreadsheets save them. Raises ValueError for anything else."""
    value = text.strip()
    for suffix in (" 00:00:00", "T00:00:00"):
        value = value.removesuffix(suffix)
    if len(value) == 10 and value[2] == "/" and value[5] == "/":
        return datetime.strptime(value, "%d/%m/%Y").date()
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value)
    raise ValueError(value)


def iso_date_text(text: str | None) -> str:
    """A date as YYYY-MM-DD when it can be read, else the text as it was (for ids)."""
    if not text:
        return ""
    try:
        return parse_date(text).isoformat()
    except ValueError:
        return text.strip()


class Converter:
    """Converts the records of one file; `year` is its collection year (2023 for
    2023-24), used to check codes, or None for extracts with no year."""

    def __init__(self, file: str, source: str, year: int | None) -> None:
        self.file = file
        self.source = source
        self.year = year
        self.year_label = f" in {year}-{(year + 1) % 100:02d}" if year else ""

    def convert(self, record: RawRecord) -> tuple[dict[str, object], list[Finding]]:
        table = schema().tables[record.table]
        unknown = set(record.values) - set(table.column_names)
        if unknown:
            raise KeyError(f"reader gave {record.table} columns it does not have: {sorted(unknown)}")
        row: dict[str, object] = {}
        problems: list[Finding] = []
        for column in table.domain_columns:
            text = record.values.get(column.name)
            text = text.strip() if isinstance(text, str) else text
            if not text:
                row[column.name] = None
                if column.required:
                    problems.append(self._finding("missing_value", record, column, ""))
                continue
            try:
                row[column.name] = _typed(column, text)
            except ValueError:
                problems.append(self._type_finding(record, column, text))
                continue
            codes_name = column.codes_for(self.source)
            if codes_name and not code_list(codes_name).valid(text, self.year):
                codes = code_list(codes_name).title
                problems.append(
                    self._finding("unknown_code", record, column, text, codes=codes, in_year=self.year_label)
                )
            if column.type == "bool" and self.source == "CIN" and text.lower() in ("true", "false"):
                reading = "yes" if row[column.name] else "no"
                problems.append(self._finding("boolean_words", record, column, text, reading=reading))
        problems.extend(self._spans(record, table, row))
        return row, problems

    def _spans(self, record: RawRecord, table: Table, row: dict[str, object]) -> list[Finding]:
        """Dates that end a span may not come before the dates that start it."""
        problems = []
        for start, end in table.spans:
            if row.get(start) and row.get(end) and row[end] < row[start]:
                start_field = _field_name(table.column(start), self.source)
                details = {"start_field": start_field, "start": str(row[start])}
                problems.append(self._finding("end_before_start", record, table.column(end), str(row[end]), **details))
        return problems

    def _type_finding(self, record: RawRecord, column: Column, text: str) -> Finding:
        if column.type == "date":
            return self._finding("bad_date", record, column, text, expected="YYYY-MM-DD or DD/MM/YYYY")
        if column.type == "bool":
            return self._finding("bad_flag", record, column, text)
        return self._finding("bad_number", record, column, text)

    def _finding(self, code: str, record: RawRecord, column: Column, text: str, **details: str) -> Finding:
        return finding(
            code,
            self.file,
            record.location,
            child_id=record.child_id,
            field=_field_name(column, self.source),
            value=text,
            **details,
        )


def _typed(column: Column, text: str) -> object:
    if column.type == "date":
        return parse_date(text)
    if column.type == "bool":
        lowered = text.lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise ValueError(text)
    if column.type == "int":
        return int(text)
    if column.type == "decimal":
        return float(text)
    return text


def _field_name(column: Column, source: str) -> str:
    """The name a user knows the field by: the return's own item name where there is one."""
    item = column.ssd if source == "SSD" else column.items.get(source)
    return f"{item} ({column.name})" if item and item != column.name else column.name
