"""The recompute service: one worker's stored pay data through the engine into stored figures.

`recompute_worker` loads the worker's inputs (gateway.jobs.worker_inputs), settles the months from the
first month something changed to the current one with week figures, and stores a new version of a week's
figures or a month's settlement only when its result or what it was computed from changed, so running
it twice stores nothing the second time.

Only what changed is recomputed (DESIGN §7): from the earliest of today's month (the date moves it),
last month until it was recomputed after its end, a month never stored, the first month a pay record
version not used by any stored month touches, a month whose advances changed, and a month with a carried
correction or a held payout; from the first month when the case itself (household, disregards, end,
bufferbudget decisions, enrollments, policy) changed, which a keyed digest in each stored month tells.
Nothing an earlier month depends on changed, so its stored version stands; the ledger before the range
is the stored one (an approved month's, or the stored open month's closing state). The engine starts
two months earlier than the range, because the exit forecast looks back two months. `full=True` (new
parameter files) recomputes everything.

Each stored version's `inputs` names the pay record version ids and the parameter values (key,
valid_from, confirmed) it used, the municipal policy, the day it was computed for and, for a month, the
approved settlement versions the ledger started from and the keyed digests of the case and of the
month's advances; plus a keyed digest of the result, to compare without decrypting. No amount is in
`inputs`.

An approved month is recomputed, not settled again (DESIGN §4.7): when its figures changed, the
recomputation (result kind `herberekening`) is stored as a new draft version naming the open month
that carries the difference, and the consultant gets a `figures_changed_after_approval` signal.
While an approved month's figures stand, no version is added to it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.engine import contract
from gateway.engine.inputs import LedgerState, Overpayment
from gateway.engine.parameters import ParameterSet
from gateway.engine.settlement import settle
from gateway.jobs import findings, kinds
from gateway.jobs.clock import local_date
from gateway.jobs.context import SYSTEM_ACTOR
from gateway.jobs.worker_inputs import WorkerInputs, load
from gateway.store import settlements
from gateway.store.models import MonthSettlement, Signal, WeekFigures, Worker
from gateway.store.sealing import Sealer
from schemas import figures as f
from schemas.case import MunicipalPolicy
from schemas.periods import IsoWeek, Month

DIGEST = "resultDigest"
AS_OF = "asOf"
APPROVED_IDS = "approvedSettlementIds"
CASE_DIGEST = "caseDigest"
ADVANCE_DIGEST = "advanceDigest"
RECORD_IDS = "payRecordVersionIds"
DIGEST_KID = "digestKid"
"""The digest key the row's digests were made with; absent in rows made before keys rotated, whose
digests are under the installation's first digest key."""
KIND = "kind"
"""A month's result kind (settlement, recomputation, final settlement), so the proposals job can pass over
recomputations without decrypting them."""
_LOOK_BACK_MONTHS = 2
"""The exit forecast (rule 12) looks at the two months before; the engine starts that much earlier."""
_INFORMATIONAL = frozenset({AS_OF, APPROVED_IDS, CASE_DIGEST, ADVANCE_DIGEST, KIND, DIGEST_KID})
MONTH_SIGNALS = frozenset(
    {kinds.CHANGED_AFTER_APPROVAL, kinds.EXIT_FORECAST, kinds.PAYOUT_HELD, kinds.BUFFER_PROPOSAL}
)
"""The signals a recompute raises and resolves from the month settlements."""
"""Provenance kept for the reader but not compared: a later day, or an earlier month's approval, that
leaves the result and the records and parameters used unchanged is no reason for a new version."""


@dataclass(frozen=True, slots=True)
class RecomputeOutcome:
    """What one recompute did; counts and the worker id only."""

    worker_id: str
    status: str
    """`recomputed`, `no_case` (no facts recorded yet), `not_started` (benefit starts after this month)
    or `unknown_worker`."""
    weeks_stored: int = 0
    months_stored: int = 0
    unchanged: int = 0


def _latest(session: Session, model: Any, period_column: Any, worker_id: str) -> dict[str, Any]:
    newest = (
        select(period_column.label("period"), func.max(model.version).label("version"))
        .where(model.worker_id == worker_id)
        .group_by(period_column)
        .subquery()
    )
    statement = select(model).join(
        newest, and_(period_column == newest.c.period, model.version == newest.c.version)
    )
    return {
        getattr(row, period_column.key): row
        for row in session.scalars(statement.where(model.worker_id == worker_id))
    }


def _record_ids(inputs: WorkerInputs, refs: Iterable[f.RecordRef]) -> list[str]:
    return sorted({inputs.record_ids[(ref.agency, ref.record_id, ref.version)] for ref in refs})


