"""Checks across records and files, written as SQL over the copies a load has just
put in history: a conference before its enquiry, a birth after the referral,
overlapping episodes, a 903 child missing from the header file, a record given
twice. They find data errors; the records stay loaded (the catalogue's rule), and
each finding names the file, the place in it and the child.

Each query returns: file_id, location, child_id, field, value, other.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from scorecard.findings import Finding, finding
from scorecard.store.database import HISTORY
from scorecard.store.schema import schema

FILES = "file_id IN (SELECT unnest($files))"


@dataclass(frozen=True)
class SetRule:
    code: str
    sql: str


def _overlaps(table: str, start: str, end: str, field: str, where: str, clash: str) -> str:
    """Episodes starting before (or, with `>=`, on) the day the child's previous one ended."""
    return f"""
        SELECT file_id, source_row, child_id, '{field}', CAST({start} AS VARCHAR),
               coalesce(CAST(previous_end AS VARCHAR), 'still open')
        FROM (
            SELECT *, lag({end}) OVER w AS previous_end, lag({start}) OVER w AS previous_start
            FROM {HISTORY}.{table} WHERE {FILES} {where}
            WINDOW w AS (PARTITION BY file_id, child_id ORDER BY {start})
        )
        WHERE previous_start IS NOT NULL AND (previous_end IS NULL OR previous_end {clash} {start})
    """


RULES = (
    SetRule(
        "icpc_before_s47",
        f"""
        SELECT i.file_id, i.source_row, i.child_id, 'DateOfInitialCPC', CAST(i.icpc_date AS VARCHAR),
               CAST(s.start_date AS VARCHAR)
        FROM {HISTORY}.icpc AS i
        JOIN {HISTORY}.s47 AS s ON s.file_id = i.file_id AND s.s47_id = i.s47_id
        WHERE i.{FILES} AND i.icpc_date < s.start_date
        """,
    ),
    SetRule(
        "icpc_not_required_with_date",
        f"""
        SELECT i.file_id, i.source_row, i.child_id, 'ICPCnotRequired', CAST(i.icpc_date AS VARCHAR), ''
        FROM {HISTORY}.icpc AS i
        JOIN {HISTORY}.s47 AS s ON s.file_id = i.file_id AND s.s47_id = i.s47_id
        WHERE i.{FILES} AND s.icpc_not_required
        """,
    ),
    SetRule(
        "birth_after_referral",
        f"""
        SELECT c.file_id, c.source_row, c.child_id, 'PersonBirthDate', CAST(c.birth_date AS VARCHAR),
               CAST(min(e.referral_date) AS VARCHAR)
        FROM {HISTORY}.child AS c
        JOIN {HISTORY}.cin_episode AS e ON e.file_id = c.file_id AND e.child_id = c.child_id
        WHERE c.{FILES} AND c.birth_date > e.referral_date
        GROUP BY ALL
        """,
    ),
    # Episodes of one child in one file may not overlap (a CIN episode may not even
    # touch the next: a child has one open at a time).
    SetRule("episodes_overlap", _overlaps("cla_episode", "start_date", "end_date", "DECOM", "", ">")),
    SetRule(
        "episodes_overlap",
        _overlaps("cin_episode", "referral_date", "closure_date", "CINreferralDate", "AND source = 'CIN'", ">="),
    ),
    SetRule(
        "missing_header",
        f"""
        SELECT e.file_id, min(e.source_row), e.child_id, 'CHILD', e.child_id, e.collection_year
        FROM {HISTORY}.cla_episode AS e
        WHERE e.{FILES} AND e.source = '903'
          AND EXISTS (SELECT 1 FROM {HISTORY}.child AS h WHERE h.la_code = e.la_code AND h.source = '903'
                      AND h.collection_year = e.collection_year)
          AND NOT EXISTS (SELECT 1 FROM {HISTORY}.child AS h WHERE h.la_code = e.la_code AND h.source = '903'
                          AND h.collection_year = e.collection_year AND h.child_id = e.child_id)
        GROUP BY ALL
        """,
    ),
)


def _duplicates() -> list[SetRule]:
    """A record whose key appears more than once in one file."""
    rules = []
    for table in schema().domain_tables:
        key = " || '/' || ".join(f"CAST({k} AS VARCHAR)" for k in table.key)
        child = "any_value(child_id)" if "child_id" in table.column_names else "NULL"
        sql = f"""
            SELECT file_id, max(source_row), {child}, '{"/".join(table.key)}', {key}, CAST(count(*) AS VARCHAR)
            FROM {HISTORY}.{table.name} WHERE {FILES}
            GROUP BY file_id, la_code, {", ".join(table.key)} HAVING count(*) > 1
        """
        rules.append(SetRule("duplicate_record", sql))
    return rules


def check(con: duckdb.DuckDBPyConnection, file_ids: list[int], paths: dict[int, str]) -> dict[int, list[Finding]]:
    """Run every rule over the files just loaded: {file_id: findings}."""
    found: dict[int, list[Finding]] = {}
    for rule in (*RULES, *_duplicates()):
        for file_id, location, child_id, field, value, other in con.execute(rule.sql, {"files": file_ids}).fetchall():
            found.setdefault(file_id, []).append(
                finding(rule.code, paths[file_id], location, child_id=child_id, field=field, value=value, other=other)
            )
    return found
