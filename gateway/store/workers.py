"""Queries on workers: created with an encrypted BSN and its blind index, found by BSN per municipality.

The blind index is keyed per municipality (gateway.security.keyring): a lookup computes the BSN's index
under every index key the keyring can still read and matches each with its key id, so a worker is found
both before and after `loonbrug keys reindex` moved their row to the active key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from gateway.security.blind_index import normalise_bsn
from gateway.security.keyring import Keyring
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from schemas.identifiers import is_valid_bsn


@dataclass(frozen=True, slots=True, repr=False)
class PersonalDetails:
    """A worker's decrypted personal data; never log it (its repr shows nothing)."""

    bsn: str
    name: str
    birth_date: dt.date

    def __repr__(self) -> str:
        return "PersonalDetails(<hidden>)"


def _valid_bsn(bsn: str) -> str:
    normalised = normalise_bsn(bsn)
    if not is_valid_bsn(normalised):
        raise ValueError("not a valid BSN (11-check failed)")
    return normalised


def create(
    *,
    session: Session,
    sealer: Sealer,
    municipality_id: str,
    bsn: str,
    name: str,
    birth_date: dt.date,
    consultant_id: str | None = None,
) -> Worker:
    """Register a worker in a municipality; the BSN must pass the 11-check and be new there."""
    normalised = _valid_bsn(bsn)
    worker = Worker(
        municipality_id=municipality_id,
        bsn_index=sealer.keyring.bsn_index(normalised, municipality_id=municipality_id),
        bsn_index_kid=sealer.keyring.active_index_kid,
        consultant_id=consultant_id,
    )
    sealer.put_text(worker, "bsn_encrypted", normalised)
    sealer.put_text(worker, "name_encrypted", name)
    sealer.put_text(worker, "birth_date_encrypted", birth_date.isoformat())
    session.add(worker)
    session.flush()
    return worker


def get(*, session: Session, municipality_id: str, worker_id: str) -> Worker | None:
    """The worker with this id, only if they belong to this municipality."""
    worker = session.get(Worker, worker_id)
    return worker if worker is not None and worker.municipality_id == municipality_id else None


def find_by_bsn(*, session: Session, sealer: Sealer, municipality_id: str, bsn: str) -> Worker | None:
    """The worker of this municipality with this BSN, looked up through the blind index."""
    try:
        indexes = sealer.keyring.bsn_indexes(bsn, municipality_id=municipality_id)
    except ValueError:
        return None
    statement = select(Worker).where(Worker.municipality_id == municipality_id, index_matches(indexes))
    return session.scalars(statement).first()


def index_matches(indexes: Mapping[str, str]) -> ColumnElement[bool]:
    """Rows whose blind index is one of `indexes` (key id → index) under that same key id."""
    conditions = [
        and_(Worker.bsn_index_kid == kid, Worker.bsn_index == index) for kid, index in indexes.items()
    ]
    return or_(*conditions) if conditions else false()


def has_bsn(*, keyring: Keyring, worker: Worker, bsn: str) -> bool:
    """Whether `bsn` is the worker's BSN, told by the blind index (no decryption)."""
    if worker.bsn_index_kid not in keyring.index_kids:
        return False
    try:
        index = keyring.bsn_index(bsn, municipality_id=worker.municipality_id, kid=worker.bsn_index_kid)
    except ValueError:
        return False
    return index == worker.bsn_index


def personal_details(*, sealer: Sealer, worker: Worker) -> PersonalDetails:
    """Decrypt the worker's BSN, name and birth date."""
    return PersonalDetails(
        bsn=sealer.get_text(worker, "bsn_encrypted"),
        name=sealer.get_text(worker, "name_encrypted"),
        birth_date=dt.date.fromisoformat(sealer.get_text(worker, "birth_date_encrypted")),
    )


def caseload(*, session: Session, municipality_id: str, consultant_id: str) -> list[Worker]:
    """The workers this consultant looks after, oldest registration first."""
    statement = (
        select(Worker)
        .where(Worker.municipality_id == municipality_id, Worker.consultant_id == consultant_id)
        .order_by(Worker.created_at, Worker.id)
    )
    return list(session.scalars(statement))


def in_municipality(*, session: Session, municipality_id: str) -> list[Worker]:
    """Every worker of a municipality, oldest registration first."""
    statement = (
        select(Worker).where(Worker.municipality_id == municipality_id).order_by(Worker.created_at, Worker.id)
    )
    return list(session.scalars(statement))


def assign_consultant(*, session: Session, worker: Worker, consultant_id: str | None) -> None:
    """Put the worker in a consultant's caseload (or in none)."""
    worker.consultant_id = consultant_id
    session.flush()
