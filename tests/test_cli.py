"""The command line: a thin layer over the API, plain messages, no tracebacks."""

import os
import subprocess
import sys

from typer.testing import CliRunner

from scorecard.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()


def scorecard(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """Run the command as a user would, in a terminal wide enough for its tables."""
    wide = os.environ | {"COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "scorecard", *args], capture_output=True, text=True, cwd=cwd, check=False, env=wide
    )


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "synth", "load", "summary", "dictionary", "period", "workdays"):
        assert command in result.output


def test_period():
    result = runner.invoke(app, ["period", "2023-24 Q4"])
    assert "2024-01-01 to 2024-03-31 (91 days)" in result.output


def test_workdays_over_easter():
    result = runner.invoke(app, ["workdays", "2024-03-28", "2024-04-02"])
    assert "1 working day from" in result.output


def test_bad_input_gets_a_message_not_a_traceback():
    result = scorecard("period", "2023-25")
    assert result.returncode == 1
    assert "error: '2023-25' is neither a financial year" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_loading_a_missing_file(tmp_path):
    result = scorecard("load", str(tmp_path / "absent.xml"), "--db", str(tmp_path / "s.duckdb"))
    assert result.returncode == 1
    assert "there is no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_summary_of_a_missing_store(tmp_path):
    result = scorecard("summary", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert "there is no store" in result.stderr


def test_demo_generates_loads_and_summarises(tmp_path):
    result = scorecard("demo", "--size", "small", "--years", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "rows read = loaded + quarantined" in result.stdout
    assert "rows per table" in result.stdout
    assert "Figures for 2025-26 Q4" in result.stdout
    assert "Referrals" in result.stdout
    assert (tmp_path / "scorecard-demo" / "scorecard.duckdb").exists()
    assert not (tmp_path / "scorecard.duckdb").exists(), "the demo keeps apart from a real store"
    reports = sorted(p.name for p in (tmp_path / "scorecard-demo" / "report").iterdir())
    assert reports == [f"northbridge-synthetic-2025-26-q4-public.{f}" for f in ("docx", "html", "pdf", "xlsx")]
    assert all(f"Report: scorecard-demo/report/{name}" in result.stdout for name in reports)
    again = scorecard("demo", "--size", "small", "--years", "2", cwd=tmp_path)
    assert again.returncode == 0
    assert "Nothing new to load" in again.stdout
    assert "already loaded with the same content" in again.stdout


def test_load_then_summary(tmp_path, small_la):
    db = str(tmp_path / "s.duckdb")
    loaded = scorecard("load", str(small_la / "cin_census"), "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    summary = scorecard("summary", "--db", db)
    assert "cin_episode" in summary.stdout


def test_validate_lists_findings_as_csv_and_fails_on_errors(small_la):
    result = scorecard("validate", str(small_la / "ssda903"), "--la", "001", "--format", "csv")
    assert result.returncode == 1  # the planted invalid codes would be refused
    lines = result.stdout.splitlines()
    assert lines[0] == "file,location,child_id,field,value,rule,severity,message"
    assert any(",unknown_code,error," in line and "'U7'" in line for line in lines)
    assert any(",missing_header,warning," in line for line in lines)


def test_validate_a_clean_file(tmp_path):
    result = scorecard("validate", str(FIXTURES / "cin_census_2023-24.xml"))
    assert result.returncode == 0, result.stderr
    assert "Validation (nothing loaded)" in result.stdout
    assert "boolean_words" in result.stdout  # ReferralNFA written as true


def test_loads_and_findings(tmp_path):
    db = str(tmp_path / "s.duckdb")
    assert scorecard("load", str(FIXTURES / "ssda903"), "--db", db, "--la", "123").returncode == 0
    history = scorecard("loads", "--db", db)
    assert "episodes.csv" in history.stdout and "ssda903_header" in history.stdout
    found = scorecard("findings", "--db", db, "--format", "csv")
    assert "unknown_code,error" in found.stdout and "'C3'" in found.stdout
