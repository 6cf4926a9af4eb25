"""Scorecard against the independent implementation of the catalogue (tests/independent)
on a small synthetic LA over six years, and that implementation's own hand-worked
cases where the rule is not obvious."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from tests.independent import looked_after, protection
from tests.independent.compare import compare, independent_results, product_results, standard_periods
from tests.independent.dates import add_months, add_working_days, working_days, years_before
from tests.independent.figures import outcome, period
from tests.independent.returns import read_la


@pytest.fixture(scope="module")
def comparison(six_years_seed_1):
    folder, db = six_years_seed_1
    years, quarters = standard_periods()
    product = product_results(db, folder / "scorecard.yml", years, quarters)
    return compare(product, independent_results(read_la(folder), years, quarters))


def test_every_figure_agrees(comparison):
    """Every indicator, every financial year 2021-22 to 2025-26 and every quarter of the
    last two (performance/agreement.py does the same for the demo-sized LA)."""
    assert comparison.total > 1000
    assert not comparison.disagreements, (
        f"{comparison.agreed} of {comparison.total} figures agree; the others:\n{comparison.table()}"
    )


# -- the reference implementation's own cases ----------------------------------------


def test_working_days_across_easter_and_the_state_funeral():
    # Good Friday 7 and Easter Monday 10 April 2023: Thursday to Tuesday is 1 working day.
    assert working_days(date(2023, 4, 6), date(2023, 4, 11)) == 1
    # The state funeral, Monday 19 September 2022: Friday to Tuesday is 1 working day.
    assert working_days(date(2022, 9, 16), date(2022, 9, 20)) == 1
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)
    assert working_days(date(2022, 9, 16), date(2022, 9, 16)) == 0


def test_29_february():
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 30), 15) == date(2025, 2, 28)


def _write(folder: Path, relative: str, text: str) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).strip() + "\n")


def _cin(year_end: str, details: str) -> str:
    return f"""
        <Message><Header><CollectionDetails><Collection>CIN</Collection>
        <ReferenceDate>{year_end}</ReferenceDate></CollectionDetails></Header>
        <Children><Child>
          <ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate></ChildIdentifiers>
          <CINdetails>{details}</CINdetails>
        </Child></Children></Message>
    """


EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


@pytest.fixture
def resent(tmp_path) -> Path:
    """Records sent in 2023-24 and again in 2024-25, the later copy leaving fields empty."""
    _write(tmp_path, "scorecard.yml", "la_code: '999'\npopulation: {2023: 1000, 2024: 1000}\n")
    _write(
        tmp_path,
        "cin_census/a.xml",
        _cin(
            "2024-03-31",
            """<CINreferralDate>2024-03-01</CINreferralDate><ReferralNFA>0</ReferralNFA>
            <DateOfInitialCPC>2024-03-20</DateOfInitialCPC>
            <Section47><S47ActualStartDate>2024-03-04</S47ActualStartDate>
            <DateOfInitialCPC>2024-03-20</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>""",
        ),
    )
    # The next year sends the episode again with its closure, the conference only at
    # episode level (the enquiry went in last year's return) and ReferralNFA left empty.
    _write(
        tmp_path,
        "cin_census/b.xml",
        _cin(
            "2025-03-31",
            """<CINreferralDate>2024-03-01</CINreferralDate><CINclosureDate>2024-05-01</CINclosureDate>
            <DateOfInitialCPC>2024-03-20</DateOfInitialCPC>""",
        ),
    )
    _write(tmp_path, "ssda903/2023-24/episodes.csv", f"{EPISODES}\nC1,01/02/2024,S,C2,N1,U1,PR1,,,,M1 1AA,,\n")
    _write(tmp_path, "ssda903/2024-25/episodes.csv", f"{EPISODES}\nC1,01/02/2024,S,C2,N1,U1,PR1,01/06/2024,E11,,,,\n")
    return tmp_path


def test_a_record_sent_again_keeps_what_the_later_copy_leaves_empty(resent):
    la = read_la(resent)
    episode = la.episodes.rows[("C1", date(2024, 3, 1))]
    assert episode["closure_date"] == date(2024, 5, 1) and episode["nfa"] is False
    cla = la.cla.rows[("C1", date(2024, 2, 1))]
    assert cla["end"] == date(2024, 6, 1) and cla["home_post"] == "M1 1AA"
    # One conference, still linked to its enquiry: 12 working days, within 15.
    assert list(la.conferences.values()) == [{"child": "C1", "date": date(2024, 3, 20), "s47_start": date(2024, 3, 4)}]
    figure = outcome(la, "icpc_15wd", period("2023-24")).figures[0]
    assert (figure.numerator, figure.denominator) == (1, 1)


def _episode(start: str, rne: str, place: str, end: str | None = None, post: str = "M1 1AA") -> dict:
    return {
        "child": "C1",
        "start": date.fromisoformat(start),
        "end": date.fromisoformat(end) if end else None,
        "rne": rne,
        "ls": "C2",
        "place": place,
        "provider": "PR1",
        "pl_post": post,
    }


def test_placements_count_the_one_held_at_the_window_start_even_after_a_temporary_one():
    eps = [
        _episode("2020-01-01", "S", "U4", "2024-03-01"),
        _episode("2024-03-01", "T", "T4", "2024-03-08", post=""),
        _episode("2024-03-08", "T", "U4", "2024-06-01"),  # back from the holiday carer
        _episode("2024-06-01", "P", "U6", "2024-09-01", post="M2 2BB"),
        _episode("2024-09-01", "L", "U6", post="M2 2BB"),  # legal status only
    ]
    # Window 2024-04-01 to 2025-03-31: the placement held at its start, and one new one.
    assert looked_after._placements(eps, date(2024, 4, 1), date(2025, 3, 31)) == 2
    # Window from 2024-03-02: held at the start is the temporary one; the return to the
    # same carer is not a new placement.
    assert looked_after._placements(eps, date(2024, 3, 2), date(2025, 3, 1)) == 2
    # The period of care began with the S episode; the carer with the June move.
    assert looked_after.care_start(eps, eps[-1]) == date(2020, 1, 1)
    assert looked_after.carer_start(eps, eps[-1]) == date(2024, 6, 1)


def test_open_at_a_date():
    assert protection.open_at(date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 30))
    assert not protection.open_at(date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31))
    assert protection.open_at(date(2024, 3, 31), None, date(2024, 3, 31))
