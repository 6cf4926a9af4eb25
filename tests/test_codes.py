"""Code lists are data, with the collection years each code is valid."""

import pytest

from scorecard.codes import code_list, code_lists


@pytest.mark.parametrize(
    ("list_name", "code", "year", "valid"),
    [
        ("referral_source", "5D", 2021, False),
        ("referral_source", "5D", 2022, True),
        ("reason_for_closure", "RC9", 2021, False),
        ("reason_for_closure", "RC9", 2022, True),
        ("cin_sex", "1", 2023, True),
        ("cin_sex", "1", 2024, False),
        ("cin_sex", "M", 2023, False),
        ("cin_sex", "M", 2024, True),
        ("ssda903_sex", "2", 2023, True),
        ("ssda903_sex", "F", 2024, True),
        ("placement_type", "Z1", 2024, True),
        ("placement_type", "Z1", 2025, False),
        ("placement_type", "Z11", 2024, False),
        ("placement_type", "Z14", 2025, True),
        ("placement_type", "K3", 2023, False),
        ("placement_type", "K3", 2024, True),
        ("assessment_factor", "18B", 2019, False),
        ("assessment_factor", "18B", 2020, True),
        ("assessment_factor", "24A", 2020, False),
        ("legal_status", "V3", None, True),
        ("legal_status", "C3", None, False),
        ("in_touch", "NO", 2023, True),
        ("care_leaver_activity", "0", 2023, True),
    ],
)
def test_validity_by_year(list_name, code, year, valid):
    assert code_list(list_name).valid(code, year) is valid


def test_every_code_is_text():
    # YAML reads a bare NO as false and 4 as a number: every code must come back as text.
    for codes in code_lists().values():
        assert all(isinstance(code, str) for code in codes.codes)


def test_codes_in_a_year():
    assert "Z1" not in code_list("placement_type").codes_in(2025)
    assert {"Z11", "Z12", "Z13", "Z14"} <= set(code_list("placement_type").codes_in(2025))
