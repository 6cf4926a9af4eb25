"""The benchmarks import checked against the real DfE files in ../shared/reference.

Everything scorecard says about an LA's published figures (England, region,
statistical-neighbour mean, quartile band) is recomputed here straight from the
raw CSVs with the `csv` module and `statistics`, not with scorecard's readers, so
a mistake in a reader, in the measure mapping or in the banding shows up as a
difference. Row accounting, suppression codes, LA codes, polarities and the ONS
population import are checked against the raw files in the same way.

The whole reference folder is imported once per module into a temporary store.
Every test skips, with the reason, when ../shared/reference is absent (a fresh
clone has no shared folder)."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import yaml
from python_calamine import CalamineWorkbook

from scorecard import api
from scorecard.indicators import definitions
from scorecard.judge.benchmarks import resolve_code
from tests.conftest import REFERENCE, reference

PERIOD = "2024-25"  # ends 31 March 2025
MEASURES_YML = Path(__file__).resolve().parents[1] / "src" / "scorecard" / "published" / "measures.yml"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
SN_2025 = "sn_model_2025_wide.csv"
ENGLAND = "E92000001"
LONDON = "E12000007"

# Kirklees, Camden, Cornwall, Barnsley: a metropolitan district, an inner London
# borough, a unitary county, and an LA whose ONS code changed.
LAS = ("382", "202", "908", "370")


@dataclass(frozen=True)
class Spec:
    """Where an indicator's figure for PERIOD sits in a raw EES file."""

    file: str
    time_period: str
    column: str
    polarity: str  # as the DfE (LAIT) has it: down = lower is better
    where: tuple[tuple[str, str], ...] = ()


SPECS = {
    "rereferrals_12m": Spec(C1, "2025", "rereferral_percent", "down"),
    "cla_long_term_stability": Spec(
        "la_cla_placement_stability.csv",
        "2025",
        "children_percent",
        "up",
        (
            ("cla_group", "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"),
            ("placement_stability", "Living with the same carer for at least 2 years"),
        ),
    ),
    "cpp_repeat_ever": Spec("d3_cpps_subsequent_plan_2013_to_2025.csv", "2025", "CPP_subsequent_percent", "down"),
    # The workforce census of 30 September 2024 (time_period 2024) is the latest
    # one taken by the end of 2024-25.
    "sw_vacancy_rate": Spec("csww_indicators_2017_to_2025.csv", "2024", "vacancy_rate_fte", "down"),
}


# --- the raw files, read without scorecard ---------------------------------------


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_number(cell: str | None) -> float | None:
    """A published cell as a number, or None for a suppression code (c, x, z, low, u...)."""
    try:
        return float((cell or "").strip().replace(",", ""))
    except ValueError:
        return None


@dataclass
class RawYear:
    england: float | None
    regions: dict[str, float | None]  # region code -> figure
    las: dict[str, float | None]  # old 3-digit LA code -> figure
    region_of: dict[str, str]  # old LA code -> the region code on its row


@cache
def raw_year(indicator_id: str) -> RawYear:
    spec = SPECS[indicator_id]
    year = RawYear(None, {}, {}, {})
    for row in raw_rows(REFERENCE / "dfe_published" / spec.file):
        if row["time_period"] != spec.time_period or any(row[k] != v for k, v in spec.where):
            continue
        value = raw_number(row[spec.column])
        level = row["geographic_level"]
        if level == "National":
            year.england = value
        elif level == "Regional":
            year.regions[row["region_code"]] = value
        elif level == "Local authority":
            # A few workforce rows are for two LAs that share a service ("940 / 941");
            # the figure stands for each of them, as LAIT lists it.
            for code in row["old_la_code"].split("/"):
                year.las[code.strip()] = value
                year.region_of[code.strip()] = row["region_code"]
    return year


