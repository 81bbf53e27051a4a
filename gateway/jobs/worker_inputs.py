"""Everything the engine needs about a worker, loaded from the store in engine and contract types, for
a batch of workers at once (`load_many`: one query per kind of input, by worker id).

- the benefit case (household periods, disregards, advances) through gateway.store.case_facts;
- the current pay record versions from every agency, each tagged with its agency id and ledger version
  (the engine names them in every figure, and the jobs map them back to pay record row ids);
- the enrollments (days enrolled without a record are shown as missing);
- for the couple periods whose facts name a partner who is a worker of the same municipality, that
  partner's current pay record versions (as `Person.PARTNER`) and enrollments;
- the invoices and business costs of the worker's own business (rule 11), every version;
- the municipality's policy, its choices laid over the engine's default policy;
- per month the newest approved (or exported) settlement, which the engine recomputes instead of
  settling again.

Which months are settled: from the month the benefit starts, but not before Loonbrug knew the worker
(the month of registration or of the first enrollment, whichever is earlier). Months before that were
settled outside Loonbrug; settling them here would treat their absent pay records and advances as data.

A partner's records are given to the engine when they touch a month of a period that names that
partner (the months of the work and of the pay date); the engine counts partner income in every month
that is a couple month on at least one benefit day and shows the share of any other month as not
counting (INKOMEN_TELT_NIET). Records wholly outside those months stay out of the claimant's figures.
The partner's enrollments are cut to the linked days, so only days of the couple show as missing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic.alias_generators import to_camel
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.engine import contract
from gateway.engine.inputs import CostRecord, EnrollmentPeriod, IncomeRecord, InvoiceRecord
from gateway.jobs.ledger import LedgerRecord, current_records, current_rows_for_workers, from_row
from gateway.store import business_documents, case_facts, enrollments, per_value, settlements
from gateway.store.case_facts import PartnerLink
from gateway.store.models import Enrollment, MonthSettlement, Municipality, SettlementStatus, Worker
from gateway.store.sealing import Sealer
from schemas import figures as f
from schemas.benefit_case import BenefitCase, Person
from schemas.case import MunicipalPolicy
from schemas.pay_record import PayRecord, PeriodType
from schemas.periods import Month
from schemas.self_employed import BusinessInvoice

logger = logging.getLogger(__name__)

_ONE_DAY = dt.timedelta(days=1)

APPROVED_STATUSES = (SettlementStatus.APPROVED.value, SettlementStatus.EXPORTED.value)
RecordKey = tuple[str, str, int]
"""(agency id, record id, version): how the engine names a pay record version."""


@dataclass(frozen=True, slots=True)
class ApprovedVersion:
    """The approved settlement version of a month: its row id and its result as the contract model."""

    settlement_id: str
    result: f.SettledFigures


@dataclass(frozen=True, slots=True, repr=False)
class WorkerInputs:
    """One worker's engine inputs; holds personal data, so its repr shows only the worker id."""

    worker_id: str
    case: BenefitCase
    policy: MunicipalPolicy
    records: tuple[IncomeRecord, ...]
    """The claimant's and the linked partner's records."""
    record_ids: Mapping[RecordKey, str]
    """Pay record row id of every version the engine was given."""
    enrollments: tuple[EnrollmentPeriod, ...]
    approved: Mapping[Month, ApprovedVersion]
    first_month: Month
    invoices: tuple[InvoiceRecord, ...] = ()
    costs: tuple[CostRecord, ...] = ()
    document_ids: tuple[str, ...] = ()
    """Row ids of the invoices and costs: a new one means a full recompute of the worker."""

    def __repr__(self) -> str:
        return f"WorkerInputs(worker_id={self.worker_id!r})"


def municipal_policy(*, stored: Mapping[str, Any], default: MunicipalPolicy) -> MunicipalPolicy:
    """The municipality's stored choices (camelCase or snake_case keys) over the default policy."""
    merged = default.model_dump(mode="json", by_alias=True)
    merged.update({to_camel(key): value for key, value in stored.items()})
    return MunicipalPolicy.model_validate(merged)


