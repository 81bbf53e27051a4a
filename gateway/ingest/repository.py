"""Queries of the agency API that the store's repositories do not offer, and thin uses of theirs.

Ingestion looks up a thousand values at a time (blind indexes, record ids, worker ids), each set as one
index probe per value (gateway.store.per_value): a plain join was seen at 60 ms for 6,000 rows, growing
with every week an agency sends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import ECKey, Key, RSAKey
from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    Text,
    bindparam,
    cast,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session, aliased

from gateway.store import agencies, used_assertions
from gateway.store.models import Agency, Enrollment, PayRecord, Worker
from gateway.store.per_value import array_literal, matching, pg_matching_named

_IN_CHUNK = 1000

AnySelect = Select[*tuple[Any, ...]]


def agency_by_client_id(session: Session, client_id: str) -> Agency | None:
    """The agency with this OAuth client id."""
    return agencies.by_client_id(session=session, client_id=client_id)


def agency_signing_keys(session: Session, *, agency_id: str) -> list[Key]:
    """The agency's unrevoked public keys as JWKs carrying their `kid` and `alg`.

    A stored key that no longer imports is skipped (and so cannot authenticate) instead of failing
    every request of the agency.
    """
    keys: list[Key] = []
    for stored in agencies.active_keys(session=session, agency_id=agency_id):
        document = {**stored.public_jwk, "kid": stored.kid, "alg": stored.alg}
        try:
            keys.append(
                ECKey.import_key(document) if document.get("kty") == "EC" else RSAKey.import_key(document)
            )
        except (JoseError, ValueError, TypeError):
            continue
    return keys


def record_assertion(session: Session, *, client_id: str, jti: str, expires_at: dt.datetime) -> bool:
    """Remember a client assertion's jti; False when it was used before."""
    return used_assertions.remember(session=session, client_id=client_id, jti=jti, expires_at=expires_at)


def record_dpop_proof(session: Session, *, jkt: str, jti: str, expires_at: dt.datetime) -> bool:
    """Remember a DPoP proof's jti per key until the proof is too old anyway; False when seen before.

    Kept in the table of client-assertion jtis (under `dpop:` and the key's thumbprint), so every
    replica of the gateway sees every proof and one clean-up forgets both kinds.
    """
    return used_assertions.remember(session=session, client_id=f"dpop:{jkt}", jti=jti, expires_at=expires_at)


def forget_expired_assertions(session: Session, *, now: dt.datetime) -> None:
    """Drop jtis whose assertions expired: they are refused by their `exp` anyway."""
    used_assertions.purge_expired(session=session, now=now)


@dataclass(slots=True)
class AgencyEnrollment:
    """One enrollment with the agency: found by its index, or not indexed yet (then with the sealed BSN
    of its worker, to be indexed). Not frozen: a push reads one per BSN, and a frozen dataclass costs
    four times as much to build."""

    id: str
    bsn_index: str | None
    bsn_index_kid: str | None
    worker_id: str
    valid_from: dt.date
    valid_to: dt.date | None
    sealed_bsn: str | None


def enrollments_by_agency_index(
    session: Session, *, agency_id: str, bsn_indexes: Collection[str]
) -> list[AgencyEnrollment]:
    """The agency's enrollments whose index is one of `bsn_indexes`, and those not indexed yet, in one
    statement (on SQLite one per thousand indexes): the set-based enrollment check of a push."""
    if session.get_bind().dialect.name == "postgresql":
        parameters = {"agency_id": agency_id, "bsn_indexes": array_literal(sorted(set(bsn_indexes)))}
        return [AgencyEnrollment(*row) for row in session.execute(_pg_enrollments(), parameters)]
    indexed, unindexed = _enrollment_selects(agency_id)
    statements: list[Any] = list(matching(session, indexed, Enrollment.bsn_index, bsn_indexes))
    statements[:1] = [union_all(statements[0], unindexed) if statements else unindexed]
    return [AgencyEnrollment(*row) for statement in statements for row in session.execute(statement)]


def _enrollment_selects(agency_id: Any) -> tuple[AnySelect, AnySelect]:
    """The agency's enrollments (to be restricted to some indexes), and those not indexed yet."""
    columns = (
        Enrollment.id,
        Enrollment.bsn_index,
        Enrollment.bsn_index_kid,
        Enrollment.worker_id,
        Enrollment.valid_from,
        Enrollment.valid_to,
    )
    indexed = select(*columns, cast(null(), Text).label("sealed_bsn")).where(
        Enrollment.agency_id == agency_id
    )
    unindexed = (
        select(*columns, Worker.bsn_encrypted)
        .join(Worker, Worker.id == Enrollment.worker_id)
        .where(Enrollment.agency_id == agency_id, Enrollment.bsn_index.is_(None))
    )
    return indexed, unindexed


@cache
def _pg_enrollments() -> Any:
    """`enrollments_by_agency_index`'s one statement on PostgreSQL, with parameters `agency_id` and
    `bsn_indexes`: built once, since building it costs more than executing it."""
    indexed, unindexed = _enrollment_selects(bindparam("agency_id", type_=Text()))
    return union_all(pg_matching_named(indexed, Enrollment.bsn_index, "bsn_indexes"), unindexed)