@cache
def raw_neighbours() -> dict[str, list[str]]:
    """The 2025 model's ten neighbours of each LA, closest first."""
    rows = raw_rows(REFERENCE / "statistical_neighbours" / SN_2025)
    return {r["old_la_code"].strip(): [r[f"SN_{rank}"].strip() for rank in range(1, 11)] for r in rows}


def raw_band(value: float, values: list[float], polarity: str) -> str:
    """LAIT's quartile band: R type-7 quartiles, `<=` at each boundary, A the favourable quarter."""
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    quarter = 0 if value <= q1 else 1 if value <= q2 else 2 if value <= q3 else 3  # 0 = lowest values
    return "ABCD"[quarter] if polarity == "down" else "ABCD"[3 - quarter]


def published(year: RawYear) -> list[float]:
    return [v for v in year.las.values() if v is not None]


# --- the store ---------------------------------------------------------------------


@dataclass
class Imported:
    db: Path
    reads: dict[str, api.Read]  # by file name
    order: list[str]  # the file names in the order they were imported


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Imported:
    folders = [reference("dfe_published"), reference("lait"), reference("statistical_neighbours")]
    db = tmp_path_factory.mktemp("reference_benchmarks") / "scorecard.duckdb"
    reads = api.import_benchmarks(folders, db)
    return Imported(db, {Path(r.path).name: r for r in reads}, [Path(r.path).name for r in reads])


@pytest.fixture(scope="module")
def comparisons(imported) -> dict[tuple[str, str], api.Comparison]:
    """scorecard's comparison for each (LA, indicator) of the checks below."""
    found = {}
    for la in LAS:
        for indicator_id, _unit, comparison in api.benchmarks(PERIOD, la, imported.db, ids=list(SPECS)):
            found[(la, indicator_id)] = comparison
    return found


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def combinations() -> list[tuple[str, str, float]]:
    """(LA, indicator, the LA's raw figure) for every combination not suppressed."""
    found = []
    for indicator_id in SPECS:
        for la in LAS:
            value = raw_year(indicator_id).las.get(la)
            if value is not None:
                found.append((la, indicator_id, value))
    return found


# --- 1. neighbours, bands, England and region, recomputed from the raw files --------


def test_neighbour_mean_matches_raw_files(imported, comparisons):
    checked, wrong = 0, []
    for la, indicator_id, _ in combinations():
        year = raw_year(indicator_id)
        # Suppressed or missing neighbours are dropped, as LAIT's mean(na.rm = TRUE).
        present = [year.las[c] for c in raw_neighbours()[la] if year.las.get(c) is not None]
        got = comparisons[(la, indicator_id)]
        if got.neighbours_mean != pytest.approx(statistics.fmean(present)) or got.neighbours_count != len(present):
            wrong.append((la, indicator_id, statistics.fmean(present), len(present), got.neighbours_mean))
        checked += 1
    assert not wrong, f"(LA, indicator, raw mean, raw count, scorecard's mean): {wrong}"
    assert checked >= 12


def test_quartile_band_matches_raw_files(imported, comparisons):
    checked, wrong = 0, []
    for la, indicator_id, value in combinations():
        expected = raw_band(value, published(raw_year(indicator_id)), SPECS[indicator_id].polarity)
        got = comparisons[(la, indicator_id)]
        if (got.published, got.published_band) != (value, expected):
            wrong.append((la, indicator_id, value, expected, got.published, got.published_band))
        checked += 1
    assert not wrong, f"(LA, indicator, raw figure, raw band, scorecard's figure, band): {wrong}"
    assert checked >= 12


def test_england_and_region_match_raw_files(imported, comparisons):
    checked, wrong = 0, []
    for la, indicator_id, _ in combinations():
        year, got = raw_year(indicator_id), comparisons[(la, indicator_id)]
        # London boroughs' rows name Inner or Outer London; their region is London.
        region = year.region_of[la]
        expected_region = year.regions[LONDON if region in ("E13000001", "E13000002") else region]
        if (got.england, got.region) != (year.england, expected_region):
            wrong.append((la, indicator_id, (year.england, expected_region), (got.england, got.region)))
        checked += 1
    assert not wrong, f"(LA, indicator, raw (England, region), scorecard's): {wrong}"
    assert checked >= 12