def income_record(record: LedgerRecord, person: Person = Person.CLAIMANT) -> IncomeRecord:
    """The engine's view of a stored version of `person`, through the engine's own mapping.

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
        record=contract_record, agency=record.agency_id, version=record.version, person=person
    )


def approved_for_workers(
    *, session: Session, sealer: Sealer, worker_ids: Collection[str]
) -> dict[str, dict[Month, ApprovedVersion]]:
    """Per month the newest approved or exported settlement or final settlement (not a recomputation)
    of each of `worker_ids`, in one query; a worker without any is left out."""
    approved = select(MonthSettlement).where(MonthSettlement.status.in_(APPROVED_STATUSES))
    rows: list[MonthSettlement] = []
    # One index probe per worker on PostgreSQL (gateway.store.per_value): a plain IN list let the planner
    # read every month of every worker whenever its statistics were behind the table.
    for statement in per_value.matching(
        session, approved, MonthSettlement.worker_id, worker_ids, entity=MonthSettlement
    ):
        rows.extend(session.scalars(statement))
    found: dict[str, dict[Month, ApprovedVersion]] = {}
    for row in sorted(rows, key=lambda row: (row.worker_id, row.month, row.version)):
        # Only the settling figures: validating every explanation line of every approved month would
        # cost more than the rest of a recompute.
        result = f.SettledFigures.model_validate(settlements.result(sealer=sealer, row=row))
        if result.kind is f.ResultKind.RECOMPUTATION:
            logger.warning("settlement %s is approved but is a recomputation; ignored", row.id)
            continue
        found.setdefault(row.worker_id, {})[Month.parse(row.month)] = ApprovedVersion(row.id, result)
    return found


def _merged(links: list[PartnerLink]) -> dict[str, list[PartnerLink]]:
    """Per partner their linked periods, with touching or overlapping ones joined."""
    merged: dict[str, list[PartnerLink]] = {}
    for link in sorted(links, key=lambda item: (item.partner_worker_id, item.valid_from)):
        spans = merged.setdefault(link.partner_worker_id, [])
        last = spans[-1] if spans else None
        if last is not None and (last.valid_to is None or last.valid_to + _ONE_DAY >= link.valid_from):
            end = (
                None if last.valid_to is None or link.valid_to is None else max(last.valid_to, link.valid_to)
            )
            spans[-1] = PartnerLink(last.partner_worker_id, last.valid_from, end)
        else:
            spans.append(link)
    return merged


def _touches(record: LedgerRecord, link: PartnerLink) -> bool:
    """True when a month of the record's work or pay date is a month of the link."""
    first = Month.of(min(record.period_start, record.pay_date))
    last = Month.of(max(record.period_end, record.pay_date))
    return last >= Month.of(link.valid_from) and (link.valid_to is None or first <= Month.of(link.valid_to))


def _linked_days(enrollment: Enrollment, link: PartnerLink) -> EnrollmentPeriod | None:
    """The partner's enrollment cut to the linked days, or None when they do not meet."""
    start = max(enrollment.valid_from, link.valid_from)
    ends = [day for day in (enrollment.valid_to, link.valid_to) if day is not None]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None
    return EnrollmentPeriod(enrollment.agency_id, start, end, Person.PARTNER)


def partner_inputs(
    *, session: Session, sealer: Sealer, worker: Worker
) -> tuple[list[LedgerRecord], list[EnrollmentPeriod]]:
    """The linked partners' records and enrollments that matter for `worker` (see the module docstring)."""
    links = case_facts.partner_links(session=session, sealer=sealer, worker=worker)
    records: list[LedgerRecord] = []
    enrolled: list[EnrollmentPeriod] = []
    for partner_id, spans in _merged(links).items():
        ledger = current_records(session=session, sealer=sealer, worker_id=partner_id)
        records.extend(r for r in ledger if any(_touches(r, span) for span in spans))
        for enrollment in enrollments.for_worker(session=session, worker_id=partner_id):
            cut = (_linked_days(enrollment, span) for span in spans)
            enrolled.extend(period for period in cut if period is not None)
    return records, enrolled


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
    ledgers = ledger_records(session=session, sealer=sealer, worker_ids=[worker.id])
    return load_many(
        session=session, sealer=sealer, workers=[worker], ledgers=ledgers, default_policy=default_policy
    ).get(worker.id)


