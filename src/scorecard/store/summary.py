"""What the store holds: rows per table and LA, and a few counts per year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scorecard.findings import Finding
from scorecard.store.database import Store
from scorecard.store.schema import schema

# Events counted per financial year in the summary: (label, table, date column).
YEARLY = (
    ("Contacts", "contact", "contact_date"),
    ("Referrals", "cin_episode", "referral_date"),
    ("Assessments authorised", "assessment", "authorisation_date"),
    ("Section 47 enquiries", "s47", "start_date"),
    ("Initial conferences", "icpc", "icpc_date"),
    ("CP plans started", "cp_plan", "start_date"),
    ("CLA episodes started", "cla_episode", "start_date"),
)


@dataclass(frozen=True)
class TableCount:
    table: str
    la_code: str
    rows: int
    copies: int  # rows in history, every copy of every record


def table_counts(store: Store) -> list[TableCount]:
    counts = []
    for table in schema().domain_tables:
        rows = store.con.execute(
            f"""
            SELECT la_code, count(*),
                   (SELECT count(*) FROM history.{table.name} AS h WHERE h.la_code = t.la_code)
            FROM {table.name} AS t GROUP BY la_code ORDER BY la_code
            """
        ).fetchall()
        counts.extend(TableCount(table.name, la, n, copies) for la, n, copies in rows)
    return counts


def yearly_counts(store: Store, la_code: str) -> dict[str, dict[str, int]]:
    """{label: {financial year: events}} for the events in YEARLY, over the
    collection years of the returns loaded (earlier years hold only the history
    that later returns carry, so their counts would mislead)."""
    result: dict[str, dict[str, int]] = {}
    for label, table, column in YEARLY:
        rows = store.con.execute(
            f"""
            SELECT c.financial_year, count(*)
            FROM {table} AS t JOIN calendar AS c ON c.date = t.{column}
            WHERE t.la_code = $la AND c.financial_year IN (
                SELECT collection_year FROM source_file WHERE la_code = $la AND NOT replaced)
            GROUP BY 1 ORDER BY 1
            """,
            {"la": la_code},
        ).fetchall()
        result[label] = dict(rows)
    return result


@dataclass(frozen=True)
class LoadedFile:
    load_id: int
    started_at: datetime
    path: str
    kind: str
    la_code: str | None
    collection_year: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    replaced: bool


def load_history(store: Store) -> list[LoadedFile]:
    """Every file of every load, oldest first."""
    rows = store.con.execute(
        """
        SELECT l.load_id, l.started_at, f.path, f.kind, f.la_code, f.collection_year, f.rows_read,
               f.rows_loaded, f.rows_quarantined, f.replaced
        FROM load AS l JOIN source_file AS f USING (load_id) ORDER BY f.file_id
        """
    ).fetchall()
    return [LoadedFile(*row) for row in rows]


def stored_findings(store: Store, load_id: int | None = None) -> list[Finding]:
    rows = store.con.execute(
        """
        SELECT rule, severity, file, location, message, child_id, field, value FROM finding
        WHERE $load IS NULL OR load_id = $load ORDER BY file_id, severity, location
        """,
        {"load": load_id},
    ).fetchall()
    return [Finding(*row) for row in rows]


def la_codes(store: Store) -> list[str]:
    rows = store.con.execute("SELECT DISTINCT la_code FROM source_file WHERE la_code IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows.fetchall()]
