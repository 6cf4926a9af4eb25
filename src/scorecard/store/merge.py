"""Rebuilding the current tables from every copy kept in history.

The same record arrives again in later returns (everything open at 31 March is
sent again next year, often with fewer fields: an enquiry's conference comes back
as the episode's date alone, its enquiry sent the year before) and from other
sources (a local extract adds the team and worker to an assessment from the
census). The current copy of a record is merged field by field:
- within each source, each field takes its value from the newest copy that has
  one: the latest collection year (an extract, with no year, counts as newest),
  then the latest load. A field a later copy leaves empty keeps the earlier copy's
  value. A resubmitted return replaces the earlier one outright: its copies are
  taken out of history before the rebuild (see ingest/intake.py);
- across sources, field by field, the value from the most recently loaded copy
  that has one.
Fields that stand for one another (a UPN or the reason it is unknown) are taken
together from the newest copy that gives any of them (`together` in tables.yml).
Where each source gives a record an id of its own (a contact in Annex A and in the
SSD extract), records are matched across sources by other fields (`matched_by`: the
child and the day, the n-th of each source's records of that child that day).
The lineage columns name the newest copy; a field it left empty came from an
earlier copy, which history keeps with its own lineage.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from scorecard.store.database import HISTORY
from scorecard.store.schema import LINEAGE, Table

WITHIN_SOURCE = "collection_year DESC NULLS FIRST, load_id DESC, file_id DESC, source_row DESC"
# Across sources the most recently loaded copy wins: file ids only grow, load after load,
# so the copy with the highest file id is the most recent (and within a load, the later file).
ACROSS_SOURCES = "file_id"
RANK = "copy_rank"  # a copy's place within its source, newest first

# The rule in the words of the indicator catalogue, for the glossary and the data dictionary.
RULE = (
    "Records repeated across returns: every record open at a 31 March is sent again in the next "
    "year's return, so the same CIN episode, assessment, section 47 enquiry, conference, plan or "
    "903 episode arrives two or three times, known each time by the same keys (a CIN episode by "
    "the child and referral date, its assessments, enquiries, conferences and plans by their dates "
    "within it, a 903 episode by the child and its start date). The copies are merged field by "
    "field: a later return's value replaces the earlier one, but a field the later return leaves "
    "empty keeps the earlier value (a conference re-sent as the episode's date alone keeps the "
    "enquiry it followed), and a resubmission of the same return replaces the earlier file outright. "
    "Where a local extract or Annex A holds the same record as a return, each field comes from the "
    "most recently loaded of them that gives it. Records that appear only in earlier returns are "
    "kept: they are the history that re-referrals, repeat plans and placement counts need."
)


def _merged_columns(table: Table, pick: str, order: str, keys: tuple[str, ...]) -> list[str]:
    """Each column of the merged record: keys as they are, the lineage of the copy that
    comes first by `order`, and every other field from the first copy by `order` that
    has a value (or, for fields that go together, that has a value in any of them).
    `pick` is arg_min or arg_max."""
    columns = []
    for column in table.column_names:
        if column in keys:
            columns.append(column)
        elif column in LINEAGE:
            columns.append(f"{pick}_null({column}, {order}) AS {column}")
        elif group := table.together_with(column):
            given = " OR ".join(f"{c} IS NOT NULL" for c in group)
            columns.append(f"{pick}_null({column}, {order}) FILTER (WHERE {given}) AS {column}")
        else:
            columns.append(f"{pick}({column}, {order}) AS {column}")
    return columns


def _per_source(table: Table) -> str:
    """Each record's copies from each source merged into one: most records have one copy
    in a source, which is taken as it is; the others are merged field by field."""
    partition = ", ".join([*table.partition, "source"])
    names = ", ".join(table.column_names)
    merged = ", ".join(_merged_columns(table, "arg_min", RANK, (*table.partition, "source")))
    return f"""
        WITH ranked AS MATERIALIZED (
            SELECT *,
                row_number() OVER (PARTITION BY {partition} ORDER BY {WITHIN_SOURCE}) AS {RANK},
                count(*) OVER (PARTITION BY {partition}) AS copies
            FROM {HISTORY}.{table.name}
            WHERE la_code IN (SELECT unnest($la_codes))
        )
        SELECT {names} FROM ranked WHERE copies = 1
        UNION ALL
        SELECT {names} FROM (SELECT {merged} FROM ranked WHERE copies > 1 GROUP BY {partition})
    """


def rebuild_sql(table: Table, sources: int = 2) -> str:
    """The current copies of the records; from one source, its copies merged."""
    if sources <= 1:
        return f"INSERT INTO main.{table.name} {_per_source(table)}"
    if not table.matched_by:
        keys = table.partition
        columns = ", ".join(_merged_columns(table, "arg_max", ACROSS_SOURCES, keys))
        return f"""
            INSERT INTO main.{table.name}
            WITH latest AS ({_per_source(table)})
            SELECT {columns}
            FROM latest
            GROUP BY {", ".join(keys)}
        """
    # Each source numbers its records of a child on a day; the n-th of each is one record,
    # whose id is the most recently loaded source's.
    match = ["la_code", *table.matched_by]
    columns = ", ".join(_merged_columns(table, "arg_max", ACROSS_SOURCES, tuple(match)))
    return f"""
        INSERT INTO main.{table.name}
        WITH latest AS ({_per_source(table)}),
        numbered AS (
            SELECT *, row_number() OVER (
                PARTITION BY {", ".join(match)}, source ORDER BY {", ".join(table.key)}
            ) AS nth
            FROM latest
        )
        SELECT {columns}
        FROM numbered
        GROUP BY {", ".join(match)}, nth
    """


def rebuild(con: duckdb.DuckDBPyConnection, tables: Iterable[Table], la_codes: list[str]) -> None:
    """Replace the current rows of these LAs in these tables."""
    for table in tables:
        where = {"la_codes": la_codes}
        con.execute(f"DELETE FROM main.{table.name} WHERE la_code IN (SELECT unnest($la_codes))", where)
        sources = con.execute(
            f"SELECT count(DISTINCT source) FROM {HISTORY}.{table.name} WHERE la_code IN (SELECT unnest($la_codes))",
            where,
        ).fetchone()[0]
        con.execute(rebuild_sql(table, sources), where)
