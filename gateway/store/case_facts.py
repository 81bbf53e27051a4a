"""A worker's benefit case in contract types: record a `CaseFacts` snapshot, load a `BenefitCase`.

This is the one place that knows how case facts are laid out in `benefit_case_fact` rows, so the app API
(which records facts) and the recompute job (which feeds the engine) cannot drift apart: a row holds
`CaseFacts` as lowerCamelCase JSON, encrypted, and the blind index of the partner's BSN when the facts
name one. A partner is found as a worker of the same municipality through that index; the BSN itself
leaves this module only inside a `CaseFacts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from gateway.store import advances, benefit_cases, buffer_decisions, case_ends, workers
from gateway.store.models import BenefitCaseFact, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import Advance, BenefitCase, BufferUse, CaseEnd, HouseholdPeriod
from schemas.case_facts import CaseFacts

_IN_CHUNK = 1000


@dataclass(frozen=True, slots=True, repr=False)
class RecordedPeriod:
    """The facts that hold over one period of the timeline, with the partner's worker when linked."""

    valid_from: dt.date
    valid_to: dt.date | None
    """Last day (inclusive); None is open-ended."""
    facts: CaseFacts
    recording_id: str
    partner_worker_id: str | None
    """The worker of this municipality with the partner's BSN; None without a partner BSN or when no
    worker has it (yet)."""

    def __repr__(self) -> str:
        return f"RecordedPeriod({self.valid_from}..{self.valid_to}, recording_id={self.recording_id!r})"


@dataclass(frozen=True, slots=True)
class PartnerLink:
    """A period in which the case names `partner_worker_id` as the claimant's partner."""

    partner_worker_id: str
    valid_from: dt.date
    valid_to: dt.date | None


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
    partner_index = None
    if facts.partner_bsn is not None:
        worker = session.get(Worker, worker_id)
        if worker is None:
            raise ValueError("unknown worker")
        partner_index = sealer.keyring.bsn_index(facts.partner_bsn, municipality_id=worker.municipality_id)
    return benefit_cases.record(
        session=session,
        sealer=sealer,
        worker_id=worker_id,
        valid_from=valid_from,
        valid_to=valid_to,
        facts=facts.model_dump(mode="json", by_alias=True),
        recorded_by=recorded_by,
        partner_bsn_index=partner_index,
    )


def latest(*, session: Session, sealer: Sealer, worker_id: str) -> CaseFacts | None:
    """The most recently recorded snapshot, or None when nothing was recorded."""
    history = benefit_cases.history(session=session, worker_id=worker_id)
    if not history:
        return None
    return CaseFacts.model_validate(sealer.get_json(history[-1], "facts_encrypted"))


def timeline(*, session: Session, sealer: Sealer, worker: Worker) -> list[RecordedPeriod]:
    """The facts that hold now for each period (see benefit_cases.effective_facts), partners resolved."""
    found: dict[str, str | None] = {}
    periods = []
    for period in benefit_cases.effective_facts(session=session, sealer=sealer, worker_id=worker.id):
        facts = CaseFacts.model_validate(period.facts)
        partner_id = None
        if facts.partner_bsn is not None:
            if facts.partner_bsn not in found:
                partner = workers.find_by_bsn(
                    session=session,
                    sealer=sealer,
                    municipality_id=worker.municipality_id,
                    bsn=facts.partner_bsn,
                )
                # A case naming its own claimant as partner would count the same pay twice.
                found[facts.partner_bsn] = None if partner is None or partner.id == worker.id else partner.id
            partner_id = found[facts.partner_bsn]
        periods.append(RecordedPeriod(period.valid_from, period.valid_to, facts, period.fact_id, partner_id))
    return periods


def partner_links(*, session: Session, sealer: Sealer, worker: Worker) -> list[PartnerLink]:
    """The periods in which the worker's case names a partner who is a worker of the municipality."""
    return [
        PartnerLink(period.partner_worker_id, period.valid_from, period.valid_to)
        for period in timeline(session=session, sealer=sealer, worker=worker)
        if period.partner_worker_id is not None
    ]


