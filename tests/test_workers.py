"""Work shared out among fresh Python processes (`scorecard.workers`) and the charts
drawn that way (`scorecard.outputs.drawing`): the same answers as drawing here, in
order, errors raised where the work was asked for, and safe to call from a plain script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard import workers
from scorecard.outputs import drawing
from scorecard.outputs.charts import trend


def test_each_call_runs_in_its_own_process_and_answers_in_order():
    answers = workers.run_each(os.getpid, [(), (), ()])
    assert len(set(answers)) == 3 and os.getpid() not in answers
    assert workers.run_each(divmod, [(7, 2), (9, 4)]) == [(3, 1), (2, 1)]


def test_an_error_in_a_worker_is_raised_by_the_caller():
    with pytest.raises(ZeroDivisionError):
        workers.run_each(divmod, [(1, 0)])
    with pytest.raises(ValueError, match="invalid literal"):
        workers.start(int, "twelve").result()


def test_what_the_work_prints_does_not_spoil_the_answer():
    assert workers.run_each(print, [("noise on stdout",)]) == [None]


def test_a_script_without_a_main_guard_is_not_run_again(tmp_path: Path):
    """multiprocessing's spawn would import the caller's script in each worker."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from pathlib import Path\nfrom scorecard import workers\n"
        f"with open({str(tmp_path / 'runs.txt')!r}, 'a') as runs: runs.write('ran\\n')\n"
        "print(workers.run_each(abs, [(-1,), (-2,)]))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1, 2]"
    assert (tmp_path / "runs.txt").read_text() == "ran\n"


def _charts(n: int) -> list:
    return [trend(f"Chart {i}", "count", [("2025-26 Q1", i), ("2025-26 Q2", i + 1)]) for i in range(n)]


def test_charts_drawn_in_workers_match_charts_drawn_here(monkeypatch):
    charts = _charts(4)
    here = [drawing._draw(drawing.key(c.spec)) for c in charts]
    monkeypatch.setattr(drawing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(drawing, "_drawn", type(drawing._drawn)())
    drawing.draw_all(c.spec for c in charts)
    assert [drawing._drawn[drawing.key(c.spec)] for c in charts] == here
    assert all(d.png.startswith(b"\x89PNG") and d.svg.startswith("<svg") for d in here)


def test_a_chart_is_drawn_once_and_memory_is_bounded(monkeypatch):
    calls = []
    monkeypatch.setattr(drawing, "_draw", lambda spec: calls.append(spec) or drawing.Drawing("<svg/>", b""))
    monkeypatch.setattr(drawing, "_drawn", type(drawing._drawn)())
    monkeypatch.setattr(drawing, "KEPT", 3)
    charts = _charts(5)
    drawing.draw_all([c.spec for c in charts[:2]] * 2)
    drawing.drawing(charts[0].spec)
    assert len(calls) == 2
    for chart in charts:
        drawing.drawing(chart.spec)
    assert len(calls) == 5 and len(drawing._drawn) == 3


def test_imap_answers_in_order_from_long_lived_workers():
    answers = list(workers.imap(divmod, [(n, 3) for n in range(25)], 2))
    assert answers == [divmod(n, 3) for n in range(25)]
    assert len(set(workers.imap(os.getpid, [()] * 8, 2)) - {os.getpid()}) == 2  # two workers, reused
    assert list(workers.imap(divmod, [], 2)) == []


def test_imap_raises_a_workers_error_and_can_be_left_early():
    with pytest.raises(ZeroDivisionError):
        list(workers.imap(divmod, [(4, 2), (1, 0), (6, 3)], 2))
    answers = workers.imap(divmod, [(n, 1) for n in range(10_000)], 2)
    assert next(answers) == (0, 0)
    answers.close()  # the workers are told to stop rather than left reading all 10,000