def test_rank_counts_every_la_once(imported, comparisons):
    """Rank among all LAs, out of the LAs with a figure (ties share the best rank)."""
    checked, wrong = 0, []
    for la, indicator_id, value in combinations():
        others = [v for code, v in raw_year(indicator_id).las.items() if code != la and v is not None]
        ahead = sum(1 for v in others if (v < value if SPECS[indicator_id].polarity == "down" else v > value))
        got = comparisons[(la, indicator_id)]
        if (got.published_rank, got.rank_of) != (1 + ahead, len(others) + 1):
            wrong.append((la, indicator_id, (1 + ahead, len(others) + 1), (got.published_rank, got.rank_of)))
        checked += 1
    assert not wrong, f"(LA, indicator, raw (rank, of), scorecard's): {wrong}"
    assert checked >= 12


def test_shared_workforce_rows_are_counted_once(imported, comparisons):
    """The EES workforce file has one row for each of two LA pairs ('940 / 941', '314 / 318');
    LAIT has the figure under each LA's own code, and so does scorecard: each LA once."""
    year = raw_year("sw_vacancy_rate")
    assert len(published(year)) == 153
    stored = query(
        imported.db,
        "SELECT area_code, value FROM benchmark WHERE indicator_id = 'sw_vacancy_rate' AND source = ? "
        "AND year = ? AND (area_code IN ('940', '941', '314', '318') OR area_code LIKE '%/%')",
        [SPECS["sw_vacancy_rate"].file, PERIOD],
    )
    # One figure under each LA's own code, the pair's figure; none under the shared code.
    assert sorted(stored) == sorted((code, year.las[code]) for code in ("940", "941", "314", "318"))
    assert year.las["940"] == year.las["941"] and year.las["314"] == year.las["318"]
    for la in LAS:
        assert comparisons[(la, "sw_vacancy_rate")].rank_of == len(published(year)) == 153


def test_london_borough_is_compared_with_london(imported, comparisons):
    """A London borough's EES rows name Inner or Outer London (E13000001/2); its region is
    the English region, London (E12000007), as in the config, measures.yml and LAIT."""
    year = raw_year("rereferrals_12m")
    assert year.region_of["202"] == "E13000001"  # Camden's row names Inner London
    assert year.regions[LONDON] == 19.4
    assert year.regions["E13000001"] != year.regions[LONDON]
    assert comparisons[("202", "rereferrals_12m")].region == year.regions[LONDON]


# --- 2. judging by the LA's ONS code, with no case data ---------------------------


def test_kirklees_judged_by_new_code_without_case_data(imported):
    (judged,) = api.judge(PERIOD, imported.db, la="E08000034", ids=["rereferrals_12m"])
    year = raw_year("rereferrals_12m")
    present = [year.las[c] for c in raw_neighbours()["382"] if year.las.get(c) is not None]
    assert judged.result.la_code == "382"
    assert judged.result.value is None
    assert "not available" in judged.result.note
    comparison = judged.comparison
    assert comparison.year == PERIOD
    assert comparison.england == year.england == 22.6
    assert comparison.region == year.regions["E12000003"]  # Yorkshire and The Humber
    assert comparison.neighbours_mean == pytest.approx(statistics.fmean(present))
    assert comparison.published == year.las["382"]


# --- 3. old and new LA codes ----------------------------------------------------


def test_every_la_code_pair_is_in_the_area_table(imported):
    held = set(query(imported.db, "SELECT area_code, new_code FROM area WHERE level = 'la'"))
    rows = raw_rows(REFERENCE / "dfe_published" / C1)
    pairs = {
        (r["old_la_code"], r["new_la_code"])
        for r in rows
        if r["time_period"] == "2025" and r["geographic_level"] == "Local authority"
    }
    assert len(pairs) == 153
    assert pairs <= held, f"missing from the area table: {sorted(pairs - held)}"