def _inputs(
    *,
    sealer: Sealer,
    inputs: WorkerInputs,
    document: Mapping[str, Any],
    result: f.MonthSettlement | f.WeekFigures,
    as_of: dt.date,
    kid: str,
    approved_ids: list[str] | None = None,
    digests: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    described: dict[str, Any] = {
        AS_OF: as_of.isoformat(),
        RECORD_IDS: _record_ids(inputs, result.records),
        "parameters": [
            {"key": p.key, "validFrom": p.valid_from.isoformat(), "confirmed": p.confirmed}
            for p in result.parameters
        ],
        "policy": inputs.policy.model_dump(mode="json", by_alias=True),
        DIGEST: sealer.keyring.content_digest(document, kid=kid),
        DIGEST_KID: kid,
    }
    if approved_ids is not None:
        described[APPROVED_IDS] = approved_ids
    if digests:
        described.update(digests)
    return described


def _same(previous: WeekFigures | MonthSettlement | None, described: Mapping[str, Any]) -> bool:
    """True when the stored version has the same result, records, parameters and policy."""
    if previous is None:
        return False
    return {k: v for k, v in previous.inputs.items() if k not in _INFORMATIONAL} == {
        k: v for k, v in described.items() if k not in _INFORMATIONAL
    }


def _approved_through(inputs: WorkerInputs, month: Month) -> list[str]:
    return sorted(version.settlement_id for m, version in inputs.approved.items() if m <= month)


def _kid_of(sealer: Sealer, row: WeekFigures | MonthSettlement | None) -> str:
    """The digest key to compare `row` under: its own while the keyring still has it, else the active one.

    After a digest-key rotation, a month or week compares under the key it was stored with, so figures
    that did not change are not stored again; once the old key is retired they are, once.
    """
    keyring = sealer.keyring
    if row is None:
        return keyring.active_digest_kid
    kid = row.inputs.get(DIGEST_KID) or next(iter(keyring.digest_keys))
    return kid if kid in keyring.digest_keys else keyring.active_digest_kid


def _case_digest(sealer: Sealer, inputs: WorkerInputs, kid: str) -> str:
    """A keyed digest of everything but pay records and advances that the months depend on."""
    document = {
        "case": inputs.case.model_dump(mode="json", by_alias=True, exclude={"advances"}),
        "policy": inputs.policy.model_dump(mode="json", by_alias=True),
        "enrollments": [
            [e.agency, e.person.value, e.valid_from.isoformat(), e.valid_to and e.valid_to.isoformat()]
            for e in inputs.enrollments
        ],
        "firstMonth": str(inputs.first_month),
    }
    if inputs.document_ids:
        # Invoices and costs (rule 11) are few: a new one recomputes the worker's every month.
        document["businessDocuments"] = list(inputs.document_ids)
    return sealer.keyring.content_digest(document, kid=kid)


def _advance_digest(sealer: Sealer, inputs: WorkerInputs, month: Month, kid: str) -> str:
    """A keyed digest of the advances a month settles: its own, or for the final settlement every advance
    for a month after the end (rule 12). No amount is kept in the clear."""
    end = inputs.case.end
    final = end is not None and month == Month.of(end.end_date).shift(1)
    advances = [
        [str(a.month), str(a.amount), a.paid_on and a.paid_on.isoformat()]
        for a in inputs.case.advances
        if (a.month >= month if final else a.month == month)
    ]
    return sealer.keyring.content_digest({"advances": advances}, kid=kid)


def _from_month(
    *,
    session: Session,
    sealer: Sealer,
    inputs: WorkerInputs,
    latest: Mapping[str, MonthSettlement],
    case_digest: Callable[[str], str],
    as_of: dt.date,
) -> Month:
    """The first month to recompute (see the module docstring)."""
    first = inputs.first_month
    if not latest or any(
        row.inputs.get(CASE_DIGEST) != case_digest(_kid_of(sealer, row)) for row in latest.values()
    ):
        return first
    # Today's month depends on the day itself (weeks begin); last month does until it has been
    # recomputed once after its end (it becomes complete, its missing days stop growing).
    current = Month.of(as_of)
    start = current
    previous = latest.get(str(current.shift(-1)))
    if previous is None or str(previous.inputs.get(AS_OF, "")) <= current.shift(-1).last_day.isoformat():
        start = current.shift(-1)
    month = first
    while month < start:
        if str(month) not in latest:
            start = month
        month = month.shift(1)
    known: set[str] = set()
    for row in latest.values():
        known.update(row.inputs.get(RECORD_IDS, ()))
    for record in inputs.records:
        if inputs.record_ids[(record.ref.agency, record.ref.record_id, record.ref.version)] not in known:
            start = min(start, Month.of(min(record.period_start, record.pay_date)))
    for month_text, row in latest.items():
        month = Month.parse(month_text)
        if row.inputs.get(ADVANCE_DIGEST) != _advance_digest(sealer, inputs, month, _kid_of(sealer, row)):
            start = min(start, month)
    # A correction carried from an approved month, and a held payout, are recomputed every time.
    statement = select(Signal.payload).where(
        Signal.worker_id == inputs.worker_id,
        Signal.kind.in_((kinds.CHANGED_AFTER_APPROVAL, kinds.PAYOUT_HELD)),
        Signal.resolved_at.is_(None),
    )
    for payload in session.scalars(statement):
        if "month" in payload:
            start = min(start, Month.parse(str(payload["month"])))
    return max(first, start)


def _opening(
    *, sealer: Sealer, inputs: WorkerInputs, latest: Mapping[str, MonthSettlement], start: Month
) -> LedgerState | None:
    """The ledger after the month before `start` when that month is open: from its stored settlement."""
    before = start.shift(-1)
    row = latest.get(str(before))
    if before < inputs.first_month or before in inputs.approved or row is None:
        return None
    result = f.MonthSettlement.model_validate(settlements.result(sealer=sealer, row=row))
    if result.holiday_allowance_balance is None:
        return None
    return LedgerState(
        result.holiday_allowance_balance,
        tuple(Overpayment(i.month, i.amount, i.last_month) for i in result.carry_forward),
    )


def _store_months(
    *,
    session: Session,
    sealer: Sealer,
    inputs: WorkerInputs,
    results: Iterable[f.MonthSettlement],
    as_of: dt.date,
    now: dt.datetime,
    latest: Mapping[str, MonthSettlement],
    case_digest: Callable[[str], str],
) -> tuple[int, int, list[findings.Finding]]:
    stored = unchanged = 0
    changed: list[findings.Finding] = []
    for result in results:
        document = result.model_dump(mode="json", by_alias=True)

        def describe(
            kid: str, result: f.MonthSettlement = result, document: dict[str, Any] = document
        ) -> dict[str, Any]:
            return _inputs(
                sealer=sealer,
                inputs=inputs,
                document=document,
                result=result,
                as_of=as_of,
                kid=kid,
                approved_ids=_approved_through(inputs, result.month),
                digests={
                    CASE_DIGEST: case_digest(kid),
                    ADVANCE_DIGEST: _advance_digest(sealer, inputs, result.month, kid),
                    KIND: result.kind.value,
                },
            )

        previous: MonthSettlement | None = latest.get(str(result.month))
        kid = _kid_of(sealer, previous)
        described = describe(kid)
        approved = inputs.approved.get(result.month)
        # An approved month whose figures stand keeps its approved version as the newest one.
        stands = (
            approved is not None
            and result.correction_carried is None
            and previous is not None
            and previous.id == approved.settlement_id
        )
        row: MonthSettlement | None
        if stands or _same(previous, described):
            unchanged += 1
            row = previous
        else:
            if kid != sealer.keyring.active_digest_kid:
                described = describe(sealer.keyring.active_digest_kid)
            row = settlements.store_month_settlement(
                session=session,
                sealer=sealer,
                worker_id=inputs.worker_id,
                month=result.month,
                result=document,
                inputs=described,
                actor=SYSTEM_ACTOR,
            )
            row.computed_at = now
            stored += 1
        changed.extend(_month_findings(result))
        if row is not None and result.correction_carried is not None:
            payload = {
                "month": str(result.month),
                "settlementId": row.id,
                "correctionTo": str(result.correction_to),
            }
            changed.append(
                findings.Finding(kinds.CHANGED_AFTER_APPROVAL, f"{result.month}:{row.id}", payload)
            )
    return stored, unchanged, changed


def _month_findings(result: f.MonthSettlement) -> list[findings.Finding]:
    """The exit forecast, a held payout and a bufferbudget proposal of a month, as signals."""
    month = str(result.month)
    found = []
    if result.exit_forecast is not None:
        payload = {
            "month": month,
            "basis": result.exit_forecast.basis.value,
            "weeks": [str(week) for week in result.exit_forecast.weeks],
        }
        found.append(findings.Finding(kinds.EXIT_FORECAST, month, payload))
    hold = result.hold
    if hold is not None and hold.status is f.HoldStatus.HELD:
        payload = {"month": month, "reason": hold.reason.value, "until": hold.until.isoformat()}
        found.append(findings.Finding(kinds.PAYOUT_HELD, month, payload))
    if result.buffer_proposal is not None:
        payload = {"month": month, "use": result.buffer_proposal.kind.value}
        found.append(findings.Finding(kinds.BUFFER_PROPOSAL, month, payload))
    return found


def _kept(session: Session, worker_id: str, from_month: Month) -> list[findings.Finding]:
    """The open month signals of months before `from_month`, which this recompute did not look at."""
    statement = select(Signal).where(
        Signal.worker_id == worker_id, Signal.kind.in_(sorted(MONTH_SIGNALS)), Signal.resolved_at.is_(None)
    )
    return [
        findings.Finding(signal.kind, str(signal.payload.get(findings.KEY, "")), signal.payload)
        for signal in session.scalars(statement)
        if str(signal.payload.get("month", "9999-99")) < str(from_month)
    ]


def _store_weeks(
    *,
    session: Session,
    sealer: Sealer,
    inputs: WorkerInputs,
    results: Iterable[f.WeekFigures],
    as_of: dt.date,
    now: dt.datetime,
) -> tuple[int, int]:
    latest = _latest(session, WeekFigures, WeekFigures.iso_week, inputs.worker_id)
    stored = unchanged = 0
    for result in results:
        document = result.model_dump(mode="json", by_alias=True)
        previous = latest.get(str(result.week))
        kid = _kid_of(sealer, previous)
        described = _inputs(
            sealer=sealer, inputs=inputs, document=document, result=result, as_of=as_of, kid=kid
        )
        if _same(previous, described):
            unchanged += 1
            continue
        if kid != sealer.keyring.active_digest_kid:
            active = sealer.keyring.active_digest_kid
            described = _inputs(
                sealer=sealer, inputs=inputs, document=document, result=result, as_of=as_of, kid=active
            )
        row = settlements.store_week_figures(
            session=session,
            sealer=sealer,
            worker_id=inputs.worker_id,
            iso_week=IsoWeek.parse(str(result.week)),
            result=document,
            inputs=described,
        )
        row.computed_at = now
        stored += 1
    return stored, unchanged


def recompute_worker(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    now: dt.datetime,
    full: bool = False,
) -> RecomputeOutcome:
    """Recompute one worker's week figures and month settlements as of `now` (see the module docstring).

    The worker row is locked first, so two recomputes of one worker (scheduler and CLI) take turns.
    `full` recomputes every month, also those nothing the store can see has changed (new parameters).
    """
    worker = session.get(Worker, worker_id, with_for_update=True)
    if worker is None:
        return RecomputeOutcome(worker_id, "unknown_worker")
    inputs = load(session=session, sealer=sealer, worker=worker, default_policy=default_policy)
    if inputs is None:
        return RecomputeOutcome(worker_id, "no_case")
    as_of = local_date(now)
    last_month = Month.of(as_of)
    if inputs.first_month > last_month:
        return RecomputeOutcome(worker_id, "not_started")
    latest = _latest(session, MonthSettlement, MonthSettlement.month, inputs.worker_id)
    case_digest = functools.cache(lambda kid: _case_digest(sealer, inputs, kid))
    from_month = (
        inputs.first_month
        if full
        else _from_month(
            session=session,
            sealer=sealer,
            inputs=inputs,
            latest=latest,
            case_digest=case_digest,
            as_of=as_of,
        )
    )
    start = max(inputs.first_month, min(from_month, last_month).shift(-_LOOK_BACK_MONTHS))
    calculation = settle(
        case=inputs.case,
        records=inputs.records,
        first_month=start,
        last_month=last_month,
        as_of=as_of,
        parameters=parameters,
        policy=inputs.policy,
        enrollments=inputs.enrollments,
        approved=[contract.approved_month(version.result) for version in inputs.approved.values()],
        opening=_opening(sealer=sealer, inputs=inputs, latest=latest, start=start),
        invoices=inputs.invoices,
        costs=inputs.costs,
    )
    months = [contract.month_settlement(r) for r in calculation.settlements if r.month >= from_month]
    weeks = [contract.week_figures(r) for r in calculation.weeks if r.month >= from_month]
    months_stored, months_unchanged, changed = _store_months(
        session=session,
        sealer=sealer,
        inputs=inputs,
        results=months,
        as_of=as_of,
        now=now,
        latest=latest,
        case_digest=case_digest,
    )
    weeks_stored, weeks_unchanged = _store_weeks(
        session=session, sealer=sealer, inputs=inputs, results=weeks, as_of=as_of, now=now
    )
    findings.sync(
        session=session,
        worker_id=worker_id,
        kinds=MONTH_SIGNALS,
        findings=[*changed, *_kept(session, worker_id, from_month)],
        now=now,
    )
    session.flush()
    return RecomputeOutcome(
        worker_id, "recomputed", weeks_stored, months_stored, months_unchanged + weeks_unchanged
    )