def ledger_records(
    *, session: Session, sealer: Sealer, worker_ids: Collection[str]
) -> dict[str, list[LedgerRecord]]:
    """The current pay record versions of each of `worker_ids`, decrypted, from one query."""
    rows = current_rows_for_workers(session=session, worker_ids=worker_ids)
    return {worker_id: [from_row(sealer=sealer, row=row) for row in own] for worker_id, own in rows.items()}


def load_many(
    *,
    session: Session,
    sealer: Sealer,
    workers: Sequence[Worker],
    ledgers: Mapping[str, Sequence[LedgerRecord]],
    default_policy: MunicipalPolicy,
) -> dict[str, WorkerInputs]:
    """The engine inputs of each of `workers` (a worker without case facts is left out), read in one
    query per kind of input for all of them; `ledgers` holds their current pay records (from
    `ledger_records`). Only a partner named in the facts is read per worker: that is rare."""
    cases = case_facts.load_many(session=session, sealer=sealer, workers=workers)
    with_case = [worker for worker in workers if worker.id in cases]
    if not with_case:
        return {}
    case_ids = [worker.id for worker in with_case]
    enrolled_by_worker = _enrollments(session, case_ids)
    documents_by_worker = business_documents.for_workers(session=session, sealer=sealer, worker_ids=case_ids)
    approved_by_worker = approved_for_workers(session=session, sealer=sealer, worker_ids=case_ids)
    policies: dict[str, MunicipalPolicy] = {}
    found: dict[str, WorkerInputs] = {}
    for worker in with_case:
        loaded = cases[worker.id]
        if worker.municipality_id not in policies:
            municipality = session.get(Municipality, worker.municipality_id)
            stored_policy: Mapping[str, Any] = municipality.policy if municipality is not None else {}
            policies[worker.municipality_id] = municipal_policy(stored=stored_policy, default=default_policy)
        ledger = ledgers.get(worker.id, ())
        enrolled = enrolled_by_worker.get(worker.id, [])
        partner_ledger: list[LedgerRecord] = []
        partner_enrolled: list[EnrollmentPeriod] = []
        if loaded.names_partner:
            partner_ledger, partner_enrolled = partner_inputs(session=session, sealer=sealer, worker=worker)
        documents = documents_by_worker.get(worker.id, [])
        invoices, costs = _business_records(documents)
        found[worker.id] = WorkerInputs(
            worker_id=worker.id,
            case=loaded.case,
            policy=policies[worker.municipality_id],
            records=tuple(income_record(record) for record in ledger)
            + tuple(income_record(record, Person.PARTNER) for record in partner_ledger),
            record_ids={(r.agency_id, r.record_id, r.version): r.id for r in (*ledger, *partner_ledger)},
            enrollments=tuple(
                EnrollmentPeriod(e.agency_id, e.valid_from, e.valid_to, Person.CLAIMANT) for e in enrolled
            )
            + tuple(partner_enrolled),
            approved=approved_by_worker.get(worker.id, {}),
            first_month=first_month(case=loaded.case, worker=worker, enrolled=enrolled),
            invoices=invoices,
            costs=costs,
            document_ids=tuple(sorted(d.document_id for d in documents)),
        )
    return found


def _enrollments(session: Session, worker_ids: Sequence[str]) -> dict[str, list[Enrollment]]:
    """Every enrollment of each worker, earliest first (as `enrollments.for_worker`), in one query."""
    statement = (
        select(Enrollment)
        .where(Enrollment.worker_id.in_(sorted(worker_ids)))
        .order_by(Enrollment.worker_id, Enrollment.valid_from)
    )
    found: dict[str, list[Enrollment]] = {}
    for enrollment in session.scalars(statement):
        found.setdefault(enrollment.worker_id, []).append(enrollment)
    return found


def _business_records(
    documents: list[business_documents.StoredDocument],
) -> tuple[tuple[InvoiceRecord, ...], tuple[CostRecord, ...]]:
    """The engine's invoices and costs (every version: the engine leaves out corrected ones)."""
    invoices: list[InvoiceRecord] = []
    costs: list[CostRecord] = []
    for stored in documents:
        document = stored.document
        if isinstance(document, BusinessInvoice):
            invoices.append(contract.invoice_record(invoice=document, version=1))
        else:
            costs.append(contract.cost_record(cost=document, version=1))
    return tuple(invoices), tuple(costs)