@pytest.mark.parametrize(
    ("new_code", "old_code"),
    [
        ("E08000034", "382"),  # Kirklees
        ("E09000007", "202"),  # Camden
        ("E06000052", "908"),  # Cornwall
        ("E08000016", "370"),  # Barnsley, as the CIN files give it
        ("E08000038", "370"),  # Barnsley's later ONS code, from other files
        ("382", "382"),  # a 3-digit code is kept as it is
    ],
)
def test_resolve_code_gives_the_three_digit_code(imported, new_code, old_code):
    with duckdb.connect(str(imported.db), read_only=True) as con:
        assert resolve_code(con, new_code) == old_code


# --- 4. suppression codes -------------------------------------------------------


def test_suppressed_cells_are_kept_as_not_available(imported):
    rows = raw_rows(REFERENCE / "dfe_published" / C1)
    raw_codes = {}
    for r in rows:
        if raw_number(r["rereferral_percent"]) is None:
            level = r["geographic_level"]
            area = ENGLAND if level == "National" else r["region_code"] if level == "Regional" else r["old_la_code"]
            year = int(r["time_period"])
            raw_codes[(f"{year - 1}-{str(year)[2:]}", area)] = r["rereferral_percent"].strip().lower()
    stored = query(
        imported.db,
        "SELECT year, area_code, status FROM benchmark "
        "WHERE indicator_id = 'rereferrals_12m' AND source = ? AND value IS NULL",
        [C1],
    )
    c_cells = sum(1 for r in rows if r["rereferral_percent"].strip() == "c")
    assert c_cells > 0
    assert sum(1 for *_, status in stored if status == "c") == c_cells
    assert {(year, area): status for year, area, status in stored} == raw_codes
    # None of them was read as a zero.
    zeros = query(
        imported.db,
        "SELECT count(*) FROM benchmark WHERE indicator_id = 'rereferrals_12m' AND source = ? AND value = 0",
        [C1],
    )
    assert zeros[0][0] == sum(1 for r in rows if raw_number(r["rereferral_percent"]) == 0)


# --- 5. row accounting ----------------------------------------------------------


@cache
def english_regions() -> frozenset[str]:
    return frozenset(yaml.safe_load(MEASURES_YML.read_text(encoding="utf-8"))["regions"].values())


def raw_areas(row: dict[str, str]) -> list[str]:
    """The areas an EES row gives a figure for: England; an English region (E12...),
    not Inner or Outer London (E13...); an LA, or each LA of a row two LAs share
    ("940 / 941")."""
    level = row["geographic_level"]
    if level == "National":
        return [ENGLAND]
    if level == "Regional":
        code = row["region_code"].strip()
        named = not code and row["region_name"].strip() in english_regions()
        return [code or row["region_name"].strip()] if code.startswith("E12") or named else []
    if level == "Local authority":
        return [code.strip() for code in row.get("old_la_code", "").split("/") if code.strip()]
    return []


def expected_ees(path: Path, measures: dict) -> tuple[int, int, int]:
    """(rows, figures, rows not used) that reading `measures` from an EES file should give:
    a figure per row, area and measure in wide files, per area, year and measure in long ones."""
    rows = raw_rows(path)
    figures, not_used, groups = 0, 0, set()
    for r in rows:
        areas = raw_areas(r)
        wanted = [i for i, m in measures.items() if all(r[k] == v for k, v in m.get("where", {}).items())]
        if not areas or not wanted:
            not_used += 1
            continue
        for indicator_id in wanted:
            for area in areas:
                if "category" in measures[indicator_id]:
                    groups.add((indicator_id, r["geographic_level"], area, r["time_period"]))
                else:
                    figures += 1
    return len(rows), figures + len(groups), not_used


