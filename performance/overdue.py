"""Who is overdue, as each part of scorecard says it, on a store (the demo's by default):
the children an indicator's drill-down fails, the internal report's exception list,
and the tracker a manager reads, as at the last day of the last two quarters.

    .venv/bin/python performance/overdue.py [--db scorecard-demo/scorecard.duckdb]
        [--config scorecard-demo/001_northbridge/scorecard.yml] [--quarter "2025-26 Q4"]

For visits the three must name the same children. For reviews every child the tracker
shows overdue must be an indicator failure; the indicator also fails a child whose
review was held late earlier in the 12 months, who is not overdue now.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scorecard import indicators
from scorecard.config import load_config
from scorecard.dates import parse_period
from scorecard.dates.periods import previous_period
from scorecard.outputs.exceptions import exception_lists
from scorecard.store.database import Store
from scorecard.trackers import track
from scorecard.trackers.listing import OVERDUE

# Each tracker and the indicator whose rule it follows.
PAIRS = (
    ("cp_visits_due", "cpp_visits_timely"),
    ("cla_visits_due", "cla_visits_timely"),
    ("cp_reviews_due", "cpp_reviews_timely"),
    ("cla_reviews_due", "cla_reviews_timely"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("scorecard-demo/scorecard.duckdb"))
    parser.add_argument("--config", type=Path, default=Path("scorecard-demo/001_northbridge/scorecard.yml"))
    parser.add_argument("--quarter", default="2025-26 Q4")
    args = parser.parse_args()
    config = load_config(args.config)
    la = config.la_code
    last = parse_period(args.quarter)
    with Store.open(args.db, read_only=True) as store:
        for period in (last, previous_period(last)):
            listed = {e.indicator_id: e for e in exception_lists(store, period, config, la)}
            for tracker_id, indicator_id in PAIRS:
                found = track(store, tracker_id, period.end, la, config, within=0)
                child, status = found.columns.index("child_id"), found.columns.index("status")
                overdue = {row[child] for row in found.rows if row[status] == OVERDUE}
                columns, rows = indicators.drill(store, indicator_id, period, la, config)
                n, d, s = (columns.index(c) for c in ("in_numerator", "in_denominator", "subject_id"))
                failed = {row[s] for row in rows if row[d] and not row[n]}
                exceptions = listed.get(indicator_id)
                shown = f"{len(exceptions.rows):4}" if exceptions else "   -"
                print(
                    f"{period.label} {indicator_id:20} indicator fails {len(failed):4}  exception list {shown}  "
                    f"{tracker_id} overdue {len(overdue):4}  same children: {overdue == failed}  "
                    f"overdue but not failed: {len(overdue - failed)}"
                )


if __name__ == "__main__":
    main()
