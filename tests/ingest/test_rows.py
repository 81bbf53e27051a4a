"""The fast row builder writes exactly what the store's own functions would write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.ingest import rows
from gateway.security import keyring as keyrings
from gateway.security.blind_index import canonical_json
from gateway.store import pay_records
from schemas.pay_record import PayRecord

KEYRING = keyrings.generate()
MONEY = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2)


@st.composite
def pay_records_(draw: st.DrawFn) -> PayRecord:
    start = dt.date(2026, 1, 5) + dt.timedelta(weeks=draw(st.integers(0, 50)))
    net_wage = draw(MONEY)
    return PayRecord(
        record_id="LS-1",
        bsn="999900006",
        period_type="week",
        period_start=start,
        period_end=start + dt.timedelta(days=6),
        pay_date=start + dt.timedelta(days=draw(st.integers(0, 30))),
        period_number=draw(st.none() | st.integers(1, 53)),
        hours=draw(st.decimals(min_value=0, max_value=Decimal("168.00"), places=2)),
        gross_wage=draw(MONEY),
        net_wage=net_wage,
        wage_tax=draw(MONEY),
        # Net holiday pay is part of the net wage (the schema refuses more).
        holiday_pay_paid=draw(st.decimals(min_value=0, max_value=net_wage, places=2)),
        ytd_gross=draw(st.none() | MONEY),
    )


def _store_record(record: PayRecord) -> pay_records.NewPayRecord:
    return pay_records.NewPayRecord(
        agency_id="a",
        worker_id="w",
        record_id=record.record_id,
        submission_id="s",
        period_type=record.period_type.value,
        period_start=record.period_start,
        period_end=record.period_end,
        pay_date=record.pay_date,
        content=record.model_dump(exclude=set(rows.COLUMN_FIELDS), exclude_none=True),
    )


@settings(max_examples=200, deadline=None)
@given(pay_records_())
def test_content_and_digest_equal_the_stores(record: PayRecord) -> None:
    prepared = rows.prepare(record, KEYRING)
    expected = _store_record(record)

    assert prepared.content_json == canonical_json(dict(expected.content)).decode()
    assert prepared.digest == pay_records.record_digest(keyring=KEYRING, record=expected)


def test_the_content_holds_every_amount_and_no_identifier() -> None:
    record = PayRecord.model_validate(
        {
            "recordId": "LS-1",
            "corrects": "LS-0",
            "bsn": "999900006",
            "periodType": "week",
            "periodStart": "2026-02-02",
            "periodEnd": "2026-02-08",
            "payDate": "2026-02-13",
            "hours": "24",
            "grossWage": "412.8",
            "netWage": "371.45",
        }
    )

    text = rows.content_json(record)

    assert '"gross_wage":"412.80"' in text
    assert '"hours":"24.00"' in text
    assert '"wage_tax":"0.00"' in text
    for identifier in ("999900006", "LS-1", "LS-0", "2026-02-02"):
        assert identifier not in text


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=99_999_999))
def test_the_bsn_index_equals_the_keyrings(number: int) -> None:
    bsn = f"{number:09d}"

    key = KEYRING.index_key(KEYRING.active_index_kid, "gemeente-1")
    assert rows.bsn_index(bsn, key) == KEYRING.bsn_index(bsn, municipality_id="gemeente-1")
