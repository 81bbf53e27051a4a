"""Retention deletes technical records past their term and nothing else."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.jobs import retention
from gateway.jobs.context import JobContext
from gateway.jobs.policy import RetentionPolicy, configured_policy, default_policy, parse
from gateway.store.models import IdempotencyRecord, OutboxEvent, PayRecord, Signal, UsedAssertion
from gateway.store.sealing import Sealer
from tests.factories import make_agency, make_municipality, make_pay_record, make_worker

NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
POLICY = RetentionPolicy(
    outbox_processed_days=90,
    idempotency_record_days=7,
    used_assertion_days_after_expiry=0,
    resolved_signal_days=730,
    batch_size=2,
)


def _ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def _count(session: Session, model: type[object]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_records_past_their_term_are_deleted_in_batches(
    session: Session, sealer: Sealer, context: JobContext
) -> None:
    agency = make_agency(session)
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    make_pay_record(session, sealer, agency=agency, worker=worker)
    for days in (91, 92, 93):
        session.add(
            OutboxEvent(
                topic="t", payload={}, created_at=_ago(days), available_at=_ago(days), processed_at=_ago(days)
            )
        )
    session.add(
        OutboxEvent(topic="t", payload={}, created_at=_ago(89), available_at=_ago(89), processed_at=_ago(89))
    )
    session.add(OutboxEvent(topic="t", payload={}, created_at=_ago(400), available_at=_ago(400)))
    session.add(UsedAssertion(client_id="c", jti="old", expires_at=_ago(1)))
    session.add(UsedAssertion(client_id="c", jti="live", expires_at=NOW + dt.timedelta(minutes=5)))
    session.add(
        IdempotencyRecord(agency_id=agency.id, key="old", request_digest="0" * 64, created_at=_ago(8))
    )
    session.add(
        IdempotencyRecord(agency_id=agency.id, key="new", request_digest="0" * 64, created_at=_ago(6))
    )
    session.add(
        Signal(worker_id=worker.id, kind="k", payload={}, created_at=_ago(800), resolved_at=_ago(731))
    )
    session.add(
        Signal(worker_id=worker.id, kind="k", payload={}, created_at=_ago(800), resolved_at=_ago(729))
    )
    session.add(Signal(worker_id=worker.id, kind="k", payload={}, created_at=_ago(800)))
    session.commit()

    report = retention.run(context=context, now=NOW, policy=POLICY)

    assert report.counts == {
        "outbox_events": 3,
        "idempotency_records": 1,
        "used_assertions": 1,
        "resolved_signals": 1,
    }
    # Kept: the recent processed event and the unprocessed one, however old (it still has work to do).
    assert _count(session, OutboxEvent) == 2
    assert list(session.scalars(select(UsedAssertion.jti))) == ["live"]
    assert list(session.scalars(select(IdempotencyRecord.key))) == ["new"]
    assert _count(session, Signal) == 2
    assert _count(session, PayRecord) == 1

    assert retention.run(context=context, now=NOW, policy=POLICY).counts == {
        "outbox_events": 0,
        "idempotency_records": 0,
        "used_assertions": 0,
        "resolved_signals": 0,
    }


def test_the_shipped_terms_are_the_ones_documented_in_docs_jobs_md() -> None:
    text = (Path(__file__).parents[2] / "docs" / "jobs.md").read_text(encoding="utf-8")
    section = text.split("## Retention", 1)[1].split("##", 1)[0]
    documented = {
        cells[0]: int(cells[1])
        for cells in ([c.strip() for c in line.strip("|").split("|")] for line in section.splitlines())
        if len(cells) == 4 and cells[1].isdigit()
    }
    terms = default_policy().retention
    assert documented == {
        "processed outbox events (incl. stored agency notifications)": terms.outbox_processed_days,
        "idempotency records": terms.idempotency_record_days,
        "used client-assertion ids (`jti`)": terms.used_assertion_days_after_expiry,
        "resolved consultant signals": terms.resolved_signal_days,
    }


def test_idempotency_records_are_kept_a_week_and_never_longer() -> None:
    assert default_policy().retention.idempotency_record_days == 7
    document = json.loads(resources.files("gateway.jobs").joinpath("policy.json").read_text(encoding="utf-8"))
    document["retention"]["idempotencyRecordDays"] = 8

    with pytest.raises(ValueError, match="idempotencyRecordDays must be at most 7"):
        parse(document)


def test_an_installation_may_set_a_shorter_idempotency_term_but_not_a_longer_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert configured_policy().retention == default_policy().retention

    monkeypatch.setenv("LOONBRUG_RETENTION_IDEMPOTENCY_RECORD_DAYS", "2")
    assert configured_policy().retention.idempotency_record_days == 2
    assert (
        configured_policy().retention.outbox_processed_days
        == default_policy().retention.outbox_processed_days
    )

    monkeypatch.setenv("LOONBRUG_RETENTION_IDEMPOTENCY_RECORD_DAYS", "30")
    with pytest.raises(ValidationError, match="idempotency_record_days"):
        configured_policy()
