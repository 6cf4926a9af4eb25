"""The data dictionary, generated from tables.yml (docs/data-dictionary.md)."""

from __future__ import annotations

from scorecard.codes import code_list
from scorecard.store.merge import RULE
from scorecard.store.schema import Column, Table, schema

RETURNS = ("CIN", "903", "AA", "CSWW")


def data_dictionary() -> str:
    model = schema()
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from src/scorecard/store/tables.yml by `scorecard dictionary`; do not edit. -->",
        "",
        "The canonical model of the scorecard store (DuckDB). Table names follow the",
        "Standard Safeguarding Dataset (SSD); each column names the SSD field and the item",
        "in each return it is read from (CIN census, SSDA903, Annex A, CSWW). An SSD field",
        "marked (added) is one scorecard adds where the SSD has none.",
        "",
        "Every copy of every record is kept in the `history` schema, with where it came",
        "from; the tables below hold the current copy (see `store/merge.py`).",
        "",
        RULE,
        "",
        "## Columns on every table",
        "",
        *_columns(model.common),
        "",
    ]
    for table in model.domain_tables:
        lines += _table(table)
    lines += ["## Tables the store keeps about itself", ""]
    for table in model.system_tables:
        lines += _table(table, level="###")
    return "\n".join(lines).rstrip() + "\n"


def _table(table: Table, level: str = "##") -> list[str]:
    header = [f"{level} `{table.name}`", "", table.description, ""]
    facts = [f"Key: {', '.join(f'`{k}`' for k in table.key)}."]
    if table.matched_by:
        facts.append(f"Matched across sources by {', '.join(f'`{k}`' for k in table.matched_by)}.")
    if table.ssd:
        facts.append(f"SSD table: `{table.ssd}`.")
    if table.repeats:
        facts.append(f"Sent again: {table.repeats}")
    own = [c for c in table.columns if table.system or c in table.domain_columns]
    return [*header, " ".join(facts), "", *_columns(own), ""]


def _columns(columns: tuple[Column, ...] | list[Column]) -> list[str]:
    lines = [
        "| column | type | required | description | code list | SSD field | return items |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in columns:
        items = "; ".join(f"{r}: {c.items[r]}" for r in RETURNS if r in c.items)
        codes = "; ".join(f"{code_list(name).title} (`{name}`)" for name in c.code_list_names)
        description = c.description.replace("|", "/")
        lines.append(
            f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | {description} | {codes} "
            f"| {c.ssd or ''}{' (added)' if c.ssd_added else ''} | {items} |"
        )
    return lines