def test_every_ees_file_accounts_for_its_rows(imported):
    mapped = yaml.safe_load(MEASURES_YML.read_text(encoding="utf-8"))
    checked = 0
    for name, read in imported.reads.items():
        stem = next((s for s in mapped["ees"] if name.startswith(s)), None)
        if stem is None:
            continue
        path = REFERENCE / "dfe_published" / name
        assert (read.rows_read, len(read.figures), read.rows_not_used) == expected_ees(
            path, mapped["ees"][stem]["measures"]
        ), name
        checked += 1
    assert checked == len(mapped["ees"])
    # The example in the brief, stated plainly: four measures on every c1 row but the
    # 26 of Inner and Outer London (13 years), which are not English regions.
    c1 = imported.reads[C1]
    assert (c1.rows_read, c1.rows_not_used) == (2132, 26)
    assert len(c1.figures) == 4 * (c1.rows_read - c1.rows_not_used)
    # The workforce file's 14 rows for two LAs give a figure for each LA.
    csww = imported.reads[SPECS["sw_vacancy_rate"].file]
    assert not any("/" in f.area_code for f in csww.figures)


def test_population_file_accounts_for_its_rows(imported):
    name = next(n for n in imported.reads if n.startswith("ons_mid-year_population_estimates"))
    rows = raw_rows(REFERENCE / "dfe_published" / name)
    kept = [r for r in rows if raw_number(r["population_estimate"]) is not None and raw_areas(r)]
    assert sum(1 for r in rows if r["region_code"].startswith("E13") and r["geographic_level"] == "Regional") == 26
    read = imported.reads[name]
    assert (read.rows_read, len(read.population), read.rows_not_used) == (len(rows), len(kept), len(rows) - len(kept))


def raw_row_count(path: Path) -> int:
    """The data rows of a file: a CSV's rows but the header, a workbook's first sheet's rows but one."""
    if path.suffix == ".xlsx":
        return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()) - 1
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_files_with_nothing_to_store_say_so(imported):
    mapped = yaml.safe_load(MEASURES_YML.read_text(encoding="utf-8"))
    others = [n for n in imported.reads if any(n.startswith(stem) for stem in mapped["other"])]
    assert len(others) == len(mapped["other"])
    paths = [REFERENCE / "dfe_published" / name for name in others] + [
        REFERENCE / "lait" / "lait_data_dictionary.csv",
        REFERENCE / "lait" / "la_code_list.xlsx",
        REFERENCE / "statistical_neighbours" / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv",
    ]
    for path in paths:
        read = imported.reads[path.name]
        count = raw_row_count(path)
        assert count > 0, path.name
        assert read.note.startswith("nothing stored"), path.name
        assert (read.rows_read, read.rows_not_used) == (count, count), path.name
        assert (read.figures, read.population, read.neighbours) == ([], [], []), path.name


def test_lait_table_accounts_for_its_rows(imported):
    read = imported.reads["bds_long_0.parquet"]
    assert read.rows_read == pq.read_metadata(REFERENCE / "lait" / "bds_long_0.parquet").num_rows
    assert len(read.figures) + read.rows_not_used == read.rows_read
    assert 0 < len(read.figures) < read.rows_read


def neighbour_table(rows: list[list], code_column: str) -> tuple[int, int, int]:
    """(rows after the header, rows not used, neighbours named) of a neighbour model sheet.
    The model ends at a titled block below it (",Old SNs:,,,": no LA code, text in another
    cell), which lists LAs since reorganised; its rows and those without an LA code are not used."""
    start = next(i for i, r in enumerate(rows) if str(r[0]).strip() == code_column)
    header = [str(h).strip() for h in rows[start]]
    columns = [i for i, h in enumerate(header) if h.replace("_", "") in {f"SN{k}" for k in range(1, 11)}]
    assert len(columns) == 10

    def code(cell) -> str:
        text = str(cell).strip().removesuffix(".0")
        return text if text.isdigit() else ""

    body = rows[start + 1 :]
    end = next(
        (i for i, r in enumerate(body) if not code(r[0]) and any(str(c).strip() for c in r)),
        len(body),
    )
    with_code = [r for r in body[:end] if code(r[0])]
    named = sum(1 for r in with_code for i in columns if i < len(r) and code(r[i]))
    return len(body), len(body) - len(with_code), named


