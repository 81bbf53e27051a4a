"""The effective policy of a municipality, and changing it (validated, audited, then recomputed).

A municipality stores only the values it chose, in camelCase; the rest follows the engine's default,
so a new default reaches every municipality that did not choose otherwise.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy.orm import Session

from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from app_api.policy import repository
from app_api.policy.schemas import PolicyChange, PolicyView
from gateway.jobs import kinds
from gateway.store import municipalities, outbox, workers
from gateway.store.models import Municipality
from gateway.web.errors import InvalidInput, NotFound
from gateway.web.validation import invalid_params
from schemas.case import MunicipalPolicy


def effective(*, session: Session, municipality_id: str) -> MunicipalPolicy:
    """The policy that holds for a municipality: its own choices over the engine's default."""
    return repository.merged(repository.stored_policy(session=session, municipality_id=municipality_id))


def _municipality(session: Session, actor: StaffActor) -> Municipality:
    municipality = municipalities.get(session=session, municipality_id=actor.municipality_id)
    if municipality is None:
        raise NotFound("De gemeente is niet gevonden.")
    return municipality


def describe(municipality: Municipality) -> PolicyView:
    """The policy in force for a municipality and which values it chose."""
    stored = dict(municipality.policy)
    return PolicyView(
        municipality=municipality.cbs_code,
        policy=repository.merged(stored),
        chosen=sorted(to_camel(key) for key in stored),
    )


def view(*, session: Session, actor: StaffActor) -> PolicyView:
    """The policy of the administrator's municipality."""
    return describe(_municipality(session, actor))


def apply(*, session: Session, municipality: Municipality, changes: PolicyChange) -> PolicyView:
    """Store the values present in `changes` if the result is a valid policy, and ask the jobs to
    recompute every worker of the municipality (no audit record: the caller writes it)."""
    stored = {to_camel(key): value for key, value in municipality.policy.items()}
    stored.update(changes.model_dump(mode="json", by_alias=True, exclude_unset=True))
    try:
        repository.merged(stored)
    except ValidationError as exc:
        raise InvalidInput("Het beleid klopt niet.", invalid_params=invalid_params(exc.errors())) from None
    municipalities.set_policy(session=session, municipality=municipality, policy=stored)
    # Attribution, holiday pay and the regime change the figures of every worker of the municipality.
    worker_ids = [
        worker.id for worker in workers.in_municipality(session=session, municipality_id=municipality.id)
    ]
    if worker_ids:
        outbox.publish(session=session, topic=kinds.RECOMPUTE_REQUESTED, payload={"workerIds": worker_ids})
    return describe(municipality)


def change(*, session: Session, actor: StaffActor, changes: PolicyChange, purpose: str) -> PolicyView:
    """Set the values present in `changes`; the result must be a valid policy. Workers are recomputed."""
    with audited(session=session, actor=actor, action="policy.change", purpose=purpose, worker_id=None):
        result = apply(session=session, municipality=_municipality(session, actor), changes=changes)
    return result
