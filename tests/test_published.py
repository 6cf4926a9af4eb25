"""Importing published figures from small hand-written files in the published layouts:
EES tidy CSVs (wide and long), the ONS population, the LAIT long table and the
statistical neighbour models; suppressed cells kept as not available; a bad file
leaves the store as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from scorecard import api
from scorecard.config import load_config
from scorecard.judge.benchmarks import Benchmarks
from scorecard.published.figures import PublishedFileError
from scorecard.store.database import Store

PLACE = "geographic_level,country_code,region_code,region_name,old_la_code,new_la_code,la_name"
ENGLAND = "National,E92000001,,,,,"
NORTH_EAST = "Regional,E92000001,E12000001,North East,,,"
HARTLEPOOL = "Local authority,E92000001,E12000001,North East,805,E06000047,Hartlepool"
DARLINGTON = "Local authority,E92000001,E12000001,North East,841,E06000005,Darlington"


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path) -> Path:
    folder = tmp_path / "published"
    folder.mkdir()
    header = (
        f"time_period,time_identifier,{PLACE},category,referral_count,rereferral_count,rereferral_percent,"
        "no_further_action_count,no_further_action_percent"
    )
    rows = ",Referrals,1000,200,20.0,50,5.0"
    _write(
        folder,
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        [
            header,
            f"2025,Reporting year,{ENGLAND}{rows}",
            f"2025,Reporting year,{NORTH_EAST},Referrals,500,110,22.0,20,4.0",
            f"2025,Reporting year,{HARTLEPOOL},Referrals,100,c,c,x,x",
            f"2025,Reporting year,{DARLINGTON},Referrals,120,30,25.0,6,5.0",
            f"2024,Reporting year,{DARLINGTON},Referrals,110,22,20.0,11,10.0",
        ],
    )
    _write(
        folder,
        "ons_mid-year_population_estimates_2012_to_2024.csv",
        [
            f"time_period,time_identifier,{PLACE},age_group,population_estimate",
            f"2024,Reporting year,{ENGLAND},Children aged 0 to 17 years,100000",
            f"2024,Reporting year,{DARLINGTON},Children aged 0 to 17 years,4000",
        ],
    )
    long_header = f"time_period,time_identifier,{PLACE},cla_group,placement_stability,children_count,children_percent"
    group = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"
    _write(
        folder,
        "la_cla_placement_stability.csv",
        [
            long_header,
            f"2025,Reporting year,{DARLINGTON},{group},Living with the same carer for at least 2 years,30,75",
            f"2025,Reporting year,{DARLINGTON},{group},Total children,40,100",
            f"2025,Reporting year,{DARLINGTON},CLA 2 years on 31 March,Total children,50,100",
        ],
    )
    _write(
        folder,
        "sn_model_2025_wide.csv",
        ["old_la_code,la_name,region_ind,region_name,SN_1,SN_1P,SN_2,SN_2P", "841,Darlington,1,North East,805,Close,,"],
    )
    return folder


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "scorecard.duckdb"


def _query(db: Path, sql: str, *parameters) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(parameters)).fetchall()


def test_figures_by_area_and_year(files, db):
    api.import_benchmarks([files], db)
    rows = _query(
        db,
        "SELECT area_code, year, level, value, numerator, denominator FROM benchmark "
        "WHERE indicator_id = 'rereferrals_12m' ORDER BY year, area_code",
    )
    assert rows == [
        ("841", "2023-24", "la", 20.0, 22.0, 110.0),
        ("805", "2024-25", "la", None, None, 100.0),
        ("841", "2024-25", "la", 25.0, 30.0, 120.0),
        ("E12000001", "2024-25", "region", 22.0, 110.0, 500.0),
        ("E92000001", "2024-25", "england", 20.0, 200.0, 1000.0),
    ]


def test_suppressed_cells_are_not_available_with_their_code(files, db):
    reads = api.import_benchmarks([files], db)
    (c1,) = [r for r in reads if r.path.endswith("2013_to_2025.csv")]
    assert c1.not_available["c"] == 1
    assert _query(db, "SELECT status FROM benchmark WHERE area_code = '805' AND indicator_id = 'rereferrals_12m'") == [
        ("c",)
    ]


def test_rates_divide_by_the_population_of_the_mid_year_before(files, db):
    api.import_benchmarks([files], db)
    rates = dict(
        _query(
            db, "SELECT area_code, value FROM benchmark WHERE indicator_id = 'referrals_rate_10k' AND year = '2024-25'"
        )
    )
    assert rates["841"] == pytest.approx(120 / 4000 * 10_000)
    assert rates["E92000001"] == pytest.approx(1000 / 100000 * 10_000)
    assert rates["805"] is None  # no population for Hartlepool: not available, never 0
    status = _query(db, "SELECT status FROM benchmark WHERE indicator_id = 'referrals_rate_10k' AND area_code = '805'")
    assert status == [("no population",)]


def test_long_files_take_numerator_and_total_rows(files, db):
    api.import_benchmarks([files], db)
    assert _query(
        db, "SELECT value, numerator, denominator FROM benchmark WHERE indicator_id = 'cla_long_term_stability'"
    ) == [(75.0, 30.0, 40.0)]


def test_every_row_is_accounted_for(files, db):
    reads = {Path(r.path).name: r for r in api.import_benchmarks([files], db)}
    stability = reads["la_cla_placement_stability.csv"]
    assert (stability.rows_read, len(stability.figures), stability.rows_not_used) == (3, 1, 1)
    c1 = reads["c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"]
    assert c1.rows_read == 5 and c1.rows_not_used == 0


def test_neighbours_and_codes_both_ways(files, db):
    api.import_benchmarks([files], db)
    assert _query(db, "SELECT model, area_code, rank, neighbour_code, closeness FROM neighbour") == [
        ("2025", "841", 1, "805", "Close")
    ]
    with Store.open(db, read_only=True) as store:
        from scorecard.judge.benchmarks import resolve_code

        assert resolve_code(store.con, "E06000005") == "841"
        assert resolve_code(store.con, "841") == "841"


def test_importing_again_replaces_rather_than_doubles(files, db):
    api.import_benchmarks([files], db)
    api.import_benchmarks([files], db)
    assert _query(db, "SELECT count(*) FROM benchmark WHERE indicator_id = 'rereferrals_12m'") == [(5,)]
    assert _query(db, "SELECT count(*) FROM neighbour") == [(1,)]


def test_lait_fills_what_the_ees_files_do_not(files, db, tmp_path):
    lait = tmp_path / "bds_long_0.parquet"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT * FROM (VALUES "
            "('CP_conf_15days', 'ICPCs in 15 days', '2025', 'Darlington', '81.5', 841.0, 'North East'), "
            "('CP_conf_15days', 'ICPCs in 15 days', '2025', 'England', '78.0', 970.0, 'NA'), "
            "('ReReferral', 're-referrals', '2025', 'Darlington', '99.9', 841.0, 'North East'), "
            "('RTA', 'road accidents', '2025', 'Darlington', '3.0', 841.0, 'North East')) "
            'AS t("Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region")) '
            f"TO '{lait}' (FORMAT parquet)"
        )
    api.import_benchmarks([files, lait], db)
    (comparison,) = [c for i, _, c in api.benchmarks("2024-25", "841", db, ids=["icpc_15wd"])]
    assert (comparison.published, comparison.england) == (81.5, 78.0)
    # Where the EES file has the figure, it wins over LAIT's.
    (rereferrals,) = [c for i, _, c in api.benchmarks("2024-25", "841", db, ids=["rereferrals_12m"])]
    assert rereferrals.published == 25.0


def test_a_file_it_cannot_read_leaves_the_store_as_it_was(files, db, tmp_path):
    api.import_benchmarks([files], db)
    before = _query(db, "SELECT count(*) FROM benchmark")
    broken = _write(
        tmp_path,
        "c1_children_in_need_referrals_and_rereferrals_2026.csv",
        ["time_period,geographic_level", "2026,National"],
    )
    with pytest.raises(PublishedFileError, match="referral_count"):
        api.import_benchmarks([files, broken], db)
    assert _query(db, "SELECT count(*) FROM benchmark") == before


def test_an_unknown_file_is_named(tmp_path, db):
    stray = _write(tmp_path, "notes.csv", ["a,b", "1,2"])
    with pytest.raises(PublishedFileError, match=r"notes\.csv: not a file scorecard can import"):
        api.import_benchmarks([stray], db)


def test_a_bad_year_names_file_and_line(files, db):
    path = files / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    path.write_text(path.read_text().replace("2024,Reporting", "last year,Reporting"))
    with pytest.raises(PublishedFileError, match=r"line 6: time_period 'last year'"):
        api.import_benchmarks([files], db)


def test_the_config_chooses_the_neighbours(files, db, tmp_path):
    _write(
        files,
        "New_Statistical_Neighbour_Groupings_April_2021.csv",
        ["LA num,LA Name,LA number,GOInd,GOReg,SN1,SNP,", "841,Darlington,841,1,North East,999,Close,"],
    )
    api.import_benchmarks([files], db)
    config = tmp_path / "scorecard.yml"
    chosen = {}
    for setting in ("", "statistical_neighbours: 2021\n", "statistical_neighbours: [E06000005]\n"):
        config.write_text(setting, encoding="utf-8")
        with Store.open(db, read_only=True) as store:
            chosen[setting] = Benchmarks(store.con, "841", load_config(config)).neighbours
    assert list(chosen.values()) == [("805",), ("999",), ("841",)]  # the latest model, 2021's, the list (by ONS code)
