"""Routes for published parameter values: `/v1/beheer/parameters`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status
from sqlalchemy.orm import Session

from app_api.access import ID_PATTERN
from app_api.audit.trail import audited
from app_api.context import app_context
from app_api.dependencies import SessionsDep
from app_api.parameters import service
from app_api.parameters.auth import ParameterAdmin, ParameterPurpose
from app_api.parameters.schemas import NewValue, ParameterList, ParameterView, ProposalView, UnconfirmedList

router = APIRouter(tags=["beheer"])

ProposalId = Annotated[
    str, Path(alias="proposalId", pattern=ID_PATTERN, description="Id van de toegevoegde waarde.")
]
Key = Annotated[str, Path(pattern=r"^[a-z0-9_.]{1,100}$", description="Parameter, bijv. norm.single.")]
Since = Annotated[dt.date | None, Query(alias="vanaf", description="Vanaf deze datum; zonder: vandaag.")]


@router.get("/v1/beheer/parameters", response_model=ParameterList)
async def list_parameters(
    actor: ParameterAdmin, purpose: ParameterPurpose, request: Request, sessions: SessionsDep
) -> ParameterList:
    """Alle wettelijke parameters met hun waarden, voorgestelde waarden en waarschuwingen."""
    provider = app_context(request).parameters

    def work(session: Session) -> ParameterList:
        with audited(session=session, actor=actor, action="parameters.list", purpose=purpose, worker_id=None):
            result = service.overview(session=session, provider=provider)
        return result

    return await sessions.run(work)


@router.get("/v1/beheer/parameters/onbevestigd", response_model=UnconfirmedList)
async def list_unconfirmed(
    actor: ParameterAdmin,
    purpose: ParameterPurpose,
    request: Request,
    sessions: SessionsDep,
    since: Since = None,
) -> UnconfirmedList:
    """De waarden in gebruik die nog niet zijn vastgesteld; uitkomsten die ze gebruiken zijn voorlopig."""
    context = app_context(request)
    day = since or context.clock().date()

    def work(session: Session) -> UnconfirmedList:
        with audited(
            session=session, actor=actor, action="parameters.unconfirmed", purpose=purpose, worker_id=None
        ):
            result = service.unconfirmed(session=session, provider=context.parameters, since=day)
        return result

    return await sessions.run(work)


@router.get("/v1/beheer/parameters/{key}", response_model=ParameterView)
async def get_parameter(
    actor: ParameterAdmin, key: Key, purpose: ParameterPurpose, request: Request, sessions: SessionsDep
) -> ParameterView:
    """Eén parameter met al zijn waarden en de toegevoegde waarden."""
    provider = app_context(request).parameters

    def work(session: Session) -> ParameterView:
        with audited(session=session, actor=actor, action="parameters.show", purpose=purpose, worker_id=None):
            result = service.detail(session=session, provider=provider, key=key)
        return result

    return await sessions.run(work)


@router.post("/v1/beheer/parameters", response_model=ProposalView, status_code=status.HTTP_201_CREATED)
async def add_value(
    actor: ParameterAdmin, body: NewValue, purpose: ParameterPurpose, request: Request, sessions: SessionsDep
) -> ProposalView:
    """Voeg een gepubliceerde waarde toe met haar bron; een tweede beheerder bevestigt haar."""
    context = app_context(request)

    def work(session: Session) -> ProposalView:
        with audited(session=session, actor=actor, action="parameters.add", purpose=purpose, worker_id=None):
            result = service.propose(
                session=session,
                provider=context.parameters,
                new=body,
                actor=actor.actor,
                municipality_id=actor.municipality_id,
                now=context.clock(),
            )
        return result

    return await sessions.run(work)


@router.post(
    "/v1/beheer/parameters/{proposalId}/bevestiging",
    response_model=ProposalView,
    status_code=status.HTTP_201_CREATED,
)
async def confirm_value(
    actor: ParameterAdmin,
    proposal_id: ProposalId,
    purpose: ParameterPurpose,
    request: Request,
    sessions: SessionsDep,
) -> ProposalView:
    """Bevestig een toegevoegde waarde (een andere beheerder dan wie haar toevoegde); daarna worden alle
    maanden vanaf die datum herberekend, met correcties voor goedgekeurde maanden."""
    context = app_context(request)

    def work(session: Session) -> ProposalView:
        with audited(
            session=session, actor=actor, action="parameters.confirm", purpose=purpose, worker_id=None
        ):
            result = service.confirm(
                session=session,
                provider=context.parameters,
                proposal_id=proposal_id,
                actor=actor.actor,
                municipality_id=actor.municipality_id,
                now=context.clock(),
            )
        return result

    return await sessions.run(work)