@pytest.mark.parametrize(
    ("folder", "name", "code_column"),
    [
        ("statistical_neighbours", SN_2025, "old_la_code"),
        ("statistical_neighbours", "New_Statistical_Neighbour_Groupings_April_2021.csv", "LA num"),
        ("lait", "sn_may_2025.xlsx", "LA num"),
    ],
)
def test_neighbour_files_account_for_their_rows(imported, folder, name, code_column):
    path = REFERENCE / folder / name
    if path.suffix == ".xlsx":
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    read = imported.reads[name]
    assert (read.rows_read, read.rows_not_used, len(read.neighbours)) == neighbour_table(rows, code_column)


def test_the_2025_model_is_the_csv(imported):
    """Every LA of the CSV edition has its ten neighbours, in order, and no other LA has
    any. (LAIT's spreadsheet, also imported as 2025, lists the same ones; the
    pre-reorganisation LAs of its "Old SNs:" block are not part of the model.)"""
    stored = query(imported.db, "SELECT area_code, rank, neighbour_code FROM neighbour WHERE model = '2025'")
    held = defaultdict(dict)
    for la, rank, neighbour in stored:
        held[la][rank] = neighbour
    for la, neighbours in raw_neighbours().items():
        assert [held[la].get(rank) for rank in range(1, 11)] == neighbours, la
    assert set(held) == set(raw_neighbours())
    assert not {"835", "836", "837", "928", "909"} & set(held)  # Dorset, Poole, Bournemouth (pre LG)...


# --- 6. polarity, as LAIT has it --------------------------------------------------


def test_polarity_agrees_with_lait(imported):
    rows = raw_rows(reference("lait", "lait_data_dictionary.csv"))
    lait = defaultdict(set)
    for r in rows:
        lait[r["Measure_short"].strip()].add(r["Polarity"].strip())
    catalogue = definitions()
    mapped = yaml.safe_load(MEASURES_YML.read_text(encoding="utf-8"))["lait"]
    checked, wrong = 0, []
    for short, spec in mapped.items():
        said = lait.get(short, set()) & {"High", "Low"}
        if not said:
            continue  # "-" or NA: LAIT does not say which way is better
        assert len(said) == 1, f"LAIT gives {short} both polarities"
        expected = {"High": "up", "Low": "down"}[said.pop()]
        polarity = catalogue[spec["indicator"]].polarity
        if polarity != expected:
            wrong.append((short, spec["indicator"], expected, polarity))
        checked += 1
    assert not wrong, f"(LAIT measure, indicator, LAIT's polarity, scorecard's): {wrong}"
    assert checked >= 15


# --- 7. the ONS population --------------------------------------------------------


def test_population_of_kirklees_is_the_raw_estimate(imported):
    name = next(n for n in imported.reads if n.startswith("ons_mid-year_population_estimates"))
    raw = {
        int(r["time_period"]): int(r["population_estimate"])
        for r in raw_rows(REFERENCE / "dfe_published" / name)
        if r["geographic_level"] == "Local authority" and r["old_la_code"] == "382"
    }
    stored = dict(query(imported.db, "SELECT mid_year, population FROM population WHERE la_code = '382'"))
    assert stored[2024] == raw[2024] == 99822
    assert stored == raw


def test_reference_files_are_all_imported(imported):
    """Nothing in the three folders was passed over, and they were read folder by folder,
    each in name order (so the CSV edition of the 2025 model comes after LAIT's)."""
    on_disk = [
        p.name
        for folder in ("dfe_published", "lait", "statistical_neighbours")
        for p in sorted((REFERENCE / folder).iterdir())
        if p.suffix in (".csv", ".parquet", ".xlsx")
    ]
    assert imported.order == on_disk
    assert imported.order.index(SN_2025) > imported.order.index("sn_may_2025.xlsx")
