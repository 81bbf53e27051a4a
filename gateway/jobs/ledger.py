"""A worker's current pay record versions, decrypted once, for the recompute and the checks.

The stored content of a version is the `schemas.pay_record.PayRecord` fields other than identity and
period, in snake_case, amounts as text; it is read back into Decimals here, in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from gateway.store import pay_records, per_value
from gateway.store.models import PayRecord
from gateway.store.sealing import Sealer
from schemas.money import ZERO


@dataclass(frozen=True, slots=True, repr=False)
class LedgerRecord:
    """One current pay record version with its decrypted hours and amounts; never log it."""

    id: str
    agency_id: str
    record_id: str
    version: int
    lineage_id: str
    period_type: str
    period_start: dt.date
    period_end: dt.date
    pay_date: dt.date
    hours: Decimal
    gross_wage: Decimal
    net_wage: Decimal
    holiday_pay_paid: Decimal
    reserves_paid: Decimal
    ytd_gross: Decimal | None
    ytd_net: Decimal | None

    def __repr__(self) -> str:
        return f"LedgerRecord(id={self.id!r}, version={self.version})"


def _amount(content: dict[str, Any], name: str) -> Decimal:
    value = content.get(name)
    return ZERO if value is None else Decimal(str(value))


def _optional(content: dict[str, Any], name: str) -> Decimal | None:
    value = content.get(name)
    return None if value is None else Decimal(str(value))


def from_row(*, sealer: Sealer, row: PayRecord) -> LedgerRecord:
    """Decrypt one stored version."""
    content = pay_records.content(sealer=sealer, record=row)
    return LedgerRecord(
        id=row.id,
        agency_id=row.agency_id,
        record_id=row.record_id,
        version=row.version,
        lineage_id=row.lineage_id,
        period_type=row.period_type,
        period_start=row.period_start,
        period_end=row.period_end,
        pay_date=row.pay_date,
        hours=_amount(content, "hours"),
        gross_wage=_amount(content, "gross_wage"),
        net_wage=_amount(content, "net_wage"),
        holiday_pay_paid=_amount(content, "holiday_pay_paid"),
        reserves_paid=_amount(content, "reserves_paid"),
        ytd_gross=_optional(content, "ytd_gross"),
        ytd_net=_optional(content, "ytd_net"),
    )


Enrolled = Sequence[tuple[dt.date, dt.date | None]]
"""Enrollment periods with one agency: (valid_from, valid_to or None when open)."""


def enrolled_parts(start: dt.date, end: dt.date, enrolled: Enrolled) -> list[tuple[dt.date, dt.date]]:
    """The parts of `start`..`end` that fall inside an enrollment period."""
    parts = []
    for valid_from, valid_to in enrolled:
        first, last = max(start, valid_from), end if valid_to is None else min(end, valid_to)
        if first <= last:
            parts.append((first, last))
    return parts


def current_records(*, session: Session, sealer: Sealer, worker_id: str) -> list[LedgerRecord]:
    """The worker's current versions from every agency, by period start."""
    rows = pay_records.current_for_worker(session=session, worker_id=worker_id)
    return [from_row(sealer=sealer, row=row) for row in rows]


def current_rows_for_workers(*, session: Session, worker_ids: Collection[str]) -> dict[str, list[PayRecord]]:
    """The current versions of each of `worker_ids` in one query, each worker's in the order of
    `pay_records.current_for_worker` (period start, agency); a worker without records is left out."""
    successor = aliased(PayRecord)
    current = select(PayRecord).where(~exists().where(successor.supersedes_id == PayRecord.id))
    found: dict[str, list[PayRecord]] = {}
    # One index probe per worker on PostgreSQL (gateway.store.per_value): a plain IN list let the planner
    # hash every pay record whenever its statistics were behind the table.
    for statement in per_value.matching(session, current, PayRecord.worker_id, worker_ids, entity=PayRecord):
        for row in session.scalars(statement):
            found.setdefault(row.worker_id, []).append(row)
    for rows in found.values():
        rows.sort(key=lambda row: (row.period_start, row.agency_id))
    return found
