"""Each reader on hand-written files, on the real public files in ../shared/reference
(skipped when absent), and on the synthetic LA's files."""

from collections import Counter
from datetime import date, datetime

import pytest
import xlsxwriter

from scorecard.ingest.load import load, validate
from scorecard.store.database import Store
from tests.conftest import FIXTURES, reference


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "scorecard.duckdb") as opened:
        yield opened


def rows(store, sql, *params):
    return store.con.execute(sql, list(params)).fetchall()


def codes(report):
    return Counter(f.code for f in report.findings)


# -- CIN census -------------------------------------------------------------------------


def test_the_dfe_example_cin_file_loads_with_warnings():
    report = validate([reference("cin_census", "example_cin_2022.xml")])
    (file,) = report.files
    assert file.status == "loaded" and file.balanced
    assert file.info.collection_year == "2021-22" and file.info.la_code == "201"
    found = codes(file)
    # The example writes its yes/no items as false/true, which its own schema forbids.
    assert found["boolean_words"] == 2
    assert {f.field for f in file.findings if f.code == "boolean_words"} == {
        "ICPCnotRequired (icpc_not_required)",
        "ReferralNFA (referral_nfa)",
    }


def test_the_dfe_example_fails_its_own_schema_when_asked(tmp_path):
    example = reference("cin_census", "example_cin_2022.xml")
    report = validate([example], xsd=reference("cin_census", "CIN_schema_2022.xsd"))
    (file,) = report.files
    assert file.status == "failed"
    (problem,) = file.findings
    assert problem.code == "schema_invalid" and "line" in problem.message and "false" in problem.message


def test_every_cin_schema_year_loads(ten_years):
    report = validate([ten_years / "cin_census"])
    assert [f.info.collection_year for f in report.files] == [f"{y}-{(y + 1) % 100:02d}" for y in range(2016, 2026)]
    assert all(f.status == "loaded" and f.rows_quarantined == 0 for f in report.files)


# -- SSDA903 ----------------------------------------------------------------------------------


def test_903_xml_and_csv_give_the_same_records(tmp_path):
    tables = ("child", "cla_episode")
    results = []
    for folder in (FIXTURES / "ssda903", FIXTURES / "ssda903_xml"):
        with Store.open(tmp_path / f"{folder.name}.duckdb") as s:
            load(s, [folder], la_code="123")
            results.append(
                {t: rows(s, f"SELECT * EXCLUDE (source_row, file_id) FROM {t} ORDER BY ALL") for t in tables}
            )
    assert results[0] == results[1]


def test_903_xml_parts(store):
    report = load(store, [FIXTURES / "ssda903_xml"], la_code="123")
    (file,) = report.files
    assert file.info.kind == "ssda903_xml" and file.info.collection_year == "2023-24"
    assert rows(store, "SELECT review_date, participation FROM cla_review") == [(date(2023, 4, 20), "PN1")]
    assert rows(store, "SELECT child_id, uasc_end_date FROM uasc") == [("C4", date(2026, 2, 28))]
    assert rows(store, "SELECT count(*) FROM missing_episode") == [(1,)]
    assert "XML path" not in file.findings[0].location and "EPISODE[2]" in file.findings[0].location


def test_the_validator_sample_903_files_load_or_are_refused_precisely():
    folder = reference("ssda903", "validator_fake_data")
    report = validate([folder], la_code="999", year="2023-24")
    by_name = {f.path.name: f for f in report.files}
    assert all(f.status == "loaded" and f.balanced for f in report.files)
    assert by_name["DoLo.csv"].info.kind == "ssda903_dolo"
    assert by_name["fake_903.xml"].rows_loaded > 2000
    sw = by_name["sw_episodes.csv"].findings
    assert [(f.code, f.value) for f in sw] == [("unknown_code", "SWLAZY")]
    assert {f.value for f in by_name["placed_for_adoption.csv"].findings} == {"XXX"}
    assert codes(by_name["episodes.csv"])["episodes_overlap"] > 0


def test_903_sex_codes_depend_on_the_year(tmp_path, store):
    folder = tmp_path / "2024-25"
    folder.mkdir()
    (folder / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2012,WBRI,,,\nB,M,01/01/2012,WBRI,,,\n"
    )
    report = load(store, [folder], la_code="123")
    assert [(f.child_id, f.value) for f in report.findings] == [("A", "1")]
    assert "in 2024-25" in report.findings[0].message


