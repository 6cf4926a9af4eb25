"""The canonical model: complete, aligned with the SSD, documented once."""

from pathlib import Path

import yaml

from scorecard.store.dictionary import data_dictionary
from scorecard.store.schema import LINEAGE, schema
from tests.conftest import ROOT, reference

REQUIRED_TABLES = {
    "child",
    "contact",
    "early_help_episode",
    "cin_episode",
    "assessment",
    "assessment_factor",
    "s47",
    "icpc",
    "cin_plan",
    "cp_plan",
    "cp_review",
    "cp_visit",
    "cla_episode",
    "cla_review",
    "cla_visit",
    "missing_episode",
    "cla_outcome",
    "care_leaver",
    "uasc",
    "sw_allocation",
    "workforce_worker",
    "workforce_la",
    "local_measure",
}


def test_the_domain_is_covered():
    assert set(schema().tables) >= REQUIRED_TABLES


def test_every_table_carries_la_code_and_lineage():
    for table in schema().domain_tables:
        names = table.column_names
        assert names[0] == "la_code", table.name
        assert set(LINEAGE) <= set(names), table.name
        assert table.partition[0] == "la_code"


def test_ssd_names_exist_in_the_ssd_model():
    objects = reference("ssd", "objects")
    fields: dict[str, set[str]] = {}
    for path in objects.glob("ssd_*.yml"):
        for node in yaml.safe_load(path.read_text(encoding="utf-8")).get("nodes", []):
            fields[node["name"]] = {f["name"] for f in node.get("fields", [])}
    every_field = set().union(*fields.values())
    for table in schema().domain_tables:
        if table.ssd:
            assert table.ssd in fields, f"{table.name}: no SSD table {table.ssd}"
        for column in table.columns:
            if column.ssd and not column.ssd_added:
                assert column.ssd in every_field, f"{table.name}.{column.name}: SSD field {column.ssd}?"


def test_data_dictionary_in_docs_is_generated_from_the_model():
    written = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert written == data_dictionary(), "run: scorecard dictionary --out docs/data-dictionary.md"


def test_data_dictionary_names_every_table_and_column():
    text = data_dictionary()
    for table in schema().tables.values():
        assert f"`{table.name}`" in text
        for column in table.columns:
            assert f"`{column.name}`" in text


def test_return_items_are_named_for_the_fields_indicators_need():
    episode = schema().tables["cla_episode"]
    assert episode.column("start_date").items["903"] == "DECOM"
    assert episode.column("placement_type").codes == "placement_type"
    assert schema().tables["s47"].column("start_date").items["CIN"] == "S47ActualStartDate"


def test_docs_folder_exists():
    assert Path(ROOT / "docs").is_dir()
