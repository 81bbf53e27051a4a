"""One worker's recompute as a plan: from what the store holds, which months to settle and which new week
and month versions to store, with the signals the months raise. Reads and writes nothing itself: the
batch (gateway.jobs.recompute) reads the store for many workers at once and writes every plan in bulk.

What each stored version's `inputs` holds, and which months are settled again, is described in the
docstring of gateway.jobs.recompute.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gateway.engine import contract, documents
from gateway.engine.inputs import LedgerState, Overpayment, RecordRef
from gateway.engine.parameters import ParameterSet
from gateway.engine.results import MonthResult, WeekResult
from gateway.engine.settlement import settle
from gateway.jobs import findings, kinds
from gateway.jobs.worker_inputs import WorkerInputs
from gateway.security.blind_index import canonical_json_without_floats, keyed_digest
from gateway.store.base import new_id
from gateway.store.models import Signal
from gateway.store.sealing import Sealer
from schemas import figures as f
from schemas.periods import Month

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
LOOK_BACK_MONTHS = 2
"""The exit forecast (rule 12) looks at the two months before; the engine starts that much earlier."""
_INFORMATIONAL = frozenset({AS_OF, APPROVED_IDS, CASE_DIGEST, ADVANCE_DIGEST, KIND, DIGEST_KID})
"""Provenance kept for the reader but not compared: a later day, or an earlier month's approval, that
leaves the result and the records and parameters used unchanged is no reason for a new version."""
MONTH_SIGNALS = frozenset(
    {kinds.CHANGED_AFTER_APPROVAL, kinds.EXIT_FORECAST, kinds.PAYOUT_HELD, kinds.BUFFER_PROPOSAL}
)
"""The signals a recompute raises and resolves from the month settlements."""


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


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """The newest stored version of a week or month: what a recompute compares with (no result)."""

    id: str
    version: int
    inputs: Mapping[str, Any]


@dataclass(frozen=True, slots=True, repr=False)
class NewVersion:
    """A week's figures or a month's settlement to store as the next version of its period."""

    id: str
    period: str
    version: int
    supersedes_id: str | None
    sealed_result: str
    inputs: dict[str, Any]

    def __repr__(self) -> str:
        return f"NewVersion({self.period} v{self.version})"


@dataclass(slots=True)
class Plan:
    """What one worker's recompute stores and which month signals it wants open."""

    outcome: RecomputeOutcome
    weeks: list[NewVersion] = field(default_factory=list)
    months: list[NewVersion] = field(default_factory=list)
    findings: list[findings.Finding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Start:
    """Where one worker's recompute starts: the first month stored again and the first month settled."""

    from_month: Month
    engine_start: Month


def _record_ids(inputs: WorkerInputs, refs: Iterable[RecordRef]) -> list[str]:
    return sorted({inputs.record_ids[(ref.agency, ref.record_id, ref.version)] for ref in refs})


def _same(previous: StoredVersion | None, described: Mapping[str, Any]) -> bool:
    """True when the stored version has the same result, records, parameters and policy."""
    if previous is None:
        return False
    return {k: v for k, v in previous.inputs.items() if k not in _INFORMATIONAL} == {
        k: v for k, v in described.items() if k not in _INFORMATIONAL
    }


def _approved_through(inputs: WorkerInputs, month: Month) -> list[str]:
    return sorted(version.settlement_id for m, version in inputs.approved.items() if m <= month)


def kid_of(sealer: Sealer, inputs: Mapping[str, Any] | None) -> str:
    """The digest key to compare a stored version under: its own while the keyring still has it, else
    the active one.

    After a digest-key rotation, a month or week compares under the key it was stored with, so figures
    that did not change are not stored again; once the old key is retired they are, once.
    """
    keyring = sealer.keyring
    if inputs is None:
        return keyring.active_digest_kid
    kid = inputs.get(DIGEST_KID) or next(iter(keyring.digest_keys))
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


class WorkerRecompute:
    """One worker's recompute: the inputs and what the store holds, turned into a `Plan`."""

    def __init__(
        self,
        *,
        sealer: Sealer,
        inputs: WorkerInputs,
        months: Mapping[str, StoredVersion],
        signals: Sequence[Signal],
        as_of: dt.date,
    ) -> None:
        self.sealer = sealer
        self.inputs = inputs
        self.months = months
        """The newest stored version of every month of the worker."""
        self.signals = signals
        """The worker's month signals (`MONTH_SIGNALS`), open and resolved."""
        self.as_of = as_of
        self.policy = inputs.policy.model_dump(mode="json", by_alias=True)
        """The municipal policy as every stored version's `inputs` names it (one dump per worker)."""
        self.case_digest: Callable[[str], str] = functools.cache(
            lambda kid: _case_digest(sealer, inputs, kid)
        )

    def start(self, *, full: bool) -> Start:
        """The first month to store again and the first month the engine settles."""
        inputs = self.inputs
        from_month = inputs.first_month if full else self._from_month()
        last_month = Month.of(self.as_of)
        engine_start = max(inputs.first_month, min(from_month, last_month).shift(-LOOK_BACK_MONTHS))
        return Start(from_month, engine_start)

    def _from_month(self) -> Month:
        """The first month to recompute (see the docstring of gateway.jobs.recompute)."""
        inputs, latest, sealer = self.inputs, self.months, self.sealer
        first = inputs.first_month
        if not latest or any(
            row.inputs.get(CASE_DIGEST) != self.case_digest(kid_of(sealer, row.inputs))
            for row in latest.values()
        ):
            return first
        # Today's month depends on the day itself (weeks begin); last month does until it has been
        # recomputed once after its end (it becomes complete, its missing days stop growing).
        current = Month.of(self.as_of)
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
            kid = kid_of(sealer, row.inputs)
            if row.inputs.get(ADVANCE_DIGEST) != _advance_digest(sealer, inputs, month, kid):
                start = min(start, month)
        # A correction carried from an approved month, and a held payout, are recomputed every time.
        for signal in self.signals:
            if (
                signal.kind in (kinds.CHANGED_AFTER_APPROVAL, kinds.PAYOUT_HELD)
                and signal.resolved_at is None
                and "month" in signal.payload
            ):
                start = min(start, Month.parse(str(signal.payload["month"])))
        return max(first, start)

    def opening_id(self, start: Start) -> str | None:
        """The stored settlement the ledger opens from when the month before the engine's first month is
        open (not approved, and stored): the batch reads its result for `plan`."""
        before = start.engine_start.shift(-1)
        row = self.months.get(str(before))
        if before < self.inputs.first_month or before in self.inputs.approved or row is None:
            return None
        return row.id

    @staticmethod
    def _opening(document: Mapping[str, Any] | None) -> LedgerState | None:
        """The ledger after the month before the engine's first month, from that month's stored result."""
        if document is None:
            return None
        result = f.MonthSettlement.model_validate(document)
        if result.holiday_allowance_balance is None:
            return None
        return LedgerState(
            result.holiday_allowance_balance,
            tuple(Overpayment(i.month, i.amount, i.last_month) for i in result.carry_forward),
        )

    def plan(
        self,
        *,
        start: Start,
        weeks: Mapping[str, StoredVersion],
        parameters: ParameterSet,
        opening: Mapping[str, Any] | None = None,
    ) -> Plan:
        """Settle from `start` and plan the new versions; `weeks` holds the newest stored version of every
        week from the first week of `start.from_month` on, `opening` the result of the settlement
        `opening_id` names."""
        inputs = self.inputs
        calculation = settle(
            case=inputs.case,
            records=inputs.records,
            first_month=start.engine_start,
            last_month=Month.of(self.as_of),
            as_of=self.as_of,
            parameters=parameters,
            policy=inputs.policy,
            enrollments=inputs.enrollments,
            approved=[contract.approved_month(version.result) for version in inputs.approved.values()],
            opening=self._opening(opening),
            weeks_from=start.from_month,
            invoices=inputs.invoices,
            costs=inputs.costs,
        )
        from_month = start.from_month
        plan = Plan(RecomputeOutcome(inputs.worker_id, "recomputed"))
        unchanged = 0
        for month_result in calculation.settlements:
            if month_result.month >= from_month:
                unchanged += self._month(plan, month_result)
        for week_result in calculation.weeks:
            if week_result.month >= from_month:
                unchanged += self._week(plan, week_result, weeks)
        plan.findings.extend(self._kept(from_month))
        plan.outcome = RecomputeOutcome(
            inputs.worker_id, "recomputed", len(plan.weeks), len(plan.months), unchanged
        )
        return plan

    def _described(
        self,
        *,
        data: bytes,
        result: MonthResult | WeekResult,
        kid: str,
        month: MonthResult | None = None,
    ) -> dict[str, Any]:
        inputs = self.inputs
        described: dict[str, Any] = {
            AS_OF: self.as_of.isoformat(),
            RECORD_IDS: _record_ids(inputs, result.records),
            "parameters": [
                {"key": p.key, "validFrom": p.valid_from.isoformat(), "confirmed": p.confirmed}
                for p in result.parameters
            ],
            "policy": self.policy,
            DIGEST: keyed_digest(key=self.sealer.keyring.digest_keys[kid], data=data),
            DIGEST_KID: kid,
        }
        if month is not None:
            described[APPROVED_IDS] = _approved_through(inputs, month.month)
            described[CASE_DIGEST] = self.case_digest(kid)
            described[ADVANCE_DIGEST] = _advance_digest(self.sealer, inputs, month.month, kid)
            described[KIND] = month.kind.value
        return described

    def _new(
        self,
        *,
        table: str,
        period: str,
        previous: StoredVersion | None,
        data: bytes,
        described: dict[str, Any],
    ) -> NewVersion:
        row_id = new_id()
        sealed = self.sealer.seal_bytes(table=table, column="result_encrypted", row_id=row_id, plaintext=data)
        return NewVersion(
            id=row_id,
            period=period,
            version=1 if previous is None else previous.version + 1,
            supersedes_id=None if previous is None else previous.id,
            sealed_result=sealed,
            inputs=described,
        )

    def _month(self, plan: Plan, result: MonthResult) -> int:
        """Plan a month's new version unless it is unchanged (returns 1 then), and its signals."""
        data = canonical_json_without_floats(documents.month_document(result))
        previous = self.months.get(str(result.month))
        kid = kid_of(self.sealer, None if previous is None else previous.inputs)
        described = self._described(data=data, result=result, kid=kid, month=result)
        approved = self.inputs.approved.get(result.month)
        # An approved month whose figures stand keeps its approved version as the newest one.
        stands = (
            approved is not None
            and result.correction_carried is None
            and previous is not None
            and previous.id == approved.settlement_id
        )
        unchanged = stands or _same(previous, described)
        row_id = None if previous is None else previous.id
        if not unchanged:
            active = self.sealer.keyring.active_digest_kid
            if kid != active:
                described = self._described(data=data, result=result, kid=active, month=result)
            new = self._new(
                table="month_settlement",
                period=str(result.month),
                previous=previous,
                data=data,
                described=described,
            )
            plan.months.append(new)
            row_id = new.id
        plan.findings.extend(_month_findings(result))
        if row_id is not None and result.correction_carried is not None:
            payload = {
                "month": str(result.month),
                "settlementId": row_id,
                "correctionTo": str(result.correction_to),
            }
            plan.findings.append(
                findings.Finding(kinds.CHANGED_AFTER_APPROVAL, f"{result.month}:{row_id}", payload)
            )
        return 1 if unchanged else 0

    def _week(self, plan: Plan, result: WeekResult, weeks: Mapping[str, StoredVersion]) -> int:
        """Plan a week's new version unless it is unchanged (returns 1 then)."""
        data = canonical_json_without_floats(documents.week_document(result))
        previous = weeks.get(str(result.week))
        kid = kid_of(self.sealer, None if previous is None else previous.inputs)
        described = self._described(data=data, result=result, kid=kid)
        if _same(previous, described):
            return 1
        active = self.sealer.keyring.active_digest_kid
        if kid != active:
            described = self._described(data=data, result=result, kid=active)
        plan.weeks.append(
            self._new(
                table="week_figures",
                period=str(result.week),
                previous=previous,
                data=data,
                described=described,
            )
        )
        return 0

    def _kept(self, from_month: Month) -> list[findings.Finding]:
        """The open month signals of months before `from_month`, which this recompute did not look at."""
        return [
            findings.Finding(signal.kind, str(signal.payload.get(findings.KEY, "")), signal.payload)
            for signal in self.signals
            if signal.resolved_at is None and str(signal.payload.get("month", "9999-99")) < str(from_month)
        ]


def _month_findings(result: MonthResult) -> list[findings.Finding]:
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
