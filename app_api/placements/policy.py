"""The municipality's Flextensie policy: read it (standard versions included), record a new version.

A new version takes the values in force on its date and changes those given. It holds for placements
that start from then on, and for the invoices of months from then on; running placements keep the
premium per hour they started with. The seller details on an e-invoice (`invoicing`) are those of the
version in force on the day the invoice was issued.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from gateway.store import flextensie, municipalities
from gateway.web.errors import InvalidInput, NotFound
from gateway.web.validation import invalid_params
from schemas import flextensie as fx
from schemas.problems import InvalidParam

_CHANGEABLE = (
    "premium_per_hour",
    "employer_on_cost_rate",
    "back_office_rate",
    "vat_applies",
    "payouts_per_year",
    "invoicing",
)


def view(*, session: Session, actor: StaffActor) -> fx.FlextensiePolicyView:
    """Every version of the municipality's policy, earliest first."""
    municipality = municipalities.get(session=session, municipality_id=actor.municipality_id)
    if municipality is None:
        raise NotFound("De gemeente is niet gevonden.")
    history = flextensie.policy_history(session=session, municipality_id=municipality.id)
    return fx.FlextensiePolicyView(
        municipality=municipality.cbs_code,
        versions=[
            fx.FlextensiePolicyVersion(
                valid_from=v.valid_from, source=v.source, confirmed=v.confirmed, policy=v.policy
            )
            for v in history.versions
        ],
    )


def change(
    *, session: Session, actor: StaffActor, change: fx.FlextensiePolicyChange, purpose: str
) -> fx.FlextensiePolicyView:
    """Record a new policy version from `validFrom` (audited)."""
    with audited(
        session=session, actor=actor, action="flextensie-policy.change", purpose=purpose, worker_id=None
    ):
        history = flextensie.policy_history(session=session, municipality_id=actor.municipality_id)
        first = history.versions[0].valid_from
        if change.valid_from < first:
            raise InvalidInput(
                "Beleid kan niet ingaan vóór het eerste standaardbeleid.",
                invalid_params=[
                    InvalidParam(name="validFrom", code="too_early", reason=f"Op of na {first.isoformat()}.")
                ],
            )
        base = history.at(change.valid_from).policy.model_dump()
        chosen = change.model_dump(include=set(_CHANGEABLE), exclude_none=True)
        try:
            version = fx.FlextensiePolicyVersion(
                valid_from=change.valid_from,
                source=change.source,
                confirmed=True,
                policy=fx.FlextensiePolicy.model_validate({**base, **chosen}),
            )
        except ValidationError as error:
            raise InvalidInput(
                "Het beleid klopt niet.", invalid_params=invalid_params(error.errors())
            ) from None
        flextensie.record_policy(
            session=session, municipality_id=actor.municipality_id, version=version, recorded_by=actor.actor
        )
        result = view(session=session, actor=actor)
    return result
