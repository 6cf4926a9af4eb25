"""Loading: files recognised by content, every row accounted for, loads atomic
and idempotent, resubmissions replacing earlier copies."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from scorecard.ingest import intake as ingest_intake
from scorecard.ingest import load as ingest_load
from scorecard.ingest import read as ingest_read
from scorecard.ingest.cin_census import CinCensusReader
from scorecard.ingest.load import LoadError, load
from scorecard.ingest.sniff import sniff
from scorecard.store.database import Store
from tests.conftest import FIXTURES

CIN = FIXTURES / "cin_census_2023-24.xml"
SSDA903 = FIXTURES / "ssda903"


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "scorecard.duckdb") as opened:
        yield opened


def rows(store, sql, *params):
    return store.con.execute(sql, list(params)).fetchall()


def test_cin_reader_builds_ids_from_natural_keys():
    reader = CinCensusReader()
    info = reader.info(CIN, sniff(CIN))
    assert (info.la_code, info.collection_year) == ("123", "2023-24")
    records = [(b.table, b.raw(i), b.locations[i]) for b in reader.batches(CIN, info) for i in range(len(b.order))]
    tables = [table for table, _, _ in records]
    assert tables.count("child") == 2
    assert tables.count("cp_review") == 2
    _, plan, location = next(r for r in records if r[0] == "cp_plan")
    assert plan["cp_plan_id"] == "C1/2023-06-01/CPP/2023-06-20"
    icpc = [values for table, values, _ in records if table == "icpc"]
    # The conference is on the S47 and on the episode: one conference, linked to its enquiry.
    assert len(icpc) == 1 and icpc[0]["s47_id"] == "C1/2023-06-01/S47/2023-06-02"
    assert "line" in location and "ChildProtectionPlans[1]" in location


def test_load_reconciles_every_file(store):
    report = load(store, [CIN, SSDA903], la_code="123")
    for file in report.files:
        assert file.balanced, file.path
    cin = next(f for f in report.files if f.path == CIN)
    # C1: child, disability, episode, assessment, 2 factors, CIN plan, S47, ICPC, CP plan, 2 reviews; C2: child, episode
    assert (cin.rows_read, cin.rows_loaded, cin.rows_quarantined) == (14, 14, 0)
    episodes = next(f for f in report.files if f.path.name == "episodes.csv")
    assert (episodes.rows_read, episodes.rows_loaded, episodes.rows_quarantined) == (4, 3, 1)
    stored = rows(
        store,
        "SELECT rows_read, rows_loaded, rows_quarantined FROM source_file WHERE kind = 'ssda903_episodes'",
    )
    assert stored == [(4, 3, 1)]


def test_quarantine_keeps_the_raw_record_and_reason(store):
    load(store, [SSDA903], la_code="123")
    ((location, table, child, raw, reason),) = rows(
        store, "SELECT source_row, table_name, child_id, raw, reason FROM quarantine"
    )
    assert (location, table, child) == ("line 5", "cla_episode", "C4")
    assert json.loads(raw)["legal_status"] == "C3"
    assert "LS (legal_status) is 'C3'" in reason and "2023-24" in reason


def test_values_are_typed(store):
    load(store, [CIN, SSDA903], la_code="123")
    assert rows(store, "SELECT referral_nfa FROM cin_episode WHERE child_id = 'C2'") == [(True,)]
    assert str(rows(store, "SELECT birth_date FROM child WHERE child_id = 'C4'")[0][0]) == "2008-02-29"
    assert rows(store, "SELECT count(*) FROM cla_episode WHERE end_date IS NULL") == [(1,)]


def test_loading_the_same_files_again_changes_nothing(store):
    first = load(store, [CIN, SSDA903], la_code="123")
    before = rows(store, "SELECT count(*) FROM history.cin_episode")
    second = load(store, [CIN, SSDA903], la_code="123")
    assert second.load_id is None
    assert {f.status for f in second.files} == {"unchanged"}
    assert rows(store, "SELECT count(*) FROM history.cin_episode") == before
    assert first.load_id == 1


def test_a_resubmission_replaces_that_years_records(store, tmp_path):
    load(store, [SSDA903], la_code="123")
    folder = tmp_path / "2023-24"
    folder.mkdir()
    lines = (SSDA903 / "2023-24" / "episodes.csv").read_text().splitlines()
    (folder / "episodes.csv").write_text("\n".join(lines[:3]) + "\n")
    report = load(store, [folder / "episodes.csv"], la_code="123")
    assert report.files[0].replaced
    assert rows(store, "SELECT count(*) FROM cla_episode") == [(2,)]
    assert rows(store, "SELECT count(*) FROM history.cla_episode") == [(2,)]
    assert rows(store, "SELECT count(*) FROM source_file WHERE replaced") == [(1,)]
    assert rows(store, "SELECT count(*) FROM load") == [(2,)]


def test_a_later_return_supersedes_an_earlier_copy(store, tmp_path):
    load(store, [CIN])
    later = tmp_path / "cin_2024-25.xml"
    text = CIN.read_text().replace("<ReferenceDate>2024-03-31", "<ReferenceDate>2025-03-31")
    text = text.replace(
        "<CPPstartDate>2023-06-20</CPPstartDate>",
        "<CPPstartDate>2023-06-20</CPPstartDate><CPPendDate>2024-06-30</CPPendDate>",
    )
    later.write_text(text)
    load(store, [later])
    assert rows(store, "SELECT count(*) FROM history.cp_plan") == [(2,)]
    assert [str(r[0]) for r in rows(store, "SELECT end_date FROM cp_plan")] == ["2024-06-30"]
    assert rows(store, "SELECT collection_year FROM cp_plan") == [("2024-25",)]


def _next_year(text: str) -> str:
    """The fixture as next year's census re-sends child C1: a UPN now known, the
    enquiry (sent last year) left out, so its conference comes back as the episode's
    date alone; sex coded as from 2024-25."""
    text = text.replace("<ReferenceDate>2024-03-31", "<ReferenceDate>2025-03-31")
    for code, sex in (("1", "M"), ("2", "F")):
        text = text.replace(f"<GenderCurrent>{code}</GenderCurrent>", f"<Sex>{sex}</Sex>")
    text = text.replace("<UPNunknown>UN1</UPNunknown>", "<UPN>A987654321098</UPN>")
    start, end = text.index("<Section47>"), text.index("</Section47>") + len("</Section47>")
    return text[:start] + text[end:]


def test_a_field_a_later_return_leaves_empty_keeps_the_earlier_value(store, tmp_path):
    load(store, [CIN])
    later = tmp_path / "cin_2024-25.xml"
    later.write_text(_next_year(CIN.read_text()))
    load(store, [later])
    conference = "SELECT s47_id, collection_year FROM icpc WHERE child_id = 'C1'"
    assert rows(store, conference) == [("C1/2023-06-01/S47/2023-06-02", "2024-25")]
    assert rows(store, "SELECT s47_id FROM history.icpc WHERE child_id = 'C1' ORDER BY file_id") == [
        ("C1/2023-06-01/S47/2023-06-02",),
        (None,),
    ]
    # A UPN and the reason it is unknown stand for one another: both come from the newer copy.
    assert rows(store, "SELECT upn, upn_unknown FROM child WHERE child_id = 'C1'") == [("A987654321098", None)]


def test_a_resubmission_takes_away_what_it_leaves_out(store, tmp_path):
    load(store, [CIN])
    again = tmp_path / "cin_2023-24_resubmitted.xml"
    again.write_text(_next_year(CIN.read_text()).replace("<ReferenceDate>2025-03-31", "<ReferenceDate>2024-03-31"))
    assert load(store, [again]).files[0].replaced
    assert rows(store, "SELECT s47_id FROM icpc WHERE child_id = 'C1'") == [(None,)]
    assert rows(store, "SELECT count(*) FROM s47 WHERE child_id = 'C1'") == [(0,)]


def test_a_failed_load_leaves_the_store_as_it_was(store, monkeypatch):
    load(store, [CIN])
    before = {t: rows(store, f"SELECT count(*) FROM {t}") for t in ("history.child", "child", "source_file", "load")}
    calls = {"n": 0}
    original = ingest_read.Converter.convert

    def failing(self, record):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("disk full")
        return original(self, record)

    monkeypatch.setattr(ingest_read.Converter, "convert", failing)
    with pytest.raises(LoadError, match=r"undone, leaving the store as it was: disk full"):
        load(store, [SSDA903], la_code="123")
    after = {t: rows(store, f"SELECT count(*) FROM {t}") for t in before}
    assert after == before


def test_a_dtd_is_refused(store, tmp_path):
    bomb = tmp_path / "laughs.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        "<Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header>"
        "<Children><Child><ChildIdentifiers><LAchildID>&b;</LAchildID></ChildIdentifiers></Child></Children></Message>"
    )
    with pytest.raises(LoadError, match=r"laughs.xml.*document type"):
        load(store, [bomb])
    assert rows(store, "SELECT count(*) FROM source_file") == [(0,)]


def test_an_unknown_file_named_on_its_own_is_an_error(store, tmp_path):
    odd = tmp_path / "notes.csv"
    odd.write_text("name,colour\nx,blue\n")
    with pytest.raises(LoadError, match=r"notes.csv: not a file scorecard reads"):
        load(store, [odd])


def test_unknown_files_in_a_folder_are_skipped_and_said(store, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    shutil.copy(CIN, folder / "cin.xml")
    (folder / "readme.txt").write_text("hello")
    report = load(store, [folder])
    assert [f.status for f in report.files] == ["loaded", "skipped"]


def test_903_without_a_year_says_how_to_give_one(store, tmp_path):
    shutil.copy(SSDA903 / "2023-24" / "header.csv", tmp_path / "header.csv")
    with pytest.raises(LoadError, match=r"need a collection year.*--year"):
        load(store, [tmp_path / "header.csv"], la_code="123")
    report = load(store, [tmp_path / "header.csv"], la_code="123", year="2023-24")
    assert report.files[0].status == "loaded"


def test_903_without_an_la_asks_for_one(store):
    with pytest.raises(LoadError, match=r"give --la"):
        load(store, [SSDA903 / "2023-24" / "header.csv"])


def test_903_takes_the_la_of_the_census_loaded_with_it(store):
    report = load(store, [CIN, SSDA903])
    assert {f.info.la_code for f in report.files} == {"123"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(store, tmp_path, encoding):
    folder = tmp_path / "2023-24"
    folder.mkdir()
    text = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nCé1,1,05/05/2012,WBRI,,,\n"
    (folder / "header.csv").write_bytes(text.encode(encoding))
    load(store, [folder], la_code="123")
    assert rows(store, "SELECT child_id FROM child") == [("Cé1",)]


def test_the_synthetic_la_loads_with_only_its_planted_mess_found(loaded_store, small_la):
    con = duckdb.connect(str(loaded_store), read_only=True)
    files = con.execute("SELECT rows_read, rows_loaded, rows_quarantined FROM source_file").fetchall()
    assert files and all(read == loaded + quarantined for read, loaded, quarantined in files)
    mess = [e for e in json.loads((small_la / "mess.json").read_text()) if e["kind"] != "late_recording"]
    found = con.execute("SELECT rule, child_id, value, severity FROM finding").fetchall()
    rule_for = {"invalid_code": "unknown_code", "impossible_date": "bad_date"}
    # Each planted mistake is found...
    for entry in mess:
        rule = rule_for.get(entry["kind"], entry["kind"])
        assert any(r == rule and c == entry["child_id"] for r, c, _, _ in found), entry
    # ...and nothing else is.
    planted = {(rule_for.get(e["kind"], e["kind"]), e["child_id"]) for e in mess}
    assert {(r, c) for r, c, _, _ in found} == planted
    quarantined = {row[0] for row in con.execute("SELECT child_id FROM quarantine").fetchall()}
    assert quarantined == {e["child_id"] for e in mess if e["kind"] in rule_for}


def test_extracts_add_fields_to_census_records(loaded_store):
    con = duckdb.connect(str(loaded_store), read_only=True)
    seen, team, census_dates = con.execute(
        "SELECT count(child_seen), count(team), count(authorisation_date) FROM assessment"
    ).fetchone()
    assert seen > 0 and team > 0 and census_dates > 0
    # A record's current copy combines the census dates with the extract's worker.
    both = con.execute(
        "SELECT count(*) FROM assessment a WHERE team IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM history.assessment h WHERE h.assessment_id = a.assessment_id AND h.source = 'CIN')"
    ).fetchone()[0]
    assert both > 0


def test_paths_that_do_not_exist(store):
    with pytest.raises(LoadError, match=r"no such file or folder"):
        load(store, [Path("/nowhere/at/all.xml")])


def test_truncated_xml_is_named_and_nothing_is_loaded(store, tmp_path):
    broken = tmp_path / "cut.xml"
    broken.write_text(CIN.read_text()[:2500])
    with pytest.raises(LoadError, match=r"cut.xml: the XML is broken at line \d+"):
        load(store, [broken])
    assert rows(store, "SELECT count(*) FROM history.child") == [(0,)]
    assert rows(store, "SELECT count(*) FROM source_file") == [(0,)]


def test_a_census_with_no_reference_date(store, tmp_path):
    undated = tmp_path / "undated.xml"
    undated.write_text(CIN.read_text().replace("<ReferenceDate>2024-03-31</ReferenceDate>", ""))
    with pytest.raises(LoadError, match="no valid ReferenceDate"):
        load(store, [undated])


def test_binary_garbage(store, tmp_path):
    garbage = tmp_path / "garbage.xml"
    garbage.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(LoadError, match="not a file scorecard reads"):
        load(store, [garbage])


def test_files_read_in_worker_processes_load_exactly_as_when_read_here(tmp_path, monkeypatch):
    """Big loads read files in worker processes; the store must come out the same,
    file ids, findings and quarantine included."""
    with Store.open(tmp_path / "here.duckdb") as here:
        load(here, [CIN, SSDA903], la_code="123")
        expected = {t: rows(here, f"SELECT * FROM {t} ORDER BY ALL") for t in COMPARED}
    monkeypatch.setattr(ingest_load, "PARALLEL_FROM_BYTES", 0)
    with Store.open(tmp_path / "workers.duckdb") as there:
        report = load(there, [CIN, SSDA903], la_code="123")
        assert all(f.balanced for f in report.files)
        assert {t: rows(there, f"SELECT * FROM {t} ORDER BY ALL") for t in COMPARED} == expected


def test_records_taken_into_history_while_reading_load_as_when_taken_at_the_end(tmp_path, monkeypatch):
    """Big loads take each few hundred megabytes of records into history while the next
    files are read; a resubmission later in the same load must still replace them."""
    resubmitted = tmp_path / "again" / "2023-24"
    resubmitted.mkdir(parents=True)
    lines = (SSDA903 / "2023-24" / "episodes.csv").read_text().splitlines()
    (resubmitted / "episodes.csv").write_text("\n".join(lines[:3]) + "\n")
    files = [CIN, SSDA903, resubmitted / "episodes.csv"]
    with Store.open(tmp_path / "at_end.duckdb") as at_end:
        load(at_end, files, la_code="123")
        expected = {t: rows(at_end, f"SELECT * FROM {t} ORDER BY ALL") for t in (*COMPARED, "cla_episode")}
    monkeypatch.setattr(ingest_intake, "INSERT_FROM_BYTES", 0)
    with Store.open(tmp_path / "as_read.duckdb") as as_read:
        report = load(as_read, files, la_code="123")
        assert report.files[-1].replaced and rows(as_read, "SELECT count(*) FROM cla_episode") == [(2,)]
        assert {t: rows(as_read, f"SELECT * FROM {t} ORDER BY ALL") for t in (*COMPARED, "cla_episode")} == expected


COMPARED = ("history.child", "history.cla_episode", "cp_plan", "quarantine", "finding", "source_file")


def test_an_unreadable_file_read_in_a_worker_is_named_and_nothing_is_loaded(store, tmp_path, monkeypatch):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(CIN.read_bytes()[:-200])
    monkeypatch.setattr(ingest_load, "PARALLEL_FROM_BYTES", 0)
    with pytest.raises(LoadError, match=r"broken\.xml: .*Nothing was loaded"):
        load(store, [SSDA903, broken], la_code="123")
    assert rows(store, "SELECT count(*) FROM history.cla_episode") == [(0,)]


def test_a_load_of_many_files_is_shown_summed_per_kind_and_year(tmp_path):
    """A national load has thousands of files: the account is summed per kind and year."""
    from rich.console import Console

    from scorecard.cli.render import MAX_FILES_LISTED, load_table
    from scorecard.ingest.records import FileInfo
    from scorecard.ingest.report import FileReport, LoadReport

    files = [
        FileReport(
            tmp_path / f"{n}.xml",
            info=FileInfo("cin_census", "CIN", la_code=f"{n % 7:03d}", collection_year="2025-26"),
            rows_read=10,
            rows_loaded=9,
            rows_quarantined=1,
        )
        for n in range(MAX_FILES_LISTED + 1)
    ]
    console = Console(record=True, width=200)
    console.print(load_table(LoadReport(1, files)))
    text = console.export_text()
    row = next(line for line in text.splitlines() if "cin_census" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "cin_census",
        "2025-26",
        "61",
        "7",
        "610",
        "549",
        "61",
        "loaded 61",
    ]
    assert "0.xml" not in text and "scorecard loads" in text


def test_files_that_do_not_name_their_la_take_it_from_their_las_folder(store, tmp_path):
    """Loading several LAs at once (a region, England): each LA's 903 files take the LA
    that the CIN census in the same LA folder names."""
    for la in ("123", "456"):
        folder = tmp_path / f"la_{la}"
        (folder / "cin").mkdir(parents=True)
        text = CIN.read_text(encoding="utf-8").replace("<LEA>123</LEA>", f"<LEA>{la}</LEA>")
        (folder / "cin" / CIN.name).write_text(text, encoding="utf-8")
        shutil.copytree(SSDA903, folder / "ssda903")
    parts = [tmp_path / f"la_{la}" / part for la in ("123", "456") for part in ("cin", "ssda903")]
    report = load(store, parts)
    by_la = {
        (f.path.parts[-4] if "ssda903" in f.path.parts else f.path.parts[-3], f.info.la_code) for f in report.files
    }
    assert by_la == {("la_123", "123"), ("la_456", "456")}
    assert rows(store, "SELECT la_code, count(*) FROM history.cla_episode GROUP BY ALL ORDER BY ALL") == [
        ("123", 3),
        ("456", 3),
    ]