def index_enrollments(session: Session, *, indexes: Collection[tuple[str, str, str]]) -> None:
    """Store (enrollment id, index, key id) for enrollments indexed by a push, in one statement."""
    if indexes:
        session.execute(
            update(Enrollment),
            [{"id": id_, "bsn_index": index, "bsn_index_kid": kid} for id_, index, kid in sorted(indexes)],
        )


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What ingestion needs to know of a stored version, without its encrypted content."""

    id: str
    record_id: str
    worker_id: str
    version: int
    lineage_id: str
    supersedes_id: str | None
    period_type: str
    period_start: dt.date
    period_end: dt.date
    content_digest: str
    content_digest_kid: str
    current: bool


def _entries(agency_id: Any, *conditions: ColumnElement[bool]) -> AnySelect:
    successor = aliased(PayRecord)
    return (
        select(
            PayRecord.id,
            PayRecord.record_id,
            PayRecord.worker_id,
            PayRecord.version,
            PayRecord.lineage_id,
            PayRecord.supersedes_id,
            PayRecord.period_type,
            PayRecord.period_start,
            PayRecord.period_end,
            PayRecord.content_digest,
            PayRecord.content_digest_kid,
            successor.id.is_(None),
        )
        .select_from(PayRecord)
        .outerjoin(successor, successor.supersedes_id == PayRecord.id)
        .where(PayRecord.agency_id == agency_id, *conditions)
    )


def entries_by_record_id(
    session: Session, *, agency_id: str, record_ids: Collection[str]
) -> dict[str, LedgerEntry]:
    """The agency's stored versions under these record ids, by record id."""
    found: dict[str, LedgerEntry] = {}
    for statement in matching(session, _entries(agency_id), PayRecord.record_id, record_ids):
        for row in session.execute(statement):
            entry = LedgerEntry(*row)
            found[entry.record_id] = entry
    return found


def current_entries_for_workers(
    session: Session,
    *,
    agency_id: str,
    worker_ids: Collection[str],
    first_start: dt.date,
    last_start: dt.date,
) -> list[LedgerEntry]:
    """The agency's current versions for these workers with a period starting in the given range."""
    period = (PayRecord.period_start >= first_start) & (PayRecord.period_start <= last_start)
    found: list[LedgerEntry] = []
    for statement in matching(session, _entries(agency_id, period), PayRecord.worker_id, worker_ids):
        found.extend(
            entry for entry in (LedgerEntry(*row) for row in session.execute(statement)) if entry.current
        )
    return found


def ledger_entries(
    session: Session,
    *,
    agency_id: str,
    record_ids: Collection[str],
    worker_ids: Collection[str],
    first_start: dt.date,
    last_start: dt.date,
) -> tuple[dict[str, LedgerEntry], list[LedgerEntry]]:
    """`entries_by_record_id` and `current_entries_for_workers` together, in one statement on PostgreSQL
    (a push judges against both; each round trip waits on a busy database)."""
    if session.get_bind().dialect.name != "postgresql":
        return (
            entries_by_record_id(session, agency_id=agency_id, record_ids=record_ids),
            current_entries_for_workers(
                session,
                agency_id=agency_id,
                worker_ids=worker_ids,
                first_start=first_start,
                last_start=last_start,
            ),
        )
    by_record_id: dict[str, LedgerEntry] = {}
    current: list[LedgerEntry] = []
    if not record_ids and not worker_ids:
        return by_record_id, current
    parameters = {
        "agency_id": agency_id,
        "record_ids": array_literal(sorted(set(record_ids))),
        "worker_ids": array_literal(sorted(set(worker_ids))),
        "first_start": first_start,
        "last_start": last_start,
    }
    for *fields, part in session.execute(_pg_ledger_entries(), parameters):
        entry = LedgerEntry(*fields)
        if part == 0:
            by_record_id[entry.record_id] = entry
        elif entry.current:
            current.append(entry)
    return by_record_id, current


@cache
def _pg_ledger_entries() -> Any:
    """`ledger_entries`'s one statement on PostgreSQL, with parameters `agency_id`, `record_ids`,
    `worker_ids`, `first_start` and `last_start`: built once, since building it (3 ms) costs more than
    executing it. An empty array matches nothing, as a value set left out did before."""
    period = (PayRecord.period_start >= bindparam("first_start", type_=Date())) & (
        PayRecord.period_start <= bindparam("last_start", type_=Date())
    )
    agency_id = bindparam("agency_id", type_=Text())
    return union_all(
        *(
            pg_matching_named(_entries(agency_id, *conditions), column, name).add_columns(
                literal(part).label("part")
            )
            for part, (conditions, column, name) in enumerate(
                (((), PayRecord.record_id, "record_ids"), ((period,), PayRecord.worker_id, "worker_ids"))
            )
        )
    )


def enrolled_workers(
    session: Session, *, agency_id: str, worker_ids: Collection[str], on: dt.date
) -> dict[str, Worker]:
    """The workers among `worker_ids` with an enrollment at the agency that runs on `on`, by id."""
    statement = (
        select(Worker)
        .join(Enrollment, Enrollment.worker_id == Worker.id)
        .where(
            Enrollment.agency_id == agency_id,
            Enrollment.valid_from <= on,
            or_(Enrollment.valid_to.is_(None), Enrollment.valid_to >= on),
        )
    )
    found: dict[str, Worker] = {}
    for chunk in matching(session, statement, Worker.id, worker_ids, entity=Worker):
        found.update((worker.id, worker) for worker in session.scalars(chunk))
    return found
