"""Versioned engine results: week figures and month settlements, and the settlement workflow.

A recompute stores the next version; earlier versions stay readable. Two recomputes racing for the
same version number collide on the unique (worker, period, version) constraint; the loser retries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.models import MonthSettlement, SettlementStatus, SettlementTransition, WeekFigures
from gateway.store.sealing import Sealer
from schemas.periods import IsoWeek, Month

_RESULT = "result_encrypted"

ALLOWED_TRANSITIONS: Mapping[SettlementStatus, frozenset[SettlementStatus]] = {
    SettlementStatus.DRAFT: frozenset({SettlementStatus.PROPOSED}),
    SettlementStatus.PROPOSED: frozenset({SettlementStatus.DRAFT, SettlementStatus.APPROVED}),
    SettlementStatus.APPROVED: frozenset({SettlementStatus.EXPORTED}),
    SettlementStatus.EXPORTED: frozenset(),
}
"""draft → proposed → approved → exported; a proposal can be sent back to draft."""


class TransitionRefused(ValueError):
    """The settlement cannot move to that status from where it is."""


def store_week_figures(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    iso_week: IsoWeek,
    result: Mapping[str, Any],
    inputs: Mapping[str, Any],
) -> WeekFigures:
    """Store the next version of a week's figures; `inputs` names record versions and parameters only."""
    previous = latest_week_figures(session=session, worker_id=worker_id, iso_week=iso_week)
    version = 1 if previous is None else previous.version + 1
    figures = WeekFigures(worker_id=worker_id, iso_week=str(iso_week), version=version, inputs=dict(inputs))
    sealer.put_json(figures, _RESULT, dict(result))
    session.add(figures)
    session.flush()
    return figures


def latest_week_figures(*, session: Session, worker_id: str, iso_week: IsoWeek) -> WeekFigures | None:
    """The newest version of a week's figures."""
    statement = (
        select(WeekFigures)
        .where(WeekFigures.worker_id == worker_id, WeekFigures.iso_week == str(iso_week))
        .order_by(WeekFigures.version.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def store_month_settlement(
    *,
    session: Session,
    sealer: Sealer,
    worker_id: str,
    month: Month,
    result: Mapping[str, Any],
    inputs: Mapping[str, Any],
    actor: str,
) -> MonthSettlement:
    """Store the next version of a month's settlement as a draft that supersedes the previous version."""
    previous = latest_month_settlement(session=session, worker_id=worker_id, month=month)
    settlement = MonthSettlement(
        worker_id=worker_id,
        month=str(month),
        version=1 if previous is None else previous.version + 1,
        status=SettlementStatus.DRAFT.value,
        supersedes_id=None if previous is None else previous.id,
        inputs=dict(inputs),
    )
    sealer.put_json(settlement, _RESULT, dict(result))
    session.add(settlement)
    session.flush()
    session.add(
        SettlementTransition(
            settlement_id=settlement.id, from_status=None, to_status=SettlementStatus.DRAFT.value, actor=actor
        )
    )
    session.flush()
    return settlement


def latest_month_settlement(*, session: Session, worker_id: str, month: Month) -> MonthSettlement | None:
    """The newest version of a month's settlement."""
    statement = (
        select(MonthSettlement)
        .where(MonthSettlement.worker_id == worker_id, MonthSettlement.month == str(month))
        .order_by(MonthSettlement.version.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def result(*, sealer: Sealer, row: WeekFigures | MonthSettlement) -> dict[str, Any]:
    """The decrypted result document of a week-figures or settlement version."""
    document: dict[str, Any] = sealer.get_json(row, _RESULT)
    return document


def result_of(*, sealer: Sealer, row_id: str, sealed: str) -> dict[str, Any]:
    """The decrypted result document of the settlement version `row_id`, read as its sealed column."""
    document: dict[str, Any] = sealer.open_json(
        table=MonthSettlement.__tablename__, column=_RESULT, row_id=row_id, sealed=sealed
    )
    return document


def transition(
    *,
    session: Session,
    sealer: Sealer,
    settlement: MonthSettlement,
    to_status: SettlementStatus,
    actor: str,
    note: str | None = None,
) -> SettlementTransition:
    """Move a settlement to `to_status` and record who did it; refuses moves the workflow does not allow.

    Four-eyes rules (who may approve) belong to the caller; this guards the order of the steps.
    """
    current = SettlementStatus(settlement.status)
    if to_status not in ALLOWED_TRANSITIONS[current]:
        raise TransitionRefused(f"van {current.value} naar {to_status.value} is niet toegestaan")
    step = SettlementTransition(
        settlement_id=settlement.id, from_status=current.value, to_status=to_status.value, actor=actor
    )
    if note is not None:
        sealer.put_text(step, "note_encrypted", note)
    settlement.status = to_status.value
    session.add(step)
    session.flush()
    return step


def transitions(*, session: Session, settlement_id: str) -> list[SettlementTransition]:
    """The workflow steps of one settlement version, in order."""
    statement = (
        select(SettlementTransition)
        .where(SettlementTransition.settlement_id == settlement_id)
        .order_by(SettlementTransition.at, SettlementTransition.id)
    )
    return list(session.scalars(statement))