def naming_as_partner(*, session: Session, worker_ids: Collection[str]) -> list[str]:
    """The workers whose recorded facts name one of `worker_ids` as partner, in the same municipality.

    Every recording counts, also one a later recording overrides: a worker too many is recomputed for
    nothing, while one too few would keep figures without the partner's newest pay.
    """
    claimant, partner = aliased(Worker), aliased(Worker)
    statement = (
        select(BenefitCaseFact.worker_id)
        .join(claimant, claimant.id == BenefitCaseFact.worker_id)
        .join(
            partner,
            and_(
                partner.bsn_index == BenefitCaseFact.partner_bsn_index,
                partner.municipality_id == claimant.municipality_id,
            ),
        )
        .where(partner.id != claimant.id)
        .distinct()
    )
    unique = sorted(set(worker_ids))
    found: set[str] = set()
    for start in range(0, len(unique), _IN_CHUNK):
        found.update(session.scalars(statement.where(partner.id.in_(unique[start : start + _IN_CHUNK]))))
    return sorted(found)


def load(*, session: Session, sealer: Sealer, worker: Worker) -> BenefitCase | None:
    """The worker's whole benefit case as the engine takes it, or None when no facts were recorded.

    Household periods come from the resolved timeline (a later recording overrides what it overlaps);
    the benefit start and the granted disregards come from the latest snapshot; the end of the case and
    the bufferbudget decisions from their own ledgers.
    """
    loaded = load_many(session=session, sealer=sealer, workers=[worker]).get(worker.id)
    return None if loaded is None else loaded.case


@dataclass(frozen=True, slots=True, repr=False)
class LoadedCase:
    """A worker's benefit case, and whether any of its recordings names a partner by BSN."""

    case: BenefitCase
    names_partner: bool

    def __repr__(self) -> str:
        return f"LoadedCase(names_partner={self.names_partner})"


def load_many(*, session: Session, sealer: Sealer, workers: Sequence[Worker]) -> dict[str, LoadedCase]:
    """`load` of several workers in a few queries (one per ledger); a worker without facts is left out."""
    ids = [worker.id for worker in workers]
    recorded = benefit_cases.histories(session=session, worker_ids=ids)
    paid = advances.for_workers(session=session, sealer=sealer, worker_ids=ids)
    ends = case_ends.current_for_workers(session=session, worker_ids=ids)
    uses = buffer_decisions.for_workers(session=session, sealer=sealer, worker_ids=ids)
    found: dict[str, LoadedCase] = {}
    for worker in workers:
        rows = recorded.get(worker.id)
        if not rows:
            continue
        periods = [
            (period, CaseFacts.model_validate(period.facts))
            for period in benefit_cases.timeline_of(sealer=sealer, recorded=rows)
        ]
        newest = CaseFacts.model_validate(sealer.get_json(rows[-1], "facts_encrypted"))
        case = _case(
            sealer=sealer,
            worker=worker,
            periods=periods,
            newest=newest,
            paid=paid.get(worker.id, []),
            end=ends.get(worker.id),
            uses=uses.get(worker.id, []),
        )
        found[worker.id] = LoadedCase(case, any(facts.partner_bsn is not None for _, facts in periods))
    return found


def _case(
    *,
    sealer: Sealer,
    worker: Worker,
    periods: Sequence[tuple[benefit_cases.FactPeriod, CaseFacts]],
    newest: CaseFacts,
    paid: Sequence[advances.AdvanceEntry],
    end: case_ends.EndEntry | None,
    uses: Sequence[buffer_decisions.Decision],
) -> BenefitCase:
    household = [
        HouseholdPeriod(
            valid_from=period.valid_from,
            valid_to=period.valid_to,
            household_type=facts.household_type,
            partner_birth_date=facts.partner_birth_date,
            youngest_child_birth_date=facts.youngest_child_birth_date,
            cost_sharers=facts.cost_sharers,
        )
        for period, facts in periods
    ]
    details = workers.personal_details(sealer=sealer, worker=worker)
    return BenefitCase(
        birth_date=details.birth_date,
        benefit_start=newest.benefit_start,
        household=household,
        disregards=list(newest.disregards),
        advances=[Advance(month=entry.month, amount=entry.amount, paid_on=entry.paid_on) for entry in paid],
        end=(
            None
            if end is None or end.end_date is None or end.reason is None
            else CaseEnd(end_date=end.end_date, reason=end.reason)
        ),
        buffer_uses=[BufferUse(month=use.month, kind=use.kind, amount=use.amount) for use in uses],
        wage_cost_subsidy_target_group=newest.wage_cost_subsidy_target_group,
    )
