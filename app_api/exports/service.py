"""Export files: make one (approved → exported) or make again one already made; every person is audited.

The file holds each worker's BSN and amounts, so making it is a read of every person in it: one audit
record per settlement's worker, written in the transaction that marks them exported.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app_api.audit.trail import SUCCESS, record_each
from app_api.auth.principal import StaffActor
from app_api.exports.schemas import ExportFormat
from connectors.exports import service as exports
from connectors.exports.rows import ExportError
from gateway.store.models import MonthSettlement, SettlementStatus
from gateway.store.sealing import Sealer
from gateway.web.errors import Conflict, NotFound
from schemas.periods import Month


class NothingToExport(NotFound):
    """No settlements of this month in the state asked for."""

    code = "nothing_to_export"

    def __init__(self, what: str) -> None:
        super().__init__(f"Er zijn geen {what} verrekeningen van deze maand.")


def _workers(session: Session, settlement_ids: tuple[str, ...]) -> list[str]:
    return sorted(
        {session.get_one(MonthSettlement, settlement_id).worker_id for settlement_id in settlement_ids}
    )


def create(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    month: Month,
    file_format: ExportFormat,
    now: dt.datetime,
    purpose: str,
) -> exports.ExportFile:
    """Export the month's approved settlements of the staff member's municipality and mark them exported."""
    try:
        exported = exports.export_approved(
            session=session,
            sealer=sealer,
            municipality_id=actor.municipality_id,
            actor=actor.actor,
            now=now,
            file_format=file_format.value,
            month=month,
        )
    except ExportError:
        raise Conflict("Deze verrekeningen kunnen niet worden geëxporteerd.", code="export_refused") from None
    if not exported.settlement_ids:
        raise NothingToExport("goedgekeurde")
    record_each(
        session=session,
        actor=actor,
        action="export.create",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=_workers(session, exported.settlement_ids),
    )
    return exported


def again(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    month: Month,
    file_format: ExportFormat,
    now: dt.datetime,
    purpose: str,
) -> exports.ExportFile:
    """The file of the month's settlements already exported, made again (e.g. when one was lost)."""
    rows = exports.load_rows(
        session=session,
        sealer=sealer,
        municipality_id=actor.municipality_id,
        month=month,
        statuses=(SettlementStatus.EXPORTED,),
    )
    if not rows:
        raise NothingToExport("geëxporteerde")
    exported = exports.render(
        rows=rows,
        file_format=file_format.value,
        municipality_code=rows[0].municipality_code,
        label=str(month),
        created_at=now,
    )
    record_each(
        session=session,
        actor=actor,
        action="export.read",
        purpose=purpose,
        result=SUCCESS,
        worker_ids=_workers(session, exported.settlement_ids),
    )
    return exported
