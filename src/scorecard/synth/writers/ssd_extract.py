"""A local extract in the shape of the Standard Safeguarding Dataset: what the
returns do not carry (contacts and their decisions, visits, worker allocations,
early help, the leaving-care service), as CSV files named after the SSD tables.

Columns follow the SSD field names. Three fields the SSD does not name are added
with its prefixes: cont_contact_outcome and cont_contact_outcome_date (the
decision on a contact and its date), and clea_service_start_date and
clea_service_end_date (when a young person was open to the leaving-care service).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from scorecard.store import ids
from scorecard.synth.model import World
from scorecard.synth.writers.common import write_csv


def write_ssd_extract(world: World, first: date, as_at: date, folder: Path) -> dict[str, int]:
    """Write the extract as it would be taken on `as_at`, from `first` on."""

    def when(day: date | None) -> str:
        return day.isoformat() if day and day <= as_at else ""

    def during(day: date) -> bool:
        return first <= day <= as_at

    children = world.children.values()
    files = {
        "ssd_contacts": (
            (
                "cont_contact_id",
                "cont_person_id",
                "cont_contact_date",
                "cont_contact_source_code",
                "cont_contact_outcome",
                "cont_contact_outcome_date",
            ),
            [
                (
                    c.contact_id,
                    c.child_id,
                    when(c.contact_date),
                    c.source,
                    c.outcome if c.outcome_date <= as_at else "",
                    when(c.outcome_date),
                )
                for c in world.contacts
                if during(c.contact_date)
            ],
        ),
        "ssd_early_help_episodes": (
            (
                "earl_episode_id",
                "earl_person_id",
                "earl_episode_start_date",
                "earl_episode_end_date",
                "earl_episode_reason",
                "earl_episode_end_reason",
                "earl_episode_organisation",
                "earl_episode_worker_id",
            ),
            [
                (
                    e.episode_id,
                    e.child_id,
                    when(e.start),
                    when(e.end),
                    e.reason,
                    e.end_reason if e.end and e.end <= as_at else "",
                    e.organisation,
                    e.worker_id,
                )
                for e in world.early_help
                if during(e.start)
            ],
        ),
        "ssd_cin_assessments": (
            (
                "cina_assessment_id",
                "cina_person_id",
                "cina_referral_id",
                "cina_assessment_start_date",
                "cina_assessment_child_seen",
                "cina_assessment_auth_date",
                "cina_assessment_team",
                "cina_assessment_worker_id",
            ),
            [
                (
                    ids.within(e.referral_id, "A", a.start),
                    c.child_id,
                    e.referral_id,
                    when(a.start),
                    "Y" if a.child_seen else "N",
                    when(a.authorised),
                    a.team,
                    a.worker_id,
                )
                for c in children
                for e in c.episodes
                for a in e.assessments
                # Those under way when the extract begins are in it too, as an extract of
                # the records active from a date holds them.
                if (during(a.start) or (a.start < first and a.authorised and during(a.authorised)))
                and not e.recorded_late
            ],
        ),
        "ssd_cp_visits": (
            (
                "cppv_cp_visit_id",
                "cppv_person_id",
                "cppv_cp_plan_id",
                "cppv_cp_visit_date",
                "cppv_cp_visit_seen",
                "cppv_cp_visit_seen_alone",
            ),
            [
                (
                    f"{ids.within(e.referral_id, 'CPP', p.start)}/V{i}",
                    c.child_id,
                    ids.within(e.referral_id, "CPP", p.start),
                    when(v),
                    "Y",
                    "Y" if i % 3 else "N",
                )
                for c in children
                for e in c.episodes
                for p in e.cp_plans
                for i, v in enumerate(p.visits)
                if during(v)
            ],
        ),
        "ssd_cla_visits": (
            (
                "clav_cla_visit_id",
                "clav_person_id",
                "clav_cla_visit_date",
                "clav_cla_visit_seen",
                "clav_cla_visit_seen_alone",
            ),
            [
                (f"{ids.child_dated(c.child_id, v)}/V", c.child_id, when(v), "Y", "Y" if v.day % 3 else "N")
                for c in children
                for p in c.care
                for v in p.visits
                if during(v)
            ],
        ),
        "ssd_involvements": (
            (
                "invo_involvements_id",
                "invo_professional_id",
                "invo_professional_team",
                "invo_involvement_start_date",
                "invo_involvement_end_date",
                "invo_worker_change_reason",
                "invo_person_id",
            ),
            [
                (
                    f"{c.child_id}/{a.worker_id}/{a.start.isoformat()}",
                    a.worker_id,
                    a.team,
                    when(a.start),
                    when(a.end),
                    a.reason if a.end and a.end <= as_at and a.reason else "",
                    c.child_id,
                )
                for c in children
                for a in c.allocations
                if a.worker_id and a.start <= as_at and (a.end is None or a.end >= first)
            ],
        ),
        "ssd_care_leavers": (
            (
                "clea_person_id",
                "clea_service_start_date",
                "clea_service_end_date",
                "clea_care_leaver_eligibility",
                "clea_care_leaver_latest_contact",
                "clea_pathway_plan_review_date",
                "clea_care_leaver_personal_advisor",
                "clea_care_leaver_allocated_team",
            ),
            [
                (
                    c.child_id,
                    when(c.leaving_care_service[0]),
                    when(c.leaving_care_service[1]),
                    "Former relevant" if c.age_on(as_at) >= 18 else "Relevant",
                    when(max((d for d in c.leaving_care_contacts if d <= as_at), default=None)),
                    when(max((d for d in c.pathway_reviews if d <= as_at), default=None)),
                    f"PA{int(c.child_id) % 12 + 1:02d}",
                    "Care Leavers Team",
                )
                for c in children
                if c.leaving_care_service and c.leaving_care_service[0] <= as_at and c.leaving_care_service[1] >= first
            ],
        ),
    }
    return {name: write_csv(folder / f"{name}.csv", header, rows) for name, (header, rows) in files.items()}
