"""Turning records' text into typed values, checked against the canonical model:
types, required fields and code lists for the collection year. Written once for
every reader.

Records are converted a batch at a time, column by column: each distinct text in a
column is parsed and checked once (a column of a hundred thousand visit dates holds
a few thousand days; a code column a handful of codes), and the answers are spread
back over the rows by Arrow. Only the cells that have something wrong with them
are looked at one by one, to say what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

from scorecard.codes import CodeList, code_list
from scorecard.findings import Finding, finding
from scorecard.ingest.records import RawBatch
from scorecard.store.batches import ARROW_TYPES
from scorecard.store.schema import Column, Table, schema

TRUE = frozenset({"1", "1.0", "true", "t", "y", "yes"})
FALSE = frozenset({"0", "0.0", "false", "f", "n", "no"})

# What is wrong with a cell, as found for each distinct text of a column.
FINE, EMPTY, BAD_TYPE, UNKNOWN_CODE, WORDS = range(5)


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


def parse_flag(text: str) -> bool:
    lowered = text.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(text)


PARSERS: dict[str, Callable[[str], object]] = {"date": parse_date, "bool": parse_flag, "int": int, "decimal": float}


@dataclass
class Converted:
    """A batch converted: every row typed (a cell that could not be read is empty),
    which rows have errors (they go to quarantine, with their reasons), and every
    finding keyed by the record's place in the file and the field's in the table."""

    columns: dict[str, pa.Array]
    errors: pa.BooleanArray
    findings: list[tuple[int, int, Finding]] = field(default_factory=list)
    reasons: dict[int, list[str]] = field(default_factory=dict)


class Converter:
    """Converts the records of one file; `year` is its collection year (2023 for
    2023-24), used to check codes, or None for extracts with no year."""

    def __init__(self, file: str, source: str, year: int | None) -> None:
        self.file = file
        self.source = source
        self.year = year
        self.year_label = f" in {year}-{(year + 1) % 100:02d}" if year else ""
        self._plans: dict[str, _TablePlan] = {}

    def convert(self, batch: RawBatch) -> Converted:
        """The batch's values typed, in the table's domain columns, and what is wrong with them."""
        plan = self._plans.get(batch.table) or self._plan(batch.table)
        if not plan.allowed.issuperset(batch.columns):
            unknown = sorted(set(batch.columns) - plan.allowed)
            raise KeyError(f"reader gave {batch.table} columns it does not have: {unknown}")
        rows = len(batch.locations)
        converted = Converted({}, pa.array([False] * rows))
        for position, spec in enumerate(plan.fields):
            given = batch.columns.get(spec.column.name)
            if given is None:
                texts = pa.nulls(rows, pa.string())
            else:
                texts = given if isinstance(given, pa.Array) else pa.array(given, pa.string())
            values, problems = self._column(spec, texts)
            converted.columns[spec.column.name] = values
            for row, status, text in problems:
                self._note(converted, batch, row, position, spec, status, text)
        for offset, (start, end) in enumerate(plan.spans):
            self._spans(converted, batch, plan, start, end, len(plan.fields) + offset)
        if converted.reasons:
            converted.errors = _rows_marked(rows, converted.reasons)
        return converted

    def _column(self, spec: _Field, texts: pa.StringArray) -> tuple[pa.Array, list[tuple[int, int, str]]]:
        """One column typed, and the (row, status, text) of each cell with something wrong."""
        if spec.parse is None and spec.codes is None:
            return self._text_column(spec, texts)
        encoded = texts.dictionary_encode()
        distinct = encoded.dictionary.to_pylist()
        answers = [self._cell(spec, text) for text in distinct]
        values = pa.array([value for value, _, _ in answers], ARROW_TYPES[spec.column.type])
        statuses = pa.array([status for _, status, _ in answers] or [FINE], pa.int8())
        typed = values.take(encoded.indices)
        by_row = pc.fill_null(statuses.take(encoded.indices), EMPTY)
        watched = (FINE,) if spec.column.required else (FINE, EMPTY)
        flagged = pc.indices_nonzero(pc.invert(pc.is_in(by_row, pa.array(watched, pa.int8()))))
        problems = []
        for row in flagged.to_pylist():
            index = encoded.indices[row].as_py()
            status = by_row[row].as_py()
            problems.append((row, status, answers[index][2] if index is not None else ""))
        return typed, problems

    def _text_column(self, spec: _Field, texts: pa.StringArray) -> tuple[pa.Array, list[tuple[int, int, str]]]:
        trimmed = pc.utf8_trim_whitespace(texts)
        typed = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
        if not spec.column.required or typed.null_count == 0:
            return typed, []
        return typed, [(row, EMPTY, "") for row in pc.indices_nonzero(pc.is_null(typed)).to_pylist()]

    def _cell(self, spec: _Field, text: str) -> tuple[object, int, str]:
        """A distinct text's value, what is wrong with it, and the text as trimmed."""
        text = text.strip()
        if not text:
            return None, EMPTY, ""
        try:
            value = spec.parse(text) if spec.parse else text
        except ValueError:
            return None, BAD_TYPE, text
        if spec.codes is not None and not spec.codes.valid(text, self.year):
            return value, UNKNOWN_CODE, text
        if spec.words_for_flags and text.lower() in ("true", "false"):
            return value, WORDS, text
        return value, FINE, text

    def _note(
        self, converted: Converted, batch: RawBatch, row: int, position: int, spec: _Field, status: int, text: str
    ) -> None:
        """The finding for one cell."""
        column = spec.column
        if status == EMPTY:
            problem = self._finding("missing_value", batch, row, column, "")
        elif status == BAD_TYPE:
            problem = self._type_finding(batch, row, column, text)
        elif status == UNKNOWN_CODE:
            details = {"codes": spec.codes.title, "in_year": self.year_label}
            problem = self._finding("unknown_code", batch, row, column, text, **details)
        else:
            reading = "yes" if text.lower() == "true" else "no"
            problem = self._finding("boolean_words", batch, row, column, text, reading=reading)
        self._add(converted, batch, row, position, problem)

    def _add(self, converted: Converted, batch: RawBatch, row: int, position: int, problem: Finding) -> None:
        converted.findings.append((batch.order[row], position, problem))
        if problem.severity == "error":
            converted.reasons.setdefault(row, []).append(problem.message)

    def _spans(self, converted: Converted, batch: RawBatch, plan: _TablePlan, start: str, end: str, position: int):
        """Dates that end a span may not come before the dates that start it."""
        starts, ends = converted.columns[start], converted.columns[end]
        backwards = pc.indices_nonzero(pc.fill_null(pc.less(ends, starts), False)).to_pylist()
        start_column, end_column = plan.table.column(start), plan.table.column(end)
        for row in backwards:
            details = {"start_field": _field_name(start_column, self.source), "start": str(starts[row].as_py())}
            problem = self._finding("end_before_start", batch, row, end_column, str(ends[row].as_py()), **details)
            self._add(converted, batch, row, position, problem)

    def _plan(self, table_name: str) -> _TablePlan:
        table = schema().tables[table_name]
        fields = [
            _Field(
                c,
                PARSERS.get(c.type),
                code_list(name) if (name := c.codes_for(self.source)) else None,
                c.type == "bool" and self.source == "CIN",
            )
            for c in table.domain_columns
        ]
        plan = _TablePlan(table=table, allowed=frozenset(table.column_names), fields=fields, spans=list(table.spans))
        self._plans[table_name] = plan
        return plan

    def _type_finding(self, batch: RawBatch, row: int, column: Column, text: str) -> Finding:
        if column.type == "date":
            return self._finding("bad_date", batch, row, column, text, expected="YYYY-MM-DD or DD/MM/YYYY")
        if column.type == "bool":
            return self._finding("bad_flag", batch, row, column, text)
        return self._finding("bad_number", batch, row, column, text)

    def _finding(self, code: str, batch: RawBatch, row: int, column: Column, text: str, **details: str) -> Finding:
        return finding(
            code,
            self.file,
            batch.locations[row],
            child_id=batch.child_ids[row],
            field=_field_name(column, self.source),
            value=text,
            **details,
        )


def _rows_marked(rows: int, marked: dict[int, list[str]]) -> pa.BooleanArray:
    flags = [False] * rows
    for row in marked:
        flags[row] = True
    return pa.array(flags)


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
    spans: list[tuple[str, str]]


def _field_name(column: Column, source: str) -> str:
    """The name a user knows the field by: the return's own item name where there is one."""
    item = column.ssd if source == "SSD" else column.items.get(source)
    return f"{item} ({column.name})" if item and item != column.name else column.name
