"""Re-index every BSN blind index and re-digest every pay record under the keyring's active keys.

After `loonbrug keys rotate-index` or `rotate-digest` new rows get the new key while older rows keep
theirs, and every read tries each key the keyring still has (see gateway.store.workers and
gateway.ingest.ledger). This moves the older rows over in batches, each its own transaction, so it can
be interrupted and started again; rows already under the active key are skipped. It needs only the
field keys and the active keys: the old index or digest key is never used, so a leaked one can be
dropped from the keyring (`loonbrug keys retire`) as soon as nothing is pending and no Idempotency-Key
claimed under the old digest key is still kept.

Enrolments are indexed under their agency's key (gateway.security.blind_index.agency_key); one that has
no index yet (made before the column existed) is filled here too, so after a reindex every push finds
every enrolment by index alone.

The BSN comes from the encrypted column (an enrolment's from its worker's), the partner's BSN from the
encrypted case facts, a pay record's digested document from its encrypted content and its period
columns. `pay_record` is append-only: it is rewritten under the `reencrypt` maintenance mode, whose
trigger lets only the encrypted content and the digest with its key id change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.store import pay_records
from gateway.store.maintenance import MaintenanceMode, maintenance
from gateway.store.models import BenefitCaseFact, Enrollment, IdempotencyRecord, PayRecord, Worker
from gateway.store.sealing import Sealer
from schemas.case_facts import CaseFacts


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the re-indexing of one column has come."""

    column: str
    done: int
    total: int


def _stale_workers(sealer: Sealer) -> ColumnElement[bool]:
    return Worker.bsn_index_kid != sealer.keyring.active_index_kid


def _stale_facts(sealer: Sealer) -> ColumnElement[bool]:
    return BenefitCaseFact.partner_bsn_index.is_not(None) & (
        BenefitCaseFact.partner_bsn_index_kid != sealer.keyring.active_index_kid
    )


def _stale_enrollments(sealer: Sealer) -> ColumnElement[bool]:
    return Enrollment.bsn_index.is_(None) | (Enrollment.bsn_index_kid != sealer.keyring.active_index_kid)


def _stale_records(sealer: Sealer) -> ColumnElement[bool]:
    return PayRecord.content_digest_kid != sealer.keyring.active_digest_kid


def _worker_changes(session: Session, sealer: Sealer, rows: list[Any]) -> Iterator[dict[str, Any]]:
    keyring = sealer.keyring
    for worker in rows:
        bsn = sealer.get_text(worker, "bsn_encrypted")
        yield {
            "id": worker.id,
            "bsn_index": keyring.bsn_index(bsn, municipality_id=worker.municipality_id),
            "bsn_index_kid": keyring.active_index_kid,
        }


def _fact_changes(session: Session, sealer: Sealer, rows: list[Any]) -> Iterator[dict[str, Any]]:
    keyring = sealer.keyring
    statement = select(Worker.id, Worker.municipality_id).where(
        Worker.id.in_({fact.worker_id for fact in rows})
    )
    municipality = {worker_id: municipality_id for worker_id, municipality_id in session.execute(statement)}
    for fact in rows:
        partner_bsn = CaseFacts.model_validate(sealer.get_json(fact, "facts_encrypted")).partner_bsn
        if partner_bsn is None:
            raise ValueError(f"benefit_case_fact {fact.id} has a partner index but names no partner")
        yield {
            "id": fact.id,
            "partner_bsn_index": keyring.bsn_index(partner_bsn, municipality_id=municipality[fact.worker_id]),
            "partner_bsn_index_kid": keyring.active_index_kid,
        }


