"""Routes for placements and their timesheets: `/v1/plaatsingen/...` (consultants and team leads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app_api.access import ID_PATTERN
from app_api.dependencies import SealerDep, SessionDep
from app_api.pagination import Page, PagingDep
from app_api.periods import WeekPath
from app_api.placements import service
from app_api.placements.auth import PlacementStaff, Purpose
from app_api.placements.dependencies import ParametersDep
from schemas import flextensie as fx

router = APIRouter(tags=["flextensie"])

PlacementId = Annotated[
    str, Path(alias="placementId", pattern=ID_PATTERN, description="Id van de plaatsing.")
]


@router.post("/v1/plaatsingen", response_model=fx.Placement, status_code=status.HTTP_201_CREATED)
def create(
    actor: PlacementStaff,
    placement: fx.NewPlacement,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.Placement:
    """Maak een plaatsing; geweigerd onder het minimumtarief of na de maximale duur."""
    return service.create(
        session=session, sealer=sealer, actor=actor, new=placement, purpose=purpose, parameters=parameters
    )


@router.get("/v1/plaatsingen", response_model=Page[fx.Placement])
def list_placements(
    actor: PlacementStaff,
    paging: PagingDep,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
    worker_id: Annotated[
        str | None, Query(alias="werkende", pattern=ID_PATTERN, description="Alleen van deze werkende.")
    ] = None,
    placement_status: Annotated[fx.PlacementStatus | None, Query(alias="status")] = None,
) -> Page[fx.Placement]:
    """De plaatsingen van de gemeente, laatste start eerst."""
    return service.listing(
        session=session,
        sealer=sealer,
        actor=actor,
        paging=paging,
        worker_id=worker_id,
        status=placement_status,
        purpose=purpose,
        parameters=parameters,
    )


@router.get("/v1/plaatsingen/{placementId}", response_model=fx.Placement)
def read(
    actor: PlacementStaff,
    placement_id: PlacementId,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.Placement:
    """Eén plaatsing met de grenzen en de uitleg daarvan."""
    return service.read(
        session=session,
        sealer=sealer,
        actor=actor,
        placement_id=placement_id,
        purpose=purpose,
        parameters=parameters,
    )


@router.post("/v1/plaatsingen/{placementId}/beeindiging", response_model=fx.Placement)
def end(
    actor: PlacementStaff,
    placement_id: PlacementId,
    ending: fx.PlacementEnd,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.Placement:
    """Beëindig een plaatsing eerder, bijvoorbeeld omdat de werkende een contract kreeg."""
    return service.end(
        session=session,
        sealer=sealer,
        actor=actor,
        placement_id=placement_id,
        ending=ending,
        purpose=purpose,
        parameters=parameters,
    )


@router.put("/v1/plaatsingen/{placementId}/opdrachtgever", response_model=fx.Placement)
def set_client(
    actor: PlacementStaff,
    placement_id: PlacementId,
    details: fx.ClientDetails,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.Placement:
    """Leg KvK-nummer, adres en btw-nummer van de opdrachtgever vast, voor de e-factuur; al verstuurde
    facturen houden de gegevens van toen."""
    return service.set_client(
        session=session,
        sealer=sealer,
        actor=actor,
        placement_id=placement_id,
        details=details,
        purpose=purpose,
        parameters=parameters,
    )


@router.get("/v1/plaatsingen/{placementId}/urenstaten", response_model=list[fx.Timesheet])
def list_timesheets(
    actor: PlacementStaff, placement_id: PlacementId, purpose: Purpose, session: SessionDep, sealer: SealerDep
) -> list[fx.Timesheet]:
    """De urenstaten van een plaatsing (per week de nieuwste versie)."""
    return service.timesheets(
        session=session, sealer=sealer, actor=actor, placement_id=placement_id, purpose=purpose
    )


@router.put("/v1/plaatsingen/{placementId}/urenstaten/{week}", response_model=fx.Timesheet)
def enter_timesheet(
    actor: PlacementStaff,
    placement_id: PlacementId,
    week: WeekPath,
    entry: fx.TimesheetEntry,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.Timesheet:
    """Leg de uren van een week vast; met clientApproval ook meteen de goedkeuring van de opdrachtgever."""
    return service.enter(
        session=session,
        sealer=sealer,
        actor=actor,
        placement_id=placement_id,
        week=week,
        entry=entry,
        purpose=purpose,
        parameters=parameters,
    )


@router.post("/v1/plaatsingen/{placementId}/urenstaten/{week}/goedkeuring", response_model=fx.Timesheet)
def approve_timesheet(
    actor: PlacementStaff,
    placement_id: PlacementId,
    week: WeekPath,
    approval: fx.ClientApproval,
    purpose: Purpose,
    session: SessionDep,
    sealer: SealerDep,
    parameters: ParametersDep,
) -> fx.Timesheet:
    """Leg vast dat de opdrachtgever de urenstaat tekende; de premie over die uren wordt opgebouwd."""
    return service.approve(
        session=session,
        sealer=sealer,
        actor=actor,
        placement_id=placement_id,
        week=week,
        approval=approval,
        purpose=purpose,
        parameters=parameters,
    )
