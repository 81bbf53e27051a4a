"""The database itself refuses UPDATE and DELETE on pay records, the received messages they came in,
advances, audit events, case ends and bufferbudget decisions; and DELETE (not UPDATE) of the agencies
and workers that pay records name without foreign keys."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Table, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from gateway.store import advances, audit, buffer_decisions, case_ends
from gateway.store.base import Base
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.models import PayRecord
from gateway.store.sealing import Sealer
from schemas.benefit_case import BufferUseKind, EndReason
from schemas.periods import Month
from tests.factories import make_agency, make_municipality, make_pay_record, make_worker


@pytest.fixture
def rows(session: Session, sealer: Sealer) -> dict[str, str]:
    """One row in each append-only table, by table name."""
    municipality = make_municipality(session)
    worker = make_worker(session, sealer, municipality=municipality)
    record = make_pay_record(session, sealer, agency=make_agency(session), worker=worker)
    advance = advances.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=Month(2026, 2),
        amount=Decimal("1200.00"),
        paid_on=dt.date(2026, 2, 20),
        recorded_by="test",
    )
    event = audit.append(
        session=session, actor="staff-1", actor_role="consultant", action="read", purpose="test", result="ok"
    )
    end = case_ends.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        end_date=dt.date(2026, 3, 15),
        reason=EndReason.WORK,
        recorded_by="test",
    )
    decision = buffer_decisions.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=Month(2026, 4),
        kind=BufferUseKind.ABSORB,
        amount=Decimal("250.00"),
        decided_by="test",
    )
    return {
        "agency": record.agency_id,
        "worker": worker.id,
        "pay_record": record.id,
        "submission": record.submission_id,
        "advance": advance.id,
        "audit_event": event.id,
        "case_end": end.id,
        "bufferbudget_decision": decision.id,
    }


CHANGES: dict[str, dict[str, object]] = {
    "pay_record": {"pay_date": dt.date(2030, 1, 1)},
    "submission": {"message_id": "een-ander-bericht"},
    "advance": {"month": "2026-03"},
    "audit_event": {"result": "denied"},
    "case_end": {"end_date": dt.date(2026, 5, 31)},
    "bufferbudget_decision": {"month": "2026-05"},
}
CIPHERTEXT = {
    "pay_record": "content_encrypted",
    "submission": "envelope_encrypted",
    "advance": "amount_encrypted",
    "bufferbudget_decision": "amount_encrypted",
}


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _count(session: Session, table: str, row_id: str) -> int:
    statement = select(func.count()).select_from(_table(table)).where(_table(table).c.id == row_id)
    return int(session.execute(statement).scalar_one())


def _update(session: Session, table: str, row_id: str, values: dict[str, object]) -> None:
    session.execute(update(_table(table)).where(_table(table).c.id == row_id).values(values))


def _delete(session: Session, table: str, row_id: str) -> None:
    session.execute(delete(_table(table)).where(_table(table).c.id == row_id))


@pytest.mark.parametrize("table", sorted(CHANGES))
def test_update_is_refused(session: Session, rows: dict[str, str], table: str) -> None:
    with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
        _update(session, table, rows[table], CHANGES[table])


@pytest.mark.parametrize("table", sorted(CHANGES))
def test_delete_is_refused(session: Session, rows: dict[str, str], table: str) -> None:
    with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
        _delete(session, table, rows[table])
    assert _count(session, table, rows[table]) == 1


@pytest.mark.parametrize("table", sorted(CIPHERTEXT))
def test_reencrypt_mode_allows_rewriting_only_the_ciphertext(
    session: Session, rows: dict[str, str], table: str
) -> None:
    column = CIPHERTEXT[table]
    with maintenance(session, MaintenanceMode.REENCRYPT):
        _update(session, table, rows[table], {column: "v1.new.x"})
        with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
            _update(session, table, rows[table], {column: "v1.other.x", **CHANGES[table]})
        with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
            _delete(session, table, rows[table])
    stored = session.execute(
        select(_table(table).c[column]).where(_table(table).c.id == rows[table])
    ).scalar_one()
    assert stored == "v1.new.x"


def test_reencrypt_mode_ends_with_the_block(session: Session, rows: dict[str, str]) -> None:
    with maintenance(session, MaintenanceMode.REENCRYPT):
        pass
    with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
        _update(session, "advance", rows["advance"], {"amount_encrypted": "v1.new.x"})


def test_purge_mode_allows_delete_but_not_update(session: Session, rows: dict[str, str]) -> None:
    with maintenance(session, MaintenanceMode.PURGE):
        _delete(session, "audit_event", rows["audit_event"])
        with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
            _update(session, "advance", rows["advance"], CHANGES["advance"])
    assert _count(session, "audit_event", rows["audit_event"]) == 0


def test_orm_changes_are_refused_too(session: Session, rows: dict[str, str]) -> None:
    record = session.get(PayRecord, rows["pay_record"])
    assert record is not None
    savepoint = session.begin_nested()
    record.pay_date = dt.date(2030, 1, 1)
    with pytest.raises(DBAPIError, match="alleen-toevoegen"):
        session.flush()
    savepoint.rollback()


@pytest.mark.postgres_only
@pytest.mark.parametrize("table", sorted(CHANGES))
def test_truncate_is_refused_on_postgresql(session: Session, rows: dict[str, str], table: str) -> None:
    with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
        session.execute(text(f"TRUNCATE {table} CASCADE"))
    assert _count(session, table, rows[table]) == 1


def test_a_received_messages_receipt_is_filled_once_and_then_stays(
    session: Session, rows: dict[str, str]
) -> None:
    receipt = {"receipt": {"counts": {"stored": 1}}, "receipt_jws": "a..b", "accepted_count": 1}

    _update(session, "submission", rows["submission"], receipt)
    with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
        _update(session, "submission", rows["submission"], {"receipt_jws": "c..d"})
    with pytest.raises(DBAPIError, match="alleen-toevoegen"), session.begin_nested():
        _update(session, "submission", rows["submission"], {"accepted_count": 0})


KEPT_CHANGES: dict[str, dict[str, object]] = {
    "agency": {"name": "Een andere naam"},
    "worker": {"created_at": dt.datetime(2030, 1, 1, tzinfo=dt.UTC)},
}


@pytest.mark.parametrize("table", sorted(KEPT_CHANGES))
def test_an_agency_or_worker_is_changed_but_deleted_only_in_purge_mode(
    session: Session, sealer: Sealer, rows: dict[str, str], table: str
) -> None:
    _update(session, table, rows[table], KEPT_CHANGES[table])
    with pytest.raises(DBAPIError, match="worden niet verwijderd"), session.begin_nested():
        _delete(session, table, rows[table])
    assert _count(session, table, rows[table]) == 1
    # One that nothing names any more goes in purge mode.
    fresh = (
        make_agency(session).id
        if table == "agency"
        else make_worker(session, sealer, municipality=make_municipality(session)).id
    )
    with maintenance(session, MaintenanceMode.PURGE):
        _delete(session, table, fresh)
    assert _count(session, table, fresh) == 0


@pytest.mark.postgres_only
@pytest.mark.parametrize("table", sorted(KEPT_CHANGES))
def test_the_agency_or_worker_table_is_not_truncated_on_postgresql(
    session: Session, rows: dict[str, str], table: str
) -> None:
    with pytest.raises(DBAPIError, match="worden niet verwijderd"), session.begin_nested():
        session.execute(text(f"TRUNCATE {table} CASCADE"))
    assert _count(session, table, rows[table]) == 1
