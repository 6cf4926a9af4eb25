"""Turning a record's text into typed values, checked against the canonical model:
types, required fields and code lists for the collection year. Written once for
every reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from scorecard.codes import CodeList, code_list
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
        self._plans: dict[str, _TablePlan] = {}
        self._codes_seen: dict[tuple[str, str], bool] = {}

    def convert(self, record: RawRecord) -> tuple[list[object], list[Finding]]:
        """The record's values, typed, in the order of the table's domain columns,
        and what is wrong with them."""
        plan = self._plans.get(record.table) or self._plan(record.table)
        given = record.values
        if not plan.allowed.issuperset(given):
            unknown = sorted(set(given) - plan.allowed)
            raise KeyError(f"reader gave {record.table} columns it does not have: {unknown}")
        values: list[object] = []
        problems: list[Finding] = []
        for field in plan.fields:
            text = given.get(field.column.name)
            if text:
                text = text.strip()
            if not text:
                values.append(None)
                if field.column.required:
                    problems.append(self._finding("missing_value", record, field.column, ""))
                continue
            try:
                value = field.parse(text) if field.parse else text
            except ValueError:
                values.append(None)
                problems.append(self._type_finding(record, field.column, text))
                continue
            values.append(value)
            if field.codes is not None and not self._known(field.codes, text):
                details = {"codes": field.codes.title, "in_year": self.year_label}
                problems.append(self._finding("unknown_code", record, field.column, text, **details))
            if field.words_for_flags and text.lower() in ("true", "false"):
                reading = "yes" if value else "no"
                problems.append(self._finding("boolean_words", record, field.column, text, reading=reading))
        for start, end in plan.spans:
            if values[start] and values[end] and values[end] < values[start]:
                problems.append(self._span_finding(record, plan, start, end, values))
        return values, problems

    def _known(self, codes: CodeList, text: str) -> bool:
        """Whether the code is in the list for this file's year, remembered: a file
        repeats a few codes hundreds of thousands of times."""
        found = self._codes_seen.get((codes.name, text))
        if found is None:
            found = self._codes_seen[codes.name, text] = codes.valid(text, self.year)
        return found

    def _plan(self, table_name: str) -> _TablePlan:
        table = schema().tables[table_name]
        columns = table.domain_columns
        position = {c.name: i for i, c in enumerate(columns)}
        fields = [
            _Field(
                c,
                PARSERS.get(c.type),
                code_list(name) if (name := c.codes_for(self.source)) else None,
                c.type == "bool" and self.source == "CIN",
            )
            for c in columns
        ]
        plan = _TablePlan(
            table=table,
            allowed=frozenset(table.column_names),
            fields=fields,
            spans=[(position[start], position[end]) for start, end in table.spans],
        )
        self._plans[table_name] = plan
        return plan

    def _span_finding(self, record: RawRecord, plan: _TablePlan, start: int, end: int, values: list) -> Finding:
        """Dates that end a span may not come before the dates that start it."""
        start_column, end_column = plan.fields[start].column, plan.fields[end].column
        details = {"start_field": _field_name(start_column, self.source), "start": str(values[start])}
        return self._finding("end_before_start", record, end_column, str(values[end]), **details)

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


@dataclass(frozen=True)
class _Field:
    column: Column
    parse: Callable[[str], object] | None  # None: kept as text
    codes: CodeList | None
    words_for_flags: bool  # "true"/"false" where the return wants 1/0


@dataclass(frozen=True)
class _TablePlan:
    """What converting a table's records needs, worked out once per file."""

    table: Table
    allowed: frozenset[str]
    fields: list[_Field]
    spans: list[tuple[int, int]]


def parse_flag(text: str) -> bool:
    lowered = text.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(text)


PARSERS: dict[str, Callable[[str], object]] = {"date": parse_date, "bool": parse_flag, "int": int, "decimal": float}


def _field_name(column: Column, source: str) -> str:
    """The name a user knows the field by: the return's own item name where there is one."""
    item = column.ssd if source == "SSD" else column.items.get(source)
    return f"{item} ({column.name})" if item and item != column.name else column.name
