"""Reading column by column, as national loads need: the fast CSV path gives exactly
what reading row by row gives, a batch converts as its records would one by one, and
the staging folder never outlives its load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.ingest import staging
from scorecard.ingest.convert import Converter
from scorecard.ingest.load import LoadError, load
from scorecard.ingest.records import RawBatch, RawRecord, gathered
from scorecard.ingest.tabular import _by_arrow, _by_rows, csv_columns
from scorecard.store.database import Store
from tests.conftest import FIXTURES

CELLS = st.lists(st.sampled_from([*"ab1 ,\"'é\t\n", "\r\n"]), max_size=6).map("".join)


def _same_columns(path: Path) -> None:
    fast, slow = _by_arrow(path.read_bytes()), _by_rows(path)
    if fast is None:
        return
    assert fast.lines == slow.lines
    # Row by row, a column every row leaves out is never seen; Arrow keeps it, all empty.
    for name, values in fast.columns.items():
        expected = slow.columns.get(name)
        assert values.to_pylist() == (expected.to_pylist() if expected is not None else [""] * len(fast.lines))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=4), max_size=8), header=st.lists(CELLS, min_size=1, max_size=4)
)
def test_arrow_reads_a_csv_as_reading_it_row_by_row_does(tmp_path, rows, header):
    def line(cells: list[str]) -> str:
        return ",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if any(x in c for x in ',"\r\n') else c for c in cells)

    path = tmp_path / "file.csv"
    path.write_bytes("\r\n".join(line(r) for r in [header, *rows]).encode())
    _same_columns(path)


@pytest.mark.parametrize(
    ("content", "fast"),
    [
        (b"\xef\xbb\xbfCHILD,DECOM\r\nC1,01/04/2024\r\n\r\nC2,02/04/2024\r\n", True),  # BOM, CRLF, a blank line
        (b"a,b\n1,2\n , \n3,4", True),  # a row of spaces, no newline at the end
        (b"a,a\n1,2\n", True),  # the header repeats a name: the last column counts
        (b'a,b\n1,"x\ny"\n2,3\n', False),  # a value over two lines
        (b"a,b\n1\n2,3,4\n", False),  # rows shorter and longer than the header
        ("a,b\n\xe9,1\n".encode("cp1252"), False),  # Windows-1252, as Excel saves it
    ],
)
def test_plain_files_take_the_fast_path_and_the_rest_read_the_same(tmp_path, content, fast):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    assert (_by_arrow(content) is not None) == fast
    read = csv_columns(path)
    slow = _by_rows(path)
    assert read.lines == slow.lines
    assert {k: v.to_pylist() for k, v in read.columns.items()} == {k: v.to_pylist() for k, v in slow.columns.items()}


def test_the_fast_path_names_the_right_lines(tmp_path):
    path = tmp_path / "file.csv"
    path.write_bytes(b"a,b\n1,2\n\n,\n3,4\n")
    read = csv_columns(path)
    assert read.lines == [2, 5] and read.columns["b"].to_pylist() == ["2", "4"]


def _records() -> list[RawRecord]:
    """Cells with every kind of problem, and repeats of them (converted once each)."""
    values = [
        {"child_id": "C1", "referral_id": "C1/a", "referral_date": "2024-04-01", "closure_date": "2024-03-01"},
        {"child_id": " C2 ", "referral_id": "C2/a", "referral_date": "01/04/2024", "referral_nfa": "true"},
        {"child_id": "C3", "referral_id": "C3/a", "referral_date": "2024-02-30", "referral_source": "ZZ"},
        {"child_id": "C4", "referral_id": "", "referral_date": "2024-04-01", "referral_source": "1A"},
        {"child_id": "C5", "referral_id": "C5/a", "referral_date": " ", "referral_nfa": "maybe"},
        {"child_id": "C6", "referral_id": "C6/a", "referral_date": "2024-04-01", "referral_source": "ZZ"},
    ]
    names = dict.fromkeys(name for v in values for name in v)
    return [
        RawRecord("cin_episode", {name: v.get(name) for name in names}, f"record {n}", v["child_id"].strip())
        for n, v in enumerate(values)
    ]


def test_a_batch_converts_as_its_records_would_one_at_a_time():
    records = _records()
    (batch,) = gathered(records)
    whole = Converter("file.xml", "CIN", 2024).convert(batch)
    for row, record in enumerate(records):
        (alone,) = gathered([record])
        one = Converter("file.xml", "CIN", 2024).convert(alone)
        assert {k: v[row].as_py() for k, v in whole.columns.items()} == {
            k: v[0].as_py() for k, v in one.columns.items()
        }
        assert [f for order, _, f in whole.findings if order == row] == [f for _, _, f in one.findings]
        assert whole.errors[row].as_py() == one.errors[0].as_py()
    found = {(f.code, f.location) for _, _, f in whole.findings}
    assert found >= {
        ("end_before_start", "record 0"),
        ("boolean_words", "record 1"),
        ("bad_date", "record 2"),
        ("unknown_code", "record 2"),
        ("missing_value", "record 3"),
        ("missing_value", "record 4"),
        ("bad_flag", "record 4"),
        ("unknown_code", "record 5"),
    }


def test_records_naming_other_columns_are_batched_apart_however_they_alternate():
    """Annex A's lists give one table different columns, record after record: one batch
    per set of columns, not one per change (a workbook made thousands of tiny batches)."""
    short = [RawRecord("child", {"child_id": f"C{n}"}, f"line {n}") for n in range(0, 6, 2)]
    long = [RawRecord("child", {"child_id": f"C{n}", "sex": "F"}, f"line {n}") for n in range(1, 6, 2)]
    alternating = [record for pair in zip(short, long, strict=True) for record in pair]
    batches: list[RawBatch] = list(gathered(alternating))
    assert [b.raw(0) for b in batches] == [{"child_id": "C0"}, {"child_id": "C1", "sex": "F"}]
    assert [b.order for b in batches] == [[0, 2, 4], [1, 3, 5]]
    assert [b.locations for b in batches] == [["line 0", "line 2", "line 4"], ["line 1", "line 3", "line 5"]]


def _staged(folder: Path) -> list[Path]:
    return list(folder.glob(f"{staging.PREFIX}*"))


def test_the_staging_folder_goes_when_the_load_ends_well_or_badly(tmp_path, monkeypatch):
    with Store.open(tmp_path / "scorecard.duckdb") as store:
        load(store, [FIXTURES / "cin_census_2023-24.xml"])
        assert _staged(tmp_path) == []

        def full_disk(*args: object) -> None:
            raise OSError("No space left on device")

        monkeypatch.setattr("scorecard.ingest.intake.Intake.write_history", full_disk)
        with pytest.raises(LoadError, match="No space left"):
            load(store, [FIXTURES / "ssda903"], la_code="123")
        assert _staged(tmp_path) == []
        assert store.con.execute("SELECT count(*) FROM source_file").fetchone() == (1,)


def test_a_killed_loads_staging_folder_is_removed_by_the_next_load(tmp_path):
    # The number of a process that cannot be running: above the kernel's limit.
    gone = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1 if Path("/proc/sys/kernel/pid_max").exists() else 2**22
    abandoned = tmp_path / f"{staging.PREFIX}{gone}-x"
    abandoned.mkdir()
    (abandoned / "1.child.parquet").write_bytes(b"child-level records")
    ours = tmp_path / f"{staging.PREFIX}{os.getpid()}-y"
    ours.mkdir()
    with Store.open(tmp_path / "scorecard.duckdb") as store:
        load(store, [FIXTURES / "cin_census_2023-24.xml"])
    assert not abandoned.exists() and ours.exists()
