"""A worker's benefit case in contract types: record a `CaseFacts` snapshot, load a `BenefitCase`.

This is the one place that knows how case facts are laid out in `benefit_case_fact` rows, so the app API
(which records facts) and the recompute job (which feeds the engine) cannot drift apart: a row holds
`CaseFacts` as lowerCamelCase JSON, encrypted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gateway.store import advances, benefit_cases, workers
from gateway.store.models import BenefitCaseFact, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import Advance, BenefitCase, HouseholdPeriod
from schemas.case_facts import CaseFacts


def record(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    facts: CaseFacts,
    recorded_by: str,
) -> BenefitCaseFact:
    """Record the case facts that hold from `valid_from` (to `valid_to`), as a new encrypted row."""
    return benefit_cases.record(
        session=session,
        sealer=sealer,
        worker_id=worker_id,
        valid_from=valid_from,
        valid_to=valid_to,
        facts=facts.model_dump(mode="json", by_alias=True),
        recorded_by=recorded_by,
    )


def latest(*, session: Session, sealer: Sealer, worker_id: str) -> CaseFacts | None:
    """The most recently recorded snapshot, or None when nothing was recorded."""
    history = benefit_cases.history(session=session, worker_id=worker_id)
    if not history:
        return None
    return CaseFacts.model_validate(sealer.get_json(history[-1], "facts_encrypted"))


def load(*, session: Session, sealer: Sealer, worker: Worker) -> BenefitCase | None:
    """The worker's whole benefit case as the engine takes it, or None when no facts were recorded.

    Household periods come from the resolved timeline (a later recording overrides what it overlaps);
    the benefit start and the granted disregards come from the latest snapshot.
    """
    timeline = benefit_cases.effective_facts(session=session, sealer=sealer, worker_id=worker.id)
    if not timeline:
        return None
    newest = latest(session=session, sealer=sealer, worker_id=worker.id)
    assert newest is not None  # a timeline implies at least one recording
    household = []
    for period in timeline:
        facts = CaseFacts.model_validate(period.facts)
        household.append(
            HouseholdPeriod(
                valid_from=period.valid_from,
                valid_to=period.valid_to,
                household_type=facts.household_type,
                partner_birth_date=facts.partner_birth_date,
                youngest_child_birth_date=facts.youngest_child_birth_date,
                cost_sharers=facts.cost_sharers,
            )
        )
    details = workers.personal_details(sealer=sealer, worker=worker)
    paid = advances.for_worker(session=session, sealer=sealer, worker_id=worker.id)
    return BenefitCase(
        birth_date=details.birth_date,
        benefit_start=newest.benefit_start,
        household=household,
        disregards=list(newest.disregards),
        advances=[Advance(month=entry.month, amount=entry.amount, paid_on=entry.paid_on) for entry in paid],
    )
