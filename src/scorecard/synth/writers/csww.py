"""The children's social work workforce census: one XML file per year at 30
September, valid against the DfE schema."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

from lxml import etree

from scorecard.synth.model import Worker, World
from scorecard.synth.profile import LocalAuthority
from scorecard.synth.writers.common import element

WORKING_DAYS_A_YEAR = 253
INSTITUTIONS = (
    "University of the North",
    "Midlands University",
    "City University",
    "Frontline",
    "Open University",
)


def census_date(year: int) -> date:
    """The census in collection year `year`-`year+1` is taken on 30 September `year`."""
    return date(year, 9, 30)


def write_csww(world: World, la: LocalAuthority, year: int, path: Path, seed: str) -> int:
    """Write the census for 30 September `year`; return the workers written."""
    reference = census_date(year)
    year_before = reference - timedelta(days=365)
    rng = Random(f"{seed}-csww-{year}")
    in_post = [w for w in world.workers if w.start <= reference and (w.end is None or w.end > reference)]
    leavers = [w for w in world.workers if not w.agency and w.end and year_before < w.end <= reference]
    employed_fte = sum(w.fte for w in in_post if not w.agency)
    agency = [w for w in in_post if w.agency]
    message = etree.Element("Message")
    header = element(message, "Header")
    details = element(header, "CollectionDetails")
    element(details, "Collection", "CSWW")
    element(details, "Year", str(year))
    element(details, "ReferenceDate", reference.isoformat())
    source = element(header, "Source")
    element(source, "SourceLevel", "L")
    element(source, "LEA", la.la_code)
    element(source, "SoftwareCode", "scorecard synth")
    element(source, "DateTime", datetime(year, 11, 1, 9, 0).isoformat())
    vacancies = element(message, "LALevelVacancies")
    element(vacancies, "NumberOfVacancies", f"{max(0.0, world.establishment_fte - employed_fte):.2f}")
    element(vacancies, "NoAgencyFTE", f"{sum(w.fte for w in agency):.2f}")
    element(vacancies, "NoAgencyHeadcount", str(len(agency)))
    for worker in in_post + leavers:
        message.append(_worker(worker, reference, year_before, rng))
    path.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(message).write(str(path), encoding="utf-8", xml_declaration=True, pretty_print=True)
    return len(in_post) + len(leavers)


def _worker(worker: Worker, reference: date, year_before: date, rng: Random) -> etree._Element:
    left = worker.end is not None and worker.end <= reference
    node = etree.Element("CSWWWorker")
    element(node, "AgencyWorker", "1" if worker.agency else "0")
    element(node, "SWENo", worker.worker_id)
    element(node, "FTE", "0" if left else f"{worker.fte:.6f}")
    element(node, "PersonBirthDate", worker.birth_date.isoformat())
    element(node, "GenderCurrent", worker.gender)
    element(node, "Ethnicity", worker.ethnicity)
    element(node, "QualInst", rng.choice(INSTITUTIONS))
    element(node, "QualLevel", rng.choice(("1", "2", "3")))
    element(node, "StepUpGrad", "1" if rng.random() < 0.05 else "0")
    element(node, "OrgRole", _role(worker, rng))
    element(node, "RoleStartDate", worker.start.isoformat())
    element(node, "StartOrigin", worker.start_origin)
    if left:
        element(node, "RoleEndDate", worker.end.isoformat())
        element(node, "LeaverDestination", rng.choice(("1", "2", "3", "4", "7", "9")))
        element(node, "ReasonLeave", worker.leave_reason or "10")
        element(node, "FTE30", f"{worker.fte:.6f}")
    else:
        cases = max(0, round(rng.gauss(16, 5) * worker.fte)) if worker.case_holder else 0
        element(node, "Cases30", str(cases))
    if not worker.agency:
        start, end = max(worker.start, year_before), min(worker.end or reference, reference)
        share = max(0, (end - start).days) / 365
        element(
            node,
            "WorkingDaysLost",
            f"{worker.sickness_rate * WORKING_DAYS_A_YEAR * worker.fte * share:.2f}",
        )
    else:
        weeks = max(0, (reference - max(worker.start, year_before)).days) / 7
        element(node, "ContractWeeks", f"{weeks:.1f}")
    element(node, "FrontlineGrad", "1" if rng.random() < 0.06 else "0")
    if not left:
        absent = rng.random() < 0.04
        element(node, "Absat30Sept", "1" if absent else "0")
        if absent:
            element(node, "ReasonAbsence", rng.choice(("SIC", "MAT", "TRN", "OTH")))
    element(node, "CFKSSstatus", rng.choice(("1", "2", "3", "4")))
    return node


def _role(worker: Worker, rng: Random) -> str:
    if worker.case_holder:
        return "4" if rng.random() < 0.15 else "5"
    return rng.choice(("1", "2", "3", "3", "6"))
