"""The same indicator definitions on other engines. The DuckDB store stays the record
of what was loaded (and answers what is covered, populations and benchmarks); with
another engine chosen, the definitions' queries, and the shared relations they read,
are translated from DuckDB's SQL by sqlglot and run there, over a copy of the store's
tables that `scorecard export` wrote:

- postgres: a PostgreSQL server (a regional team's shared one), `at` a libpq
  connection string; the copy is the `scorecard` schema.
- spark: Apache Spark, `at` a folder (or any path Spark reads) of Parquet files;
  local mode by default, a cluster with `master`.
"""

from __future__ import annotations

from dataclasses import dataclass

BACKENDS = ("duckdb", "postgres", "spark")


class BackendError(ValueError):
    """An engine that cannot be used as asked; the message says why and what to do."""


@dataclass(frozen=True)
class BackendChoice:
    name: str = "duckdb"
    at: str | None = None  # postgres: connection string; spark: the exported folder
    master: str = "local[*]"  # spark only

    def __post_init__(self) -> None:
        if self.name not in BACKENDS:
            raise BackendError(f"'{self.name}' is not an engine: choose from {', '.join(BACKENDS)}")
        if self.name != "duckdb" and not self.at:
            where = "a connection string, e.g. 'service=regional'" if self.name == "postgres" else "the exported folder"
            raise BackendError(f"the {self.name} engine needs --at: {where}")
