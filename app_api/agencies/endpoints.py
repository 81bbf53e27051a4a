"""Routes for agencies, bookkeepers and their keys: `/v1/beheer/uitzendbureaus`, `/v1/beheer/boekhouders`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app_api.access import ID_PATTERN
from app_api.agencies import service
from app_api.agencies.auth import AgencyAdmin, AgencyPurpose, BookkeeperPurpose
from app_api.agencies.schemas import (
    AgencyDetail,
    AgencyView,
    BookkeeperDetail,
    BookkeeperView,
    KeyView,
    NewAgency,
    NewBookkeeper,
    NewKey,
)
from app_api.dependencies import SessionsDep
from app_api.pagination import Page, PagingDep

router = APIRouter(tags=["beheer"])

AgencyId = Annotated[str, Path(alias="agencyId", pattern=ID_PATTERN, description="Id van het uitzendbureau.")]
BookkeeperId = Annotated[
    str, Path(alias="bookkeeperId", pattern=ID_PATTERN, description="Id van de boekhouder.")
]
Kid = Annotated[
    str, Path(min_length=1, max_length=200, pattern=r"^[!-~]+$", description="Key id van de sleutel.")
]


@router.get("/v1/beheer/uitzendbureaus", response_model=Page[AgencyView])
async def list_agencies(actor: AgencyAdmin, paging: PagingDep, sessions: SessionsDep) -> Page[AgencyView]:
    """Alle uitzendbureaus (om werkenden in te schrijven); details van de bureaus die uw gemeente beheert."""
    return await sessions.run(lambda session: service.list_page(session=session, actor=actor, paging=paging))


@router.post("/v1/beheer/uitzendbureaus", response_model=AgencyDetail, status_code=status.HTTP_201_CREATED)
async def register_agency(
    actor: AgencyAdmin, request: NewAgency, purpose: AgencyPurpose, sessions: SessionsDep
) -> AgencyDetail:
    """Registreer een uitzendbureau; uw gemeente beheert het en zijn sleutels."""
    return await sessions.run(
        lambda session: service.register(session=session, actor=actor, request=request, purpose=purpose)
    )


@router.get("/v1/beheer/uitzendbureaus/{agencyId}", response_model=AgencyDetail)
async def get_agency(
    actor: AgencyAdmin, agency_id: AgencyId, purpose: AgencyPurpose, sessions: SessionsDep
) -> AgencyDetail:
    """Eén uitzendbureau dat uw gemeente beheert, met zijn sleutels."""
    return await sessions.run(
        lambda session: service.detail(session=session, actor=actor, agency_id=agency_id, purpose=purpose)
    )


@router.post(
    "/v1/beheer/uitzendbureaus/{agencyId}/sleutels",
    response_model=KeyView,
    status_code=status.HTTP_201_CREATED,
)
async def add_key(
    actor: AgencyAdmin, agency_id: AgencyId, request: NewKey, purpose: AgencyPurpose, sessions: SessionsDep
) -> KeyView:
    """Registreer een publieke ondertekensleutel (JWK) van een uitzendbureau dat uw gemeente beheert."""
    return await sessions.run(
        lambda session: service.add_key(
            session=session, actor=actor, agency_id=agency_id, request=request, purpose=purpose
        )
    )


@router.delete("/v1/beheer/uitzendbureaus/{agencyId}/sleutels/{kid}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_key(
    actor: AgencyAdmin, agency_id: AgencyId, kid: Kid, purpose: AgencyPurpose, sessions: SessionsDep
) -> Response:
    """Trek een sleutel in; berichten met die sleutel worden vanaf nu geweigerd."""
    await sessions.run(
        lambda session: service.revoke_key(
            session=session, actor=actor, agency_id=agency_id, kid=kid, purpose=purpose
        )
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/v1/beheer/boekhouders", response_model=Page[BookkeeperView])
async def list_bookkeepers(
    actor: AgencyAdmin, paging: PagingDep, sessions: SessionsDep
) -> Page[BookkeeperView]:
    """Alle boekhouders (werkenden kunnen ze machtigen); details van wie uw gemeente beheert."""
    return await sessions.run(
        lambda session: service.bookkeeper_page(session=session, actor=actor, paging=paging)
    )


@router.post("/v1/beheer/boekhouders", response_model=BookkeeperDetail, status_code=status.HTTP_201_CREATED)
async def register_bookkeeper(
    actor: AgencyAdmin, request: NewBookkeeper, purpose: BookkeeperPurpose, sessions: SessionsDep
) -> BookkeeperDetail:
    """Registreer een boekhouder of boekhoudpakket; uw gemeente beheert het en zijn sleutels."""
    return await sessions.run(
        lambda session: service.register_bookkeeper(
            session=session, actor=actor, request=request, purpose=purpose
        )
    )


@router.get("/v1/beheer/boekhouders/{bookkeeperId}", response_model=BookkeeperDetail)
async def get_bookkeeper(
    actor: AgencyAdmin, bookkeeper_id: BookkeeperId, purpose: BookkeeperPurpose, sessions: SessionsDep
) -> BookkeeperDetail:
    """Eén boekhouder die uw gemeente beheert, met zijn sleutels."""
    return await sessions.run(
        lambda session: service.bookkeeper_detail(
            session=session, actor=actor, bookkeeper_id=bookkeeper_id, purpose=purpose
        )
    )


@router.post(
    "/v1/beheer/boekhouders/{bookkeeperId}/sleutels",
    response_model=KeyView,
    status_code=status.HTTP_201_CREATED,
)
async def add_bookkeeper_key(
    actor: AgencyAdmin,
    bookkeeper_id: BookkeeperId,
    request: NewKey,
    purpose: BookkeeperPurpose,
    sessions: SessionsDep,
) -> KeyView:
    """Registreer een publieke ondertekensleutel (JWK) van een boekhouder die uw gemeente beheert."""
    return await sessions.run(
        lambda session: service.add_bookkeeper_key(
            session=session, actor=actor, bookkeeper_id=bookkeeper_id, request=request, purpose=purpose
        )
    )


@router.delete("/v1/beheer/boekhouders/{bookkeeperId}/sleutels/{kid}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_bookkeeper_key(
    actor: AgencyAdmin,
    bookkeeper_id: BookkeeperId,
    kid: Kid,
    purpose: BookkeeperPurpose,
    sessions: SessionsDep,
) -> Response:
    """Trek een sleutel van een boekhouder in; berichten met die sleutel worden vanaf nu geweigerd."""
    await sessions.run(
        lambda session: service.revoke_bookkeeper_key(
            session=session, actor=actor, bookkeeper_id=bookkeeper_id, kid=kid, purpose=purpose
        )
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
