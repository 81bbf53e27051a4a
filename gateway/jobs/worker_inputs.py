"""Everything the engine needs about one worker, loaded from the store in engine and contract types.

- the benefit case (household periods, disregards, advances) through gateway.store.case_facts;
- the current pay record versions from every agency, each tagged with its agency id and ledger version
  (the engine names them in every figure, and the jobs map them back to pay record row ids);
- the enrollments (days enrolled without a record are shown as missing);
- the municipality's policy, its choices laid over the engine's default policy;
- per month the newest approved (or exported) settlement, which the engine recomputes instead of
  settling again.

Which months are settled: from the month the benefit starts, but not before Loonbrug knew the worker
(the month of registration or of the first enrollment, whichever is earlier). Months before that were
settled outside Loonbrug; settling them here would treat their absent pay records and advances as data.
Partners' pay records are not linked to a worker in the store, so every record counts as the claimant's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic.alias_generators import to_camel
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine import contract
from gateway.engine.inputs import EnrollmentPeriod, IncomeRecord
from gateway.jobs.ledger import LedgerRecord, current_records
from gateway.store import case_facts, enrollments, settlements
from gateway.store.models import Enrollment, MonthSettlement, Municipality, SettlementStatus, Worker
from gateway.store.sealing import Sealer
from schemas import figures as f
from schemas.benefit_case import BenefitCase, Person
from schemas.case import MunicipalPolicy
from schemas.pay_record import PayRecord, PeriodType
from schemas.periods import Month

logger = logging.getLogger(__name__)

APPROVED_STATUSES = (SettlementStatus.APPROVED.value, SettlementStatus.EXPORTED.value)
RecordKey = tuple[str, str, int]
"""(agency id, record id, version): how the engine names a pay record version."""


@dataclass(frozen=True, slots=True)
class ApprovedVersion:
    """The approved settlement version of a month: its row id and its result as the contract model."""

    settlement_id: str
    result: f.MonthSettlement


@dataclass(frozen=True, slots=True, repr=False)
class WorkerInputs:
    """One worker's engine inputs; holds personal data, so its repr shows only the worker id."""

    worker_id: str
    case: BenefitCase
    policy: MunicipalPolicy
    records: tuple[IncomeRecord, ...]
    record_ids: Mapping[RecordKey, str]
    """Pay record row id of every version the engine was given."""
    enrollments: tuple[EnrollmentPeriod, ...]
    approved: Mapping[Month, ApprovedVersion]
    first_month: Month

    def __repr__(self) -> str:
        return f"WorkerInputs(worker_id={self.worker_id!r})"


def municipal_policy(*, stored: Mapping[str, Any], default: MunicipalPolicy) -> MunicipalPolicy:
    """The municipality's stored choices (camelCase or snake_case keys) over the default policy."""
    merged = default.model_dump(mode="json", by_alias=True)
    merged.update({to_camel(key): value for key, value in stored.items()})
    return MunicipalPolicy.model_validate(merged)


def income_record(record: LedgerRecord) -> IncomeRecord:
    """The engine's view of a stored version, through the engine's own mapping from the contract type.

    The version was validated as a `PayRecord` when it was received, so it is rebuilt without running
    validation again (and without the BSN, which the engine does not need).
    """
    fields: dict[str, Any] = {
        "record_id": record.record_id,
        "corrects": None,
        "period_type": PeriodType(record.period_type),
        "period_start": record.period_start,
        "period_end": record.period_end,
        "pay_date": record.pay_date,
        "hours": record.hours,
        "gross_wage": record.gross_wage,
        "net_wage": record.net_wage,
        "holiday_pay_paid": record.holiday_pay_paid,
        "reserves_paid": record.reserves_paid,
        "ytd_gross": record.ytd_gross,
        "ytd_net": record.ytd_net,
    }
    # Passed as a mapping: the BSN is deliberately absent, which a typed call would demand.
    contract_record = PayRecord.model_construct(**fields)
    return contract.income_record(
        record=contract_record, agency=record.agency_id, version=record.version, person=Person.CLAIMANT
    )


def approved_versions(*, session: Session, sealer: Sealer, worker_id: str) -> dict[Month, ApprovedVersion]:
    """Per month the newest approved or exported settlement that is a settlement (not a recomputation)."""
    statement = (
        select(MonthSettlement)
        .where(MonthSettlement.worker_id == worker_id, MonthSettlement.status.in_(APPROVED_STATUSES))
        .order_by(MonthSettlement.month, MonthSettlement.version)
    )
    found: dict[Month, ApprovedVersion] = {}
    for row in session.scalars(statement):
        result = f.MonthSettlement.model_validate(settlements.result(sealer=sealer, row=row))
        if result.kind is not f.ResultKind.SETTLEMENT:
            logger.warning("settlement %s is approved but is a recomputation; ignored", row.id)
            continue
        found[Month.parse(row.month)] = ApprovedVersion(row.id, result)
    return found


def first_month(*, case: BenefitCase, worker: Worker, enrolled: list[Enrollment]) -> Month:
    """The first month Loonbrug settles for this worker (see the module docstring)."""
    known = Month.of(worker.created_at.date())
    if enrolled:
        known = min(known, Month.of(min(e.valid_from for e in enrolled)))
    return max(Month.of(case.benefit_start), known)


def load(
    *, session: Session, sealer: Sealer, worker: Worker, default_policy: MunicipalPolicy
) -> WorkerInputs | None:
    """The engine inputs of `worker`, or None when no case facts were recorded for them yet."""
    case = case_facts.load(session=session, sealer=sealer, worker=worker)
    if case is None:
        return None
    municipality = session.get(Municipality, worker.municipality_id)
    stored_policy: Mapping[str, Any] = municipality.policy if municipality is not None else {}
    ledger = current_records(session=session, sealer=sealer, worker_id=worker.id)
    enrolled = enrollments.for_worker(session=session, worker_id=worker.id)
    return WorkerInputs(
        worker_id=worker.id,
        case=case,
        policy=municipal_policy(stored=stored_policy, default=default_policy),
        records=tuple(income_record(record) for record in ledger),
        record_ids={(r.agency_id, r.record_id, r.version): r.id for r in ledger},
        enrollments=tuple(
            EnrollmentPeriod(e.agency_id, e.valid_from, e.valid_to, Person.CLAIMANT) for e in enrolled
        ),
        approved=approved_versions(session=session, sealer=sealer, worker_id=worker.id),
        first_month=first_month(case=case, worker=worker, enrolled=enrolled),
    )
