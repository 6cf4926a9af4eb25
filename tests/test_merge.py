"""The current copy of a record, merged from every copy in history (store/merge.py):
field by field within a source, the latest collection year first; fields that stand
for one another as a whole; across sources, the most recently loaded value; and
records each source identifies its own way matched by the child and the day."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard.store.database import Store
from tests.test_indicator_cases import given


@pytest.fixture
def store():
    with Store.open(":memory:") as opened:
        yield opened


def _current(store: Store, sql: str) -> list[tuple]:
    return store.con.execute(sql).fetchall()


def _return(store: Store, file_id: int, source: str, year: str | None, rows: dict) -> None:
    given(store, rows, file_id=file_id, load_id=file_id, source=source, collection_year=year)


def test_a_later_return_replaces_values_and_keeps_those_it_leaves_empty(store):
    plan = {"cp_plan_id": "P", "referral_id": "A/1", "child_id": "A", "start_date": date(2024, 1, 10)}
    _return(store, 1, "CIN", "2023-24", {"cp_plan": [plan | {"latest_category": "NEG", "previous_plans": 1}]})
    _return(store, 2, "CIN", "2024-25", {"cp_plan": [plan | {"latest_category": "EMO", "end_date": date(2024, 9, 1)}]})
    found = _current(store, "SELECT latest_category, previous_plans, end_date, collection_year, file_id FROM cp_plan")
    # The later return's category and end; the number of previous plans it left out kept;
    # the lineage is the later copy's.
    assert found == [("EMO", 1, date(2024, 9, 1), "2024-25", 2)]


def test_the_latest_collection_year_wins_whatever_the_order_of_loading(store):
    plan = {"cp_plan_id": "P", "referral_id": "A/1", "child_id": "A", "start_date": date(2024, 1, 10)}
    _return(store, 1, "CIN", "2024-25", {"cp_plan": [plan | {"latest_category": "EMO"}]})
    _return(store, 2, "CIN", "2023-24", {"cp_plan": [plan | {"latest_category": "NEG", "previous_plans": 2}]})
    assert _current(store, "SELECT latest_category, previous_plans FROM cp_plan") == [("EMO", 2)]


def test_fields_that_stand_for_one_another_come_together_from_the_newest_copy(store):
    _return(store, 1, "CIN", "2023-24", {"child": [{"child_id": "A", "upn_unknown": "UN1", "ethnicity": "WBRI"}]})
    _return(store, 2, "CIN", "2024-25", {"child": [{"child_id": "A", "upn": "A123456789012"}]})
    assert _current(store, "SELECT upn, upn_unknown, ethnicity FROM child") == [("A123456789012", None, "WBRI")]


def test_across_sources_the_most_recently_loaded_value_wins_field_by_field(store):
    assessment = {"assessment_id": "A/1/A/2024-01-02", "referral_id": "A/1", "child_id": "A"}
    census = assessment | {"start_date": date(2024, 1, 2), "authorisation_date": date(2024, 2, 1)}
    _return(store, 1, "CIN", "2023-24", {"assessment": [census]})
    extract = assessment | {"start_date": date(2024, 1, 2), "child_seen": True, "team": "North"}
    _return(store, 2, "SSD", None, {"assessment": [extract]})
    assert _current(store, "SELECT authorisation_date, child_seen, team, source FROM assessment") == [
        (date(2024, 2, 1), True, "North", "SSD")
    ]


def test_contacts_each_source_identifies_its_own_way_are_matched_by_child_and_day(store):
    day = date(2025, 5, 6)
    annex_a = [
        {"contact_id": "A/2025-05-06/row 7", "child_id": "A", "contact_date": day, "contact_source": "1A"},
        {"contact_id": "A/2025-05-06/row 8", "child_id": "A", "contact_date": day},
        {"contact_id": "B/2025-05-07/row 9", "child_id": "B", "contact_date": date(2025, 5, 7)},
    ]
    extract = [
        {"contact_id": "900", "child_id": "A", "contact_date": day, "outcome_date": day},
        {"contact_id": "901", "child_id": "A", "contact_date": day, "outcome_date": date(2025, 5, 8)},
        {"contact_id": "902", "child_id": "C", "contact_date": day},
    ]
    _return(store, 1, "AA", None, {"contact": annex_a})
    _return(store, 2, "SSD", None, {"contact": extract})
    found = _current(store, "SELECT child_id, contact_id, contact_source, outcome_date FROM contact ORDER BY 1, 2")
    # A's two contacts that day are one each; B's only in Annex A, C's only in the extract.
    assert found == [
        ("A", "900", "1A", day),
        ("A", "901", None, date(2025, 5, 8)),
        ("B", "B/2025-05-07/row 9", None, None),
        ("C", "902", None, None),
    ]