def _enrollment_changes(session: Session, sealer: Sealer, rows: list[Any]) -> Iterator[dict[str, Any]]:
    keyring = sealer.keyring
    statement = select(Worker.id, Worker.bsn_encrypted).where(Worker.id.in_({row.worker_id for row in rows}))
    sealed = {worker_id: bsn for worker_id, bsn in session.execute(statement)}
    for enrollment in rows:
        bsn = sealer.open_text(
            table="worker",
            column="bsn_encrypted",
            row_id=enrollment.worker_id,
            sealed=sealed[enrollment.worker_id],
        )
        yield {
            "id": enrollment.id,
            "bsn_index": keyring.enrollment_index(bsn, agency_id=enrollment.agency_id),
            "bsn_index_kid": keyring.active_index_kid,
        }


def _record_changes(session: Session, sealer: Sealer, rows: list[Any]) -> Iterator[dict[str, Any]]:
    keyring = sealer.keyring
    for record in rows:
        document = pay_records.digest_document(
            content_json=sealer.get_text(record, "content_encrypted").encode(),
            period_type=record.period_type,
            period_start=record.period_start,
            period_end=record.period_end,
            pay_date=record.pay_date,
        )
        yield {
            "id": record.id,
            "content_digest": keyring.digest(document),
            "content_digest_kid": keyring.active_digest_kid,
        }


_Changes = Callable[[Session, Sealer, list[Any]], Iterator[dict[str, Any]]]

_COLUMNS: tuple[tuple[str, type[Any], Callable[[Sealer], ColumnElement[bool]], _Changes], ...] = (
    ("worker.bsn_index", Worker, _stale_workers, _worker_changes),
    ("benefit_case_fact.partner_bsn_index", BenefitCaseFact, _stale_facts, _fact_changes),
    ("enrollment.bsn_index", Enrollment, _stale_enrollments, _enrollment_changes),
    ("pay_record.content_digest", PayRecord, _stale_records, _record_changes),
)


def pending(*, session: Session, sealer: Sealer) -> dict[str, int]:
    """Per column, how many values are not yet under the active index or digest key."""
    return {
        name: int(session.scalar(select(func.count()).select_from(model).where(stale(sealer))) or 0)
        for name, model, stale, _ in _COLUMNS
    }


def idempotency_waiting(*, session: Session, sealer: Sealer) -> int:
    """How many Idempotency-Key records were claimed before the active digest key was made.

    Their request digests were made under an older digest key and cannot be recomputed (the request is
    not kept), so that key must stay until the retention job has removed them.
    """
    keyring = sealer.keyring
    created = keyring.created.get(keyring.active_digest_kid)
    if len(keyring.digest_keys) == 1 or created is None:
        return 0
    since = dt.datetime.fromisoformat(created)
    statement = (
        select(func.count()).select_from(IdempotencyRecord).where(IdempotencyRecord.created_at < since)
    )
    return int(session.scalar(statement) or 0)


def _reindex(
    sessions: sessionmaker[Session],
    sealer: Sealer,
    column: tuple[str, type[Any], Callable[[Sealer], ColumnElement[bool]], _Changes],
    batch_size: int,
    on_progress: Callable[[Progress], None] | None,
) -> int:
    name, model, stale, changes = column
    with sessions() as session:
        total = int(session.scalar(select(func.count()).select_from(model).where(stale(sealer))) or 0)
    done, after = 0, ""
    while done < total:
        with sessions.begin() as session, maintenance(session, MaintenanceMode.REENCRYPT):
            rows = list(
                session.scalars(
                    select(model).where(stale(sealer), model.id > after).order_by(model.id).limit(batch_size)
                )
            )
            if not rows:
                break
            for change in changes(session, sealer, rows):
                row_id = change.pop("id")
                session.execute(update(model).where(model.id == row_id).values(change))
            after = rows[-1].id
            done += len(rows)
        if on_progress is not None:
            on_progress(Progress(name, done, total))
    return done


def reindex_all(
    *,
    sessions: sessionmaker[Session],
    sealer: Sealer,
    batch_size: int = 500,
    on_progress: Callable[[Progress], None] | None = None,
) -> int:
    """Move every blind index and digest not under the active keys to them; return how many moved."""
    return sum(_reindex(sessions, sealer, column, batch_size, on_progress) for column in _COLUMNS)