# -- Annex A ------------------------------------------------------------------------------------


def test_the_sample_annex_a_loads():
    report = validate([reference("annex_a", "Annex_A_sample_2024.xlsx")], la_code="999")
    (file,) = report.files
    assert file.status == "loaded" and file.balanced and file.rows_loaded > 100
    assert file.info.kind == "annex_a"
    assert codes(file)["not_used"] == 1  # list 11, adopters


def test_annex_a_columns_are_found_by_name_not_position(tmp_path, store):
    path = tmp_path / "annex.xlsx"
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for n in range(1, 4):
        book.add_worksheet(f"List {n}")
    sheet = book.get_worksheet_by_name("List 3")
    sheet.write_row(0, 0, ["Referrals in the last 12 months"])  # a title above the header
    sheet.write_row(1, 0, ["Referral NFA?", "Date of referral", "Gender", "Child ID", "Source of referral", "Team"])
    sheet.write_row(2, 0, ["b) No", None, "b) Female", "X1", "j) 3D: Health services", "MASH"])
    sheet.write_datetime(2, 1, _midnight(date(2024, 1, 9)), dates)
    book.close()
    load(store, [path], la_code="123")
    assert rows(store, "SELECT referral_id, referral_source, referral_nfa, team FROM cin_episode") == [
        ("X1/2024-01-09", "3D", False, "MASH")
    ]
    assert rows(store, "SELECT sex FROM child") == [("F",)]


def test_annex_a_and_the_census_describe_the_same_referrals(small_la, tmp_path):
    with Store.open(tmp_path / "both.duckdb") as s:
        load(s, [small_la / "cin_census"])
        census = rows(s, "SELECT count(*) FROM cin_episode")[0][0]
        load(s, [small_la / "annex_a"])
        both = rows(s, "SELECT count(*) FROM cin_episode")[0][0]
        extra = rows(s, "SELECT count(*) FROM cin_episode WHERE source = 'AA' AND referral_id NOT IN "
                        "(SELECT referral_id FROM history.cin_episode WHERE source = 'CIN')")[0][0]  # fmt: skip
    # Annex A covers the last year only, with the census's ids: it adds only referrals
    # recorded too late for the census (and none is new in both).
    assert both == census + extra
    assert extra <= 3


# -- CSWW, SSD extracts, local measures ---------------------------------------------------


def test_the_workforce_sample_loads():
    report = validate([reference("workforce", "social_work_workforce_sample_2022.xml")])
    (file,) = report.files
    assert file.status == "loaded" and file.rows_quarantined == 0
    assert file.info.collection_year == "2022-23" and file.info.la_code == "301"


def test_ssd_review_extracts(store):
    report = load(store, [FIXTURES / "ssd"], la_code="123")
    kinds = sorted(f.info.kind for f in report.files)
    assert kinds == ["ssd_cla_review", "ssd_cp_review"]
    assert rows(store, "SELECT count(*) FROM cp_review") == [(2,)]
    assert [f.value for f in report.findings] == ["PN9"]


def test_local_measures(store):
    report = load(store, [FIXTURES / "local_measures.csv"], la_code="123")
    (file,) = report.files
    assert (file.rows_read, file.rows_loaded, file.rows_quarantined) == (3, 2, 1)
    assert [f.value for f in file.findings] == ["sideways"]
    assert rows(store, "SELECT value FROM local_measure WHERE measure_id = 'placement_cost_per_week'") == [(1575.5,)]


def test_each_reader_names_what_it_took_the_file_to_be(small_la):
    report = validate([small_la], la_code="001")
    kinds = Counter(f.info.kind.split("_")[0] for f in report.files if f.info)
    assert {"cin", "ssda903", "csww", "ssd", "local", "annex"} <= set(kinds)
    skipped = {f.path.name for f in report.files if f.status == "skipped"}
    assert skipped == {"benchmarks_synthetic.csv", "mess.json", "scorecard.yml"}


def _midnight(day):
    return datetime(day.year, day.month, day.day)


def test_validate_writes_nothing(small_la, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = validate([small_la / "cin_census"])
    assert report.load_id is None and report.files
    assert not list(tmp_path.iterdir())
