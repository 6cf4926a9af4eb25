"""The synthetic LA: real file formats, valid against the DfE schemas, the same
files for the same seed, and rates near the England figures it was built from."""

import csv
import hashlib
import json
import re
from datetime import date

import pytest
from lxml import etree

from scorecard.synth import SynthError, synthesise
from scorecard.synth.writers.ssda903 import COLUMNS
from tests.conftest import reference

DMY = re.compile(r"^\d{2}/\d{2}/\d{4}$")
DATE_COLUMNS = {
    "DOB",
    "MC_DOB",
    "DECOM",
    "DEC",
    "REVIEW",
    "DUC",
    "DATE_INT",
    "DATE_MATCH",
    "DATE_PLACED",
    "DATE_PLACED_CEASED",
    "MIS_START",
    "MIS_END",
    "SW_DECOM",
    "SW_DEC",
}


def test_cin_census_files_validate_against_each_years_xsd(ten_years):
    files = sorted((ten_years / "cin_census").glob("*.xml"))
    assert len(files) == 10
    for path in files:
        year = int(path.stem[-7:-3]) + 1  # cin_census_2016-17 -> schema 2017
        schema = etree.XMLSchema(etree.parse(str(reference("cin_census", f"CIN_schema_{year}.xsd"))))
        document = etree.parse(str(path))
        assert schema.validate(document), f"{path.name}: {schema.error_log.last_error}"


def test_medium_six_years_validates(tmp_path):
    """The issue's own check: `scorecard synth --size medium --years 6` writes valid CIN census files."""
    schemas = reference("cin_census")
    synthesise("medium", 6, 1, tmp_path)
    files = sorted((tmp_path / "001_northbridge" / "cin_census").glob("*.xml"))
    assert [p.stem[-7:] for p in files] == ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
    for path in files:
        year = int(path.stem[-7:-3]) + 1
        schema = etree.XMLSchema(etree.parse(str(schemas / f"CIN_schema_{year}.xsd")))
        assert schema.validate(etree.parse(str(path))), f"{path.name}: {schema.error_log.last_error}"


def test_cin_census_uses_gendercurrent_then_sex(ten_years):
    old = (ten_years / "cin_census" / "cin_census_2023-24.xml").read_text()
    new = (ten_years / "cin_census" / "cin_census_2024-25.xml").read_text()
    assert "<GenderCurrent>" in old and "<Sex>" not in old
    assert "<Sex>" in new and "<GenderCurrent>" not in new


def test_cin_plan_dates_only_from_2021_22(ten_years):
    assert "<CINPlanDates>" not in (ten_years / "cin_census" / "cin_census_2020-21.xml").read_text()
    assert "<CINPlanDates>" in (ten_years / "cin_census" / "cin_census_2021-22.xml").read_text()


def test_csww_files_validate(small_la):
    schema = etree.XMLSchema(etree.parse(str(reference("workforce", "social_work_workforce_2022.xsd"))))
    for path in sorted((small_la / "csww").glob("*.xml")):
        assert schema.validate(etree.parse(str(path))), f"{path.name}: {schema.error_log.last_error}"


def test_903_files_have_the_dfe_columns_and_date_format(small_la):
    folder = small_la / "ssda903" / "2025-26"
    for name, columns in COLUMNS.items():
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as file:
            rows = list(csv.reader(file))
        assert tuple(rows[0]) == columns, name
        for row in rows[1:]:
            for column, value in zip(columns, row, strict=True):
                if column in DATE_COLUMNS and value:
                    assert DMY.match(value) or value.startswith("31/02/"), (name, column, value)


def test_903_columns_match_the_validator_sample_files():
    folder = reference("ssda903", "validator_fake_data")
    for name, columns in COLUMNS.items():
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8-sig") as file:
            assert tuple(next(csv.reader(file))) == columns, name


