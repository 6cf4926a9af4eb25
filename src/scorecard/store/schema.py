"""The canonical data model, read from tables.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from scorecard import yamltext
from scorecard.codes import code_lists

ColumnType = Literal["text", "date", "bool", "int", "decimal", "timestamp"]

SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "date": "DATE",
    "bool": "BOOLEAN",
    "int": "BIGINT",
    "decimal": "DOUBLE",
    "timestamp": "TIMESTAMP",
}

LINEAGE = ("source", "load_id", "file_id", "source_row", "collection_year")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = False
    codes: str | dict[str, str] | None = None  # a code list, or one per return
    ssd: str | None = None
    ssd_added: bool = False
    items: dict[str, str] = field(default_factory=dict)

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]

    def codes_for(self, source: str) -> str | None:
        """The code list values from this return are checked against, if any."""
        return self.codes.get(source) if isinstance(self.codes, dict) else self.codes

    @property
    def code_list_names(self) -> list[str]:
        if isinstance(self.codes, dict):
            return list(self.codes.values())
        return [self.codes] if self.codes else []


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    ssd: str | None = None
    spans: tuple[tuple[str, str], ...] = ()
    system: bool = False
    together: tuple[tuple[str, ...], ...] = ()  # fields that stand for one another, merged as one
    # Fields that tell one record from another across sources that each give it an id
    # of their own (a contact in Annex A and in the SSD extract): see store/merge.py.
    matched_by: tuple[str, ...] = ()
    repeats: str = ""  # how the record arrives again in later returns, and what is kept

    def together_with(self, column: str) -> tuple[str, ...]:
        """The fields merged with this one as a whole, itself included, or () when it stands alone."""
        return next((group for group in self.together if column in group), ())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def domain_columns(self) -> tuple[Column, ...]:
        """The columns a reader fills: all but the LA code and lineage."""
        common = {"la_code", *LINEAGE}
        return tuple(c for c in self.columns if c.name not in common)

    @property
    def partition(self) -> tuple[str, ...]:
        """Columns that identify one record across copies of it."""
        return self.key if self.system else ("la_code", *self.key)


@dataclass(frozen=True)
class Schema:
    tables: dict[str, Table]
    common: tuple[Column, ...]

    @property
    def domain_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if not t.system]

    @property
    def system_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if t.system]


def _column(name: str, spec: dict) -> Column:
    return Column(
        name=name,
        type=spec["type"],
        description=spec["description"],
        required=spec.get("required", False),
        codes=spec.get("codes"),
        ssd=spec.get("ssd"),
        ssd_added=spec.get("ssd_added", False),
        items={str(k): v for k, v in (spec.get("items") or {}).items()},
    )


def _table(name: str, spec: dict, common: tuple[Column, ...], system: bool) -> Table:
    own = tuple(_column(n, s) for n, s in spec["columns"].items())
    if system:
        columns = own
    else:
        la_code = [c for c in common if c.name == "la_code"]
        lineage = [c for c in common if c.name != "la_code"]
        columns = (*la_code, *own, *lineage)
    return Table(
        name=name,
        description=spec["description"],
        key=tuple(spec["key"]),
        columns=columns,
        ssd=spec.get("ssd"),
        spans=tuple(tuple(pair) for pair in spec.get("spans", ())),
        system=system,
        together=tuple(tuple(group) for group in spec.get("together", ())),
        matched_by=tuple(spec.get("matched_by", ())),
        repeats=spec.get("repeats", ""),
    )


@cache
def schema() -> Schema:
    text = resources.files(__package__).joinpath("tables.yml").read_text(encoding="utf-8")
    spec = yamltext.parse(text)
    common = tuple(_column(n, s) for n, s in spec["common"].items())
    tables = {n: _table(n, s, common, system=False) for n, s in spec["tables"].items()}
    tables |= {n: _table(n, s, common, system=True) for n, s in spec["system_tables"].items()}
    _check(tables)
    return Schema(tables, common)


def _check(tables: dict[str, Table]) -> None:
    """Fail early on a mistake in tables.yml rather than deep inside a load."""
    lists = code_lists()
    for table in tables.values():
        names = table.column_names
        for key in [
            *table.key,
            *(c for pair in table.spans for c in pair),
            *(c for g in table.together for c in g),
            *table.matched_by,
        ]:
            if key not in names:
                raise ValueError(f"tables.yml: {table.name} names {key}, which is not a column")
        for column in table.columns:
            if column.type not in SQL_TYPES:
                raise ValueError(f"tables.yml: {table.name}.{column.name} has type {column.type}")
            for name in column.code_list_names:
                if name not in lists:
                    raise ValueError(f"tables.yml: {table.name}.{column.name} names code list {name}?")


def create_table_sql(table: Table, schema_name: str = "main") -> str:
    columns = ",\n  ".join(f"{c.name} {c.sql_type}{' NOT NULL' if c.required else ''}" for c in table.columns)
    return f"CREATE TABLE IF NOT EXISTS {schema_name}.{table.name} (\n  {columns}\n)"
