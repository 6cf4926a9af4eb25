"""A benchmarks file for the demo: England, the LA's region and ten statistical
neighbours, by year, for the indicators the DfE publishes. Every figure is
invented around the published England level and every row says so
(`synthetic` = TRUE): it exists so the demo can show comparisons offline."""

from __future__ import annotations

from pathlib import Path
from random import Random

from scorecard.synth.profile import LocalAuthority
from scorecard.synth.writers.common import write_csv

HEADER = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "region_name",
    "la_code",
    "new_la_code",
    "la_name",
    "indicator_id",
    "value",
    "synthetic",
)

# England levels near 2024-25, and the change a year before then.
ENGLAND = {
    "referrals_rate_10k": (519.0, -3.0),
    "rereferrals_12m": (22.6, 0.4),
    "assessments_45wd": (82.0, -0.5),
    "cin_rate_10k": (330.3, -2.0),
    "icpc_15wd": (78.0, 0.5),
    "cpp_rate_10k": (40.6, -0.6),
    "cpp_repeat_ever": (24.5, 0.4),
    "cpp_ended_2y_plus": (3.5, 0.0),
    "cla_rate_10k": (67.0, -0.5),
    "cla_placements_3plus": (10.0, 0.2),
    "cla_long_term_stability": (69.0, 0.5),
    "cla_health_assessment": (90.0, 0.5),
    "cla_dental_check": (80.0, 3.0),
    "cla_missing": (11.0, 0.3),
    "care_leavers_eet_17_18": (66.0, 0.5),
    "care_leavers_eet_19_21": (54.0, 0.5),
    "care_leavers_suitable_accom_17_18": (91.0, 0.2),
    "care_leavers_suitable_accom_19_21": (88.0, 0.3),
    "sw_vacancy_rate": (17.0, 0.5),
    "sw_agency_rate": (16.0, 0.8),
    "sw_turnover_rate": (16.0, 0.3),
    "sw_caseload_avg": (16.0, 0.2),
    "sw_absence_rate": (3.5, 0.1),
}
BASE_YEAR = 2025  # time_period of the levels above (year ending 31 March 2025)


def write_benchmarks(la: LocalAuthority, years: range, path: Path, seed: str) -> int:
    rng = Random(f"{seed}-benchmarks-{la.la_code}")
    places = [("National", "", "", "", "England"), ("Regional", la.region, "", "", la.region)]
    places += [("Local authority", la.region, f"N{i:02d}", "", f"Synthetic neighbour {i}") for i in range(1, 11)]
    offsets = {(p[4], i): rng.gauss(0, 0.12) for p in places[1:] for i in ENGLAND}
    rows = []
    for year in years:
        period = year + 1
        for indicator, (level, change) in ENGLAND.items():
            england = level - change * (BASE_YEAR - period)
            for level_name, region, code, new_code, name in places:
                spread = 0.0 if level_name == "National" else offsets[(name, indicator)]
                value = england * (1 + spread + rng.gauss(0, 0.02))
                if indicator.endswith(("_45wd", "_15wd", "_stability", "_assessment", "_check", "_17_18", "_19_21")):
                    value = min(value, 99.0)
                rows.append(
                    (
                        period,
                        "Financial year",
                        level_name,
                        region,
                        code,
                        new_code,
                        name,
                        indicator,
                        round(value, 1),
                        "TRUE",
                    )
                )
    return write_csv(path, HEADER, rows)