def test_sw_episodes_start_in_2023_24(small_la):
    assert (small_la / "ssda903" / "2023-24" / "sw_episodes.csv").exists()
    assert (small_la / "ssda903" / "2024-25" / "header.csv").read_text().splitlines()[1].split(",")[1] in ("M", "F")
    assert (small_la / "ssda903" / "2023-24" / "header.csv").read_text().splitlines()[1].split(",")[1] in ("1", "2")


def test_same_seed_same_files(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesise("small", 1, 11, first)
    synthesise("small", 1, 11, second)
    synthesise("small", 1, 12, other)
    assert _digests(first) == _digests(second)
    assert _digests(first) != _digests(other)


def test_mess_is_listed(small_la):
    entries = json.loads((small_la / "mess.json").read_text())
    kinds = {e["kind"] for e in entries}
    assert {
        "birth_after_referral",
        "icpc_before_s47",
        "invalid_code",
        "missing_header",
        "impossible_date",
        "late_recording",
    } <= kinds


def test_birth_after_referral_is_in_the_census(small_la):
    entry = next(e for e in json.loads((small_la / "mess.json").read_text()) if e["kind"] == "birth_after_referral")
    texts = [p.read_text() for p in (small_la / "cin_census").glob("*.xml")]
    assert any(f"<LAchildID>{entry['child_id']}</LAchildID>" in t and entry["value"] in t for t in texts)


def test_years_out_of_range_are_refused(tmp_path):
    with pytest.raises(SynthError, match="at most 10 years"):
        synthesise("small", 11, 1, tmp_path)


def test_england_size_has_152_authorities():
    from scorecard.synth.profile import ENGLAND_POPULATION, authorities

    las = authorities("england", 1)
    assert len(las) == 152
    assert len({la.la_code for la in las}) == 152
    assert all(int(la.la_code) < 201 for la in las)  # never a real LA's code
    assert abs(sum(la.population for la in las) - ENGLAND_POPULATION) / ENGLAND_POPULATION < 0.01


def _digests(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rates_near_england(loaded_store):
    """Counts in the store sit near the England rates per 10,000 the LA was built with."""
    import duckdb

    from scorecard.synth.profile import POPULATION

    con = duckdb.connect(str(loaded_store), read_only=True)
    per_10k = 10_000 / POPULATION["small"]
    end = date(2026, 3, 31)
    referrals = con.execute(
        "SELECT count(*) FROM cin_episode WHERE referral_date BETWEEN '2025-04-01' AND '2026-03-31'"
    ).fetchone()[0]
    cla = con.execute(
        "SELECT count(DISTINCT child_id) FROM cla_episode WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?) "
        "AND legal_status NOT IN ('V3', 'V4')",
        [end, end],
    ).fetchone()[0]
    cpp = con.execute(
        "SELECT count(DISTINCT child_id) FROM cp_plan WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)",
        [end, end],
    ).fetchone()[0]
    assert 400 < referrals * per_10k < 650  # England 2024-25: 519
    assert 45 < cla * per_10k < 90  # 67
    assert 25 < cpp * per_10k < 60  # 40.6


def test_second_plans_come_from_the_childs_own_history(loaded_store):
    """About a quarter of plans are second or subsequent, and some of those follow a plan
    that ended within two years, whose plan is then in the returns: the synthetic LA's
    repeat plans are not only ones from before its history began."""
    from scorecard.config import Config
    from scorecard.dates import parse_period
    from scorecard.indicators import compute
    from scorecard.store.database import Store

    with Store.open(loaded_store, read_only=True) as store:
        ids = ["cpp_repeat_ever", "cpp_repeat_2y"]
        results = compute(store, [parse_period("2025-26")], ids=ids, la_codes=["001"], config=Config(la_code="001"))
    value = {r.indicator_id: r.value for r in results}
    assert 15 < value["cpp_repeat_ever"] < 35  # England 2024-25: 24.5
    assert 3 < value["cpp_repeat_2y"] < value["cpp_repeat_ever"] / 2
