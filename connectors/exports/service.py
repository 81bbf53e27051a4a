"""Export approved settlements of one municipality and move them to `exported`, in the caller's transaction.

`export_approved` is what the settlement workflow's `exported` step calls: it reads the approved
settlements (all of a month, or the given ones), writes the file, and records the transition to
`exported` by the acting staff member for each, so a settlement is exported once. If the caller's
transaction rolls back, nothing is marked exported and the file must be discarded. The rows are locked
while this runs (PostgreSQL), so two exports at once cannot both take the same settlement.

Staff reading personal data is audited by the caller (the app API writes one audit record per read);
this module writes no audit records of its own. `load_rows` and the render functions re-create the file
of settlements already exported, e.g. when a file was lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.exports import csv_file, json_file
from connectors.exports.rows import ExportError, ExportRow
from gateway.store import settlements, workers
from gateway.store.models import MonthSettlement, Municipality, SettlementStatus, SettlementTransition, Worker
from gateway.store.sealing import Sealer
from schemas.figures import MonthSettlement as SettlementResult
from schemas.periods import Month

ExportFormat = Literal["csv", "json"]


@dataclass(frozen=True, slots=True, repr=False)
class ExportFile:
    """A rendered export: file name, media type, bytes, and the settlements in it."""

    name: str
    media_type: str
    content: bytes
    settlement_ids: tuple[str, ...]

    def __repr__(self) -> str:
        return f"ExportFile(name={self.name!r}, settlements={len(self.settlement_ids)})"


def _approval(session: Session, settlement_id: str) -> SettlementTransition:
    statement = (
        select(SettlementTransition)
        .where(
            SettlementTransition.settlement_id == settlement_id,
            SettlementTransition.to_status == SettlementStatus.APPROVED.value,
        )
        .order_by(SettlementTransition.at.desc(), SettlementTransition.id.desc())
        .limit(1)
    )
    step = session.scalars(statement).first()
    if step is None:
        raise ExportError(f"settlement {settlement_id} has no recorded approval")
    return step


def load_rows(
    *,
    session: Session,
    sealer: Sealer,
    municipality_id: str,
    month: Month | None = None,
    settlement_ids: Collection[str] | None = None,
    statuses: Collection[SettlementStatus] = (SettlementStatus.APPROVED,),
    lock: bool = False,
) -> list[ExportRow]:
    """The export rows of a municipality's settlements in `statuses` (of `month`, or with these ids)."""
    municipality = session.get(Municipality, municipality_id)
    if municipality is None:
        raise ExportError("unknown municipality")
    statement = (
        select(MonthSettlement, Worker)
        .join(Worker, Worker.id == MonthSettlement.worker_id)
        .where(
            Worker.municipality_id == municipality_id,
            MonthSettlement.status.in_(sorted(status.value for status in statuses)),
        )
        .order_by(MonthSettlement.month, MonthSettlement.id)
    )
    if month is not None:
        statement = statement.where(MonthSettlement.month == str(month))
    if settlement_ids is not None:
        statement = statement.where(MonthSettlement.id.in_(sorted(set(settlement_ids))))
    if lock:
        statement = statement.with_for_update(of=MonthSettlement)
    found = session.execute(statement).all()
    if settlement_ids is not None and len(found) != len(set(settlement_ids)):
        raise ExportError("not every settlement was found in this municipality with an exportable status")
    rows = []
    for settlement, worker in found:
        approval = _approval(session, settlement.id)
        rows.append(
            ExportRow(
                municipality_code=municipality.cbs_code,
                bsn=workers.personal_details(sealer=sealer, worker=worker).bsn,
                settlement_id=settlement.id,
                version=settlement.version,
                approved_by=approval.actor,
                approved_at=approval.at,
                settlement=SettlementResult.model_validate(settlements.result(sealer=sealer, row=settlement)),
            )
        )
    return rows


def render(
    *,
    rows: list[ExportRow],
    file_format: ExportFormat,
    municipality_code: str,
    label: str,
    created_at: dt.datetime,
) -> ExportFile:
    """The file of `rows` in `file_format`; `label` (a month or a time) goes into the file name."""
    if file_format == "csv":
        content, media_type = csv_file.render(rows), csv_file.MEDIA_TYPE
    else:
        content = json_file.render(rows=rows, municipality_code=municipality_code, created_at=created_at)
        media_type = json_file.MEDIA_TYPE
    return ExportFile(
        name=f"loonbrug-verrekeningen-{municipality_code}-{label}.{file_format}",
        media_type=media_type,
        content=content,
        settlement_ids=tuple(sorted(row.settlement_id for row in rows)),
    )


def export_approved(
    *,
    session: Session,
    sealer: Sealer,
    municipality_id: str,
    actor: str,
    now: dt.datetime,
    file_format: ExportFormat,
    month: Month | None = None,
    settlement_ids: Collection[str] | None = None,
) -> ExportFile:
    """Write the file of the approved settlements asked for and mark each exported by `actor`."""
    if month is None and settlement_ids is None:
        raise ExportError("name a month or the settlements to export")
    rows = load_rows(
        session=session,
        sealer=sealer,
        municipality_id=municipality_id,
        month=month,
        settlement_ids=settlement_ids,
        lock=True,
    )
    municipality = session.get(Municipality, municipality_id)
    assert municipality is not None  # load_rows checked it
    label = str(month) if month is not None else now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    exported = render(
        rows=rows,
        file_format=file_format,
        municipality_code=municipality.cbs_code,
        label=label,
        created_at=now,
    )
    for row in rows:
        settlement = session.get(MonthSettlement, row.settlement_id)
        assert settlement is not None
        step = settlements.transition(
            session=session,
            sealer=sealer,
            settlement=settlement,
            to_status=SettlementStatus.EXPORTED,
            actor=actor,
        )
        step.at = now
    session.flush()
    return exported
