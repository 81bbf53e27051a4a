"""Routes for the premium: `/v1/werkenden/{workerId}/premie/...` (staff) and `/v1/mij/flextensie` (worker)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app_api.access import ID_PATTERN, WorkerId
from app_api.dependencies import SealerDep, SessionDep
from app_api.periods import Today
from app_api.placements import premium
from app_api.placements.auth import FlextensieOwner, PlacementStaff, Purpose
from app_api.placements.dependencies import ParametersDep
from schemas import flextensie as fx

router = APIRouter(tags=["flextensie"])

PayoutId = Annotated[
    str, Path(alias="payoutId", pattern=ID_PATTERN, description="Id van het uitbetaalmoment.")
]


@router.get("/v1/werkenden/{workerId}/premie", response_model=fx.PremiumLedger)
def read_ledger(
    actor: PlacementStaff,
    worker_id: WorkerId,
    today: Today,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
    year: Annotated[int | None, Query(alias="jaar", ge=2000, le=2100, description="Kalenderjaar.")] = None,
) -> fx.PremiumLedger:
    """Het premieregister van een werkende over een kalenderjaar (standaard het huidige)."""
    return premium.read(
        session=session,
        sealer=sealer,
        actor=actor,
        worker_id=worker_id,
        year=year or today.year,
        today=today,
        purpose=purpose,
        parameters=parameters,
    )


@router.post(
    "/v1/werkenden/{workerId}/premie/uitbetaalmomenten",
    response_model=fx.PremiumPayout,
    status_code=status.HTTP_201_CREATED,
)
def plan_payout(
    actor: PlacementStaff,
    worker_id: WorkerId,
    payout: fx.NewPayout,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.PremiumPayout:
    """Leg een uitbetaalmoment vast; meer momenten per kalenderjaar dan het beleid toestaat: 409."""
    return premium.plan(
        session=session,
        sealer=sealer,
        actor=actor,
        worker_id=worker_id,
        payout=payout,
        purpose=purpose,
        parameters=parameters,
    )


@router.delete(
    "/v1/werkenden/{workerId}/premie/uitbetaalmomenten/{payoutId}", status_code=status.HTTP_204_NO_CONTENT
)
def cancel_payout(
    actor: PlacementStaff, worker_id: WorkerId, payout_id: PayoutId, purpose: Purpose, session: SessionDep
) -> Response:
    """Schrap een gepland uitbetaalmoment."""
    premium.cancel(session=session, actor=actor, worker_id=worker_id, payout_id=payout_id, purpose=purpose)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/v1/werkenden/{workerId}/premie/uitbetaalmomenten/{payoutId}/uitbetaling",
    response_model=fx.PremiumPayout,
)
def pay_payout(
    actor: PlacementStaff,
    worker_id: WorkerId,
    payout_id: PayoutId,
    today: Today,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.PremiumPayout:
    """Leg vast dat de premie op het geplande moment is uitbetaald; het bedrag ligt daarmee vast."""
    return premium.pay(
        session=session,
        sealer=sealer,
        actor=actor,
        worker_id=worker_id,
        payout_id=payout_id,
        today=today,
        purpose=purpose,
        parameters=parameters,
    )


@router.get("/v1/mij/flextensie", response_model=fx.MyFlextensie)
def own(
    principal: FlextensieOwner,
    today: Today,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.MyFlextensie:
    """Mijn Flextensie: gewerkte uren, opgebouwde premie dit jaar, en wanneer hoeveel wordt uitbetaald."""
    return premium.own(
        session=session, sealer=sealer, principal=principal, today=today, parameters=parameters
    )
