"""Bad input: a one-paragraph message naming the file and what is wrong, a non-zero
exit code, no traceback, and the store as it was."""

import io
import os
import signal
import subprocess
import sys
import time

import pytest
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from scorecard.ingest.load import LoadError, load
from scorecard.store.database import Store
from tests.conftest import FIXTURES

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header>
<Children><Child><ChildIdentifiers><LAchildID>&lol9;</LAchildID></ChildIdentifiers></Child></Children></Message>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID></ChildIdentifiers></Child></Children></Message>
"""


def _workbook(path, locked=False):
    book = xlsxwriter.Workbook(str(path))
    for n in range(1, 4):
        book.add_worksheet(f"List {n}").write(0, 0, "Child Unique ID")
    book.close()
    if locked:
        plain = io.BytesIO(path.read_bytes())
        with path.open("wb") as out:
            OOXMLFile(plain).encrypt("secret", out)


def make_empty(path):
    path.write_bytes(b"")


def make_truncated(path):
    path.write_text((FIXTURES / "cin_census_2023-24.xml").read_text()[:1800])


def make_wrong_format(path):
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" * 50)


def make_missing_columns(path):
    path.write_text("CHILD,DECOM,RNE,LS,CIN,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n")


def make_locked(path):
    _workbook(path, locked=True)


def make_corrupt(path):
    _workbook(path)
    data = path.read_bytes()
    path.write_bytes(data[:200] + b"\x00" * 500 + data[700:])


def make_huge_garbage(path):
    with path.open("wb") as file:
        file.truncate(2 * 1024**3)  # sparse: 2 GB that take no disk


def make_billion_laughs(path):
    path.write_text(BILLION_LAUGHS)


def make_external_entity(path):
    path.write_text(EXTERNAL_ENTITY)


CASES = [
    ("empty.csv", make_empty, "the file is empty"),
    ("cut.xml", make_truncated, "the XML is broken at line"),
    ("report.pdf", make_wrong_format, "not a file scorecard reads"),
    ("2023-24/episodes.csv", make_missing_columns, "has no column PLACE"),
    ("locked.xlsx", make_locked, "protected by a password"),
    ("corrupt.xlsx", make_corrupt, "cannot be opened"),
    ("garbage.bin", make_huge_garbage, "not a file scorecard reads"),
    ("laughs.xml", make_billion_laughs, "document type (DTD)"),
    ("entity.xml", make_external_entity, "document type (DTD)"),
]


@pytest.fixture
def loaded_once(tmp_path):
    """A store that already holds one load, to show it is left as it was."""
    db = tmp_path / "scorecard.duckdb"
    with Store.open(db) as store:
        load(store, [FIXTURES / "cin_census_2023-24.xml"])
    return db


def snapshot(db):
    with Store.open(db, read_only=True) as store:
        tables = ("load", "source_file", "history.child", "child", "finding", "quarantine")
        return {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.mark.parametrize(("name", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_by_name(tmp_path, loaded_once, name, make, message):
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    make(path)
    before = snapshot(loaded_once)
    with Store.open(loaded_once) as store, pytest.raises(LoadError) as refused:
        load(store, [path], la_code="123")
    assert str(path) in str(refused.value)
    assert message in str(refused.value)
    assert snapshot(loaded_once) == before


@pytest.mark.parametrize(
    ("name", "make", "message"), CASES[:4] + CASES[7:8], ids=[c[0] for c in CASES[:4] + CASES[7:8]]
)
def test_the_command_line_says_so_without_a_traceback(tmp_path, name, make, message):
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    make(path)
    db = tmp_path / "s.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "scorecard", "load", str(path), "--db", str(db), "--la", "123"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert message in result.stderr and name.split("/")[-1] in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_bad_file_in_a_folder_stops_the_whole_load(tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "cin.xml").write_text((FIXTURES / "cin_census_2023-24.xml").read_text())
    make_empty(folder / "empty.csv")
    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(LoadError, match=r"empty\.csv: the file is empty"):
            load(store, [folder])
        assert store.con.execute("SELECT count(*) FROM source_file").fetchone()[0] == 0


def test_killing_a_load_midway_leaves_the_store_as_it_was(tmp_path, small_la, loaded_once):
    """A load is one transaction: kill the process part-way and nothing of it remains."""
    folders = [str(small_la / p) for p in ("cin_census", "ssda903", "ssd")]
    command = [sys.executable, "-m", "scorecard", "load", *folders, "--la", "001"]
    started = time.monotonic()
    subprocess.run([*command, "--db", str(tmp_path / "timing.duckdb")], capture_output=True, check=True)
    whole = time.monotonic() - started
    before = snapshot(loaded_once)
    running = subprocess.Popen(
        [*command, "--db", str(loaded_once)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(whole / 2)
    os.kill(running.pid, signal.SIGKILL)
    running.wait()
    assert running.returncode == -signal.SIGKILL, "the load finished before it could be killed"
    assert snapshot(loaded_once) == before
    # The store is still usable: the same load now completes.
    finished = subprocess.run([*command, "--db", str(loaded_once)], capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(loaded_once)["load"] == before["load"] + 1
