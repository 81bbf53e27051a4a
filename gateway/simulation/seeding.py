"""Register the simulated pilot in a fresh installation through the store functions the demo uses.

The municipality (with the policy under study), its staff, the agencies with a signing key each, and every
worker with their case facts and enrollments. Nothing about the future is stored except what a real
intake records: the case facts, and each employment as an enrollment with its agency (from the first day
of its first pay period, to the last day of its last period when the job ends within the pilot).

A worker counts as registered from the pilot's first day: the recompute settles from the month a worker
became known (or their first enrollment), and the store stamps rows with the real clock, which lies after
the simulated year.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from joserfc.jwk import ECKey, Key

from gateway.security.jose_envelope import signature_algorithm
from gateway.simulation.clock import SimulatedClock
from gateway.simulation.cohort import Cohort, SimWorker
from gateway.simulation.installation import Installation
from gateway.simulation.truth import Truth
from gateway.store import agencies, case_facts, enrollments, municipalities, staff, workers
from schemas.case import MunicipalPolicy
from schemas.case_facts import CaseFacts

MUNICIPALITY_CODE = "GM9990"
MUNICIPALITY_NAME = "Simulatiegemeente"
RECORDED_BY = "simulatie"
WORKERS_PER_CONSULTANT = 50
"""A caseload of about fifty working recipients per income consultant."""
CONSULTANTS_PER_TEAM_LEAD = 4


@dataclass(frozen=True)
class Seeded:
    """What the pilot registered: ids and subjects only."""

    municipality_id: str
    consultants: tuple[str, ...]
    """Subjects of the income consultants, in caseload order."""
    team_leads: tuple[str, ...]
    worker_ids: dict[str, str]
    """Loonbrug worker id by the cohort's worker key."""
    consultant_of: dict[str, str]
    """The consultant subject of each worker key."""
    signing_keys: dict[str, Key]
    """Each agency's private signing key by client id (kept in memory only)."""


def _staff_subjects(worker_count: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    consultants = max(1, math.ceil(worker_count / WORKERS_PER_CONSULTANT))
    leads = max(1, math.ceil(consultants / CONSULTANTS_PER_TEAM_LEAD))
    return (
        tuple(f"sim-consulent-{n:02d}" for n in range(1, consultants + 1)),
        tuple(f"sim-teamleider-{n:02d}" for n in range(1, leads + 1)),
    )


def case_facts_of(worker: SimWorker) -> list[tuple[dt.date, dt.date | None, CaseFacts]]:
    """The worker's case facts as recorded snapshots: one per household period."""
    snapshots = []
    for period in worker.household:
        facts = CaseFacts(
            benefit_start=worker.benefit_start,
            household_type=period.household_type,
            partner_birth_date=period.partner_birth_date,
            youngest_child_birth_date=period.youngest_child_birth_date,
            cost_sharers=period.cost_sharers,
            disregards=list(worker.disregards),
        )
        snapshots.append((period.valid_from, period.valid_to, facts))
    return snapshots


def enrolled_spans(cohort: Cohort, truth: Truth) -> dict[tuple[str, str], tuple[dt.date, dt.date | None]]:
    """Per (worker key, agency): the first day of the first pay period the agency sends, and the last day
    of its last period when the employment ends within the pilot (else open)."""
    first: dict[tuple[str, str], dt.date] = {}
    last: dict[tuple[str, str], dt.date] = defaultdict(lambda: dt.date.min)
    for delivery in truth.deliveries:
        key = (delivery.worker_key, delivery.agency)
        record = delivery.record
        first[key] = min(first.get(key, record.period_start), record.period_start)
        last[key] = max(last[key], record.period_end)
    ending = {
        (worker.key, employment.agency)
        for worker in cohort.workers
        for employment in worker.employments
        if employment.end is not None
    }
    return {key: (start, last[key] if key in ending else None) for key, start in first.items()}


def seed(*, installation: Installation, cohort: Cohort, truth: Truth, policy: MunicipalPolicy) -> Seeded:
    """Register everything in one transaction and return the ids the simulation needs."""
    consultants, leads = _staff_subjects(len(cohort.workers))
    registered_at = SimulatedClock.moment(cohort.first_month.first_day, dt.time(0, 0))
    sealer = installation.sealer
    with installation.database.transaction() as session:
        municipality = municipalities.create(
            session=session,
            cbs_code=MUNICIPALITY_CODE,
            name=MUNICIPALITY_NAME,
            policy=policy.model_dump(mode="json", by_alias=True),
        )
        members = {
            subject: staff.create(
                session=session,
                municipality_id=municipality.id,
                subject=subject,
                display_name=f"Consulent {number}",
                roles=("consultant",),
            )
            for number, subject in enumerate(consultants, start=1)
        }
        for number, subject in enumerate(leads, start=1):
            staff.create(
                session=session,
                municipality_id=municipality.id,
                subject=subject,
                display_name=f"Teamleider {number}",
                roles=("consultant", "team_lead"),
            )
        agency_ids: dict[str, str] = {}
        signing_keys: dict[str, Key] = {}
        for agency in cohort.agencies:
            row = agencies.create(
                session=session,
                name=agency.name,
                client_id=agency.code,
                managed_by_municipality_id=municipality.id,
            )
            private = ECKey.generate_key("P-256", auto_kid=True)
            public = ECKey.import_key(private.as_dict(private=False))
            agencies.add_key(
                session=session,
                agency_id=row.id,
                kid=str(public.kid),
                public_jwk=dict(public.as_dict(private=False)),
                alg=signature_algorithm(public),
            )
            agency_ids[agency.code] = row.id
            signing_keys[agency.code] = private
        worker_ids: dict[str, str] = {}
        consultant_of: dict[str, str] = {}
        for index, person in enumerate(cohort.workers):
            subject = consultants[index * len(consultants) // len(cohort.workers)]
            worker = workers.create(
                session=session,
                sealer=sealer,
                municipality_id=municipality.id,
                bsn=person.bsn,
                name=person.name,
                birth_date=person.birth_date,
                consultant_id=members[subject].id,
            )
            worker.created_at = registered_at
            for valid_from, valid_to, facts in case_facts_of(person):
                case_facts.record(
                    session=session,
                    sealer=sealer,
                    worker_id=worker.id,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    facts=facts,
                    recorded_by=RECORDED_BY,
                )
            worker_ids[person.key] = worker.id
            consultant_of[person.key] = subject
        for (worker_key, agency_code), (start, end) in sorted(enrolled_spans(cohort, truth).items()):
            enrollments.enroll(
                session=session,
                worker_id=worker_ids[worker_key],
                agency_id=agency_ids[agency_code],
                valid_from=start,
                valid_to=end,
            )
        session.flush()
    return Seeded(municipality.id, consultants, leads, worker_ids, consultant_of, signing_keys)
