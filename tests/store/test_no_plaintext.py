"""A raw dump of a seeded database holds no plaintext BSN, name, birth date or amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from gateway.store import (
    advances,
    audit,
    benefit_cases,
    enrollments,
    idempotency,
    settlements,
    submissions,
)
from gateway.store.base import Base
from gateway.store.sealing import Sealer
from schemas.periods import IsoWeek, Month
from tests.factories import (
    TEST_BSNS,
    make_agency,
    make_municipality,
    make_pay_record,
    make_worker,
    pay_content,
)

# Amounts chosen so that they cannot appear by accident in ids, hashes or timestamps.
AMOUNTS = ("1187.43", "451.37", "2002.13", "733.91", "812.64")
NAMES = ("Annelies Testvrouw", "Bram Proefman")


def _seed(session: Session, sealer: Sealer) -> None:
    municipality, agency = make_municipality(session), make_agency(session)
    for bsn, name in zip(TEST_BSNS[:2], NAMES, strict=True):
        worker = make_worker(session, sealer, municipality=municipality, bsn=bsn, name=name)
        enrollments.enroll(
            session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2026, 1, 1)
        )
        make_pay_record(
            session, sealer, agency=agency, worker=worker, content=pay_content(gross="1187.43", net="451.37")
        )
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=Month(2026, 2),
            amount=Decimal("733.91"),
            paid_on=None,
            recorded_by="test",
        )
        benefit_cases.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=dt.date(2026, 1, 1),
            valid_to=None,
            facts={"household_type": "gehuwd_samenwonend", "partner_bsn": TEST_BSNS[5], "norm": "2002.13"},
            recorded_by="test",
        )
        settlements.store_month_settlement(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=Month(2026, 2),
            result={"payout": Decimal("812.64")},
            inputs={"pay_records": []},
            actor="test",
        )
        settlements.store_week_figures(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            iso_week=IsoWeek(2026, 6),
            result={"net": Decimal("451.37")},
            inputs={},
        )
        audit.append(
            session=session,
            actor="staff-1",
            actor_role="consultant",
            action="worker.read",
            purpose="test",
            result="ok",
            subject_worker_id=worker.id,
        )
    submission = submissions.create(
        session=session,
        sealer=sealer,
        agency_id=agency.id,
        message_id="message-dump-test",
        message_created_at=dt.datetime.now(dt.UTC),
        envelope=f'{{"bsn": "{TEST_BSNS[0]}", "netWage": "451.37"}}',
    )
    record = idempotency.start(session=session, agency_id=agency.id, key="idem-1", request_digest="0" * 64)
    idempotency.complete(
        session=session, sealer=sealer, record=record, status=201, body=f'{{"id": "{submission.id}"}}'
    )
    session.flush()


def _dump(connection: Connection, db_kind: str) -> str:
    if db_kind == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None
        return "\n".join(driver.iterdump())
    # Every row of every table as PostgreSQL's own text form, in the same transaction as the seed.
    lines: list[str] = []
    for table in Base.metadata.sorted_tables:
        rows = connection.execute(text(f"SELECT t::text FROM {table.name} AS t")).scalars()  # noqa: S608
        lines.extend(rows)
    return "\n".join(lines)


def test_dump_holds_no_plaintext_personal_data_or_amounts(
    session: Session, sealer: Sealer, connection: Connection, db_kind: str
) -> None:
    _seed(session, sealer)
    dump = _dump(connection, db_kind)
    assert "Uitzendbureau" in dump  # the dump holds the seeded rows (agency names are not secret)
    assert dump.count("v1.") >= 20  # every sealed value of the seed is in the dump
    for secret in (*TEST_BSNS[:2], TEST_BSNS[5], *AMOUNTS, *NAMES, "1990-05-17"):
        assert secret not in dump, f"plaintext found in the dump: {secret[:3]}…"
