"""Reading pay records: decrypt the stored content into `PaySlip`s, within the access rules."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.pagination import Page, Paging
from app_api.payslips import repository
from app_api.payslips.schemas import PaySlip
from gateway.store import pay_records
from gateway.store.models import PayRecord
from gateway.store.sealing import Sealer
from gateway.web.errors import NotFound
from schemas.figures import RecordRef
from schemas.pay_record import PeriodType

_AMOUNTS = (
    "hours",
    "gross_wage",
    "wage_tax",
    "employee_premiums",
    "net_wage",
    "holiday_pay_accrued",
    "holiday_pay_paid",
    "reserves_paid",
    "untaxed_allowances",
)


class PayslipNotFound(NotFound):
    """No such pay record of this worker."""

    code = "payslip_not_found"

    def __init__(self) -> None:
        super().__init__("Deze loonstrook is niet gevonden.")


def to_payslip(*, sealer: Sealer, row: PayRecord, agency_name: str, current: bool) -> PaySlip:
    """A stored version as a `PaySlip` (amounts the agency left out are zero)."""
    content = pay_records.content(sealer=sealer, record=row)
    return PaySlip(
        id=row.id,
        agency_id=row.agency_id,
        agency_name=agency_name,
        record_id=row.record_id,
        version=row.version,
        current=current,
        period_type=PeriodType(row.period_type),
        period_start=row.period_start,
        period_end=row.period_end,
        pay_date=row.pay_date,
        ytd_gross=content.get("ytd_gross"),
        ytd_net=content.get("ytd_net"),
        received_at=row.received_at,
        **{name: content.get(name) or "0.00" for name in _AMOUNTS},
    )


def _page(*, session: Session, sealer: Sealer, worker_id: str, paging: Paging) -> Page[PaySlip]:
    rows = repository.current_page(
        session=session, worker_id=worker_id, offset=paging.offset, limit=paging.fetch
    )
    slips = [to_payslip(sealer=sealer, row=row, agency_name=name, current=True) for row, name in rows]
    return Page[PaySlip].of(slips, paging)


def _one(*, session: Session, sealer: Sealer, worker_id: str, pay_record_id: str) -> PaySlip:
    found = repository.one(session=session, worker_id=worker_id, pay_record_id=pay_record_id)
    if found is None:
        raise PayslipNotFound()
    row, name, current = found
    return to_payslip(sealer=sealer, row=row, agency_name=name, current=current)


def for_refs(*, session: Session, sealer: Sealer, worker_id: str, refs: Sequence[RecordRef]) -> list[PaySlip]:
    """The pay record versions a result names, for showing where a figure came from."""
    rows = repository.by_refs(session=session, worker_id=worker_id, refs=refs)
    return [
        to_payslip(sealer=sealer, row=row, agency_name=name, current=current) for row, name, current in rows
    ]


def own_page(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, paging: Paging
) -> Page[PaySlip]:
    """The signed-in worker's current pay records, newest period first."""
    return _page(session=session, sealer=sealer, worker_id=principal.worker_id, paging=paging)


def own_one(*, session: Session, sealer: Sealer, principal: WorkerPrincipal, pay_record_id: str) -> PaySlip:
    """One of the signed-in worker's pay record versions; another person's is 404 and audited."""
    with audited(
        session=session,
        actor=principal,
        action="payslip.read",
        purpose="eigen-gegevens",
        worker_id=principal.worker_id,
        record_success=False,
    ):
        slip = _one(
            session=session, sealer=sealer, worker_id=principal.worker_id, pay_record_id=pay_record_id
        )
    return slip


def staff_page(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, paging: Paging, purpose: str
) -> Page[PaySlip]:
    """A worker's current pay records for staff of their municipality (audited)."""
    with audited(session=session, actor=actor, action="payslips.list", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        page = _page(session=session, sealer=sealer, worker_id=worker.id, paging=paging)
    return page


def staff_one(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, pay_record_id: str, purpose: str
) -> PaySlip:
    """One pay record version of a worker for staff of their municipality (audited)."""
    with audited(session=session, actor=actor, action="payslip.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        slip = _one(session=session, sealer=sealer, worker_id=worker.id, pay_record_id=pay_record_id)
    return slip
