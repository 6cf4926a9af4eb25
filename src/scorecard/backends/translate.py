"""DuckDB's SQL, as the definitions are written, in another engine's dialect. The
column types come from the store (every table and relation described by DuckDB), so
sqlglot can tell a difference of dates (whole days in DuckDB and PostgreSQL, an
interval in Spark) from a difference of numbers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

Types = dict[str, dict[str, str]]


def described(con: duckdb.DuckDBPyConnection, names: list[str]) -> Types:
    """{relation: {column: DuckDB type}} for each table or view named that exists."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND list_contains($names, table_name) ORDER BY table_name, column_index",
        {"names": names},
    ).fetchall()
    types: Types = {}
    for table, column, kind in rows:
        types.setdefault(table, {})[column] = kind
    return types


class Translator:
    def __init__(self, dialect: str, types: Types) -> None:
        self.dialect = dialect
        self.schema = MappingSchema(types, dialect="duckdb")
        self.translate = lru_cache(maxsize=None)(self._translate)

    def _translate(self, sql: str) -> str:
        tree = sqlglot.parse_one(sql, read="duckdb")
        tree = qualify(
            tree, schema=self.schema, dialect="duckdb", quote_identifiers=False, validate_qualify_columns=False
        )
        tree = annotate_types(tree, schema=self.schema)
        if self.dialect == "spark":
            tree = tree.transform(_days_between)
        return tree.sql(self.dialect)


def _days_between(node: exp.Expression) -> exp.Expression:
    """date - date, which Spark makes an interval, as the whole days it is elsewhere."""
    if isinstance(node, exp.Sub) and all(_is_date(side) for side in (node.left, node.right)):
        return exp.Anonymous(this="DATEDIFF", expressions=[node.left, node.right])
    return node


def _is_date(node: exp.Expression) -> bool:
    return node.type is not None and node.type.is_type(exp.DataType.Type.DATE)


def column_list(columns: Iterable[tuple[str, str]], dialect: str) -> str:
    """Column definitions (name, DuckDB type) in another engine's words: "a DATE, b TEXT"."""
    return ", ".join(f"{name} {exp.DataType.build(kind, dialect='duckdb').sql(dialect)}" for name, kind in columns)
