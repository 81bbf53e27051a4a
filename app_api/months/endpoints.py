"""Routes for month settlements, for the worker (`/v1/mij/maanden`) and for staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app_api.access import WorkerId
from app_api.dependencies import SealerDep, SessionsDep
from app_api.months import service, story
from app_api.months.auth import MonthsOwner, MonthsReader, ReadPurpose
from app_api.months.schemas import MonthDetail, MonthSummary, MonthVersion, MonthView
from app_api.pagination import Page, PagingDep
from app_api.periods import MonthPath, Today

router = APIRouter(tags=["maanden"])

Version = Annotated[int, Path(ge=1, le=100_000, description="Versienummer van de berekening.")]


@router.get("/v1/mij/maanden", response_model=Page[MonthSummary])
async def list_own(
    principal: MonthsOwner, paging: PagingDep, today: Today, sessions: SessionsDep, sealer: SealerDep
) -> Page[MonthSummary]:
    """Mijn maanden: uitbetaling, nabetaling of te veel betaald, laatste maand eerst."""
    return await sessions.run(
        lambda session: service.own_page(
            session=session, sealer=sealer, principal=principal, paging=paging, today=today
        )
    )


@router.get("/v1/mij/maanden/{month}", response_model=MonthView)
async def get_own(
    principal: MonthsOwner, month: MonthPath, sessions: SessionsDep, sealer: SealerDep
) -> MonthView:
    """De verrekening van een maand: uitbetaling, betaaldatum en de uitleg per stap."""
    return await sessions.run(
        lambda session: service.own_month(session=session, sealer=sealer, principal=principal, month=month)
    )


@router.get("/v1/mij/maanden/{month}/samenvatting", response_model=story.MonthStory)
async def get_own_story(
    principal: MonthsOwner, month: MonthPath, today: Today, sessions: SessionsDep, sealer: SealerDep
) -> story.MonthStory:
    """De maand in één verhaal: verdiend, bijstand, voorschot, wat wordt ingehouden voor eerder te veel
    betaalde bijstand (per maand en tot wanneer) en wat wanneer wordt betaald."""
    return await sessions.run(
        lambda session: story.own_story(
            session=session, sealer=sealer, principal=principal, month=month, today=today
        )
    )


@router.get("/v1/werkenden/{workerId}/maanden", response_model=Page[MonthSummary])
async def list_for_worker(
    actor: MonthsReader,
    worker_id: WorkerId,
    paging: PagingDep,
    purpose: ReadPurpose,
    today: Today,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> Page[MonthSummary]:
    """De maanden van een werkende, laatste maand eerst."""
    return await sessions.run(
        lambda session: service.staff_page(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            paging=paging,
            purpose=purpose,
            today=today,
        )
    )


@router.get("/v1/werkenden/{workerId}/maanden/{month}", response_model=MonthDetail)
async def get_for_worker(
    actor: MonthsReader,
    worker_id: WorkerId,
    month: MonthPath,
    purpose: ReadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> MonthDetail:
    """De nieuwste verrekening van een maand met status en stappen."""
    return await sessions.run(
        lambda session: service.staff_month(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, month=month, purpose=purpose
        )
    )


@router.get("/v1/werkenden/{workerId}/maanden/{month}/versies", response_model=list[MonthVersion])
async def list_versions(
    actor: MonthsReader,
    worker_id: WorkerId,
    month: MonthPath,
    purpose: ReadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> list[MonthVersion]:
    """Alle berekende versies van een maand, nieuwste eerst."""
    return await sessions.run(
        lambda session: service.staff_versions(
            session=session, sealer=sealer, actor=actor, worker_id=worker_id, month=month, purpose=purpose
        )
    )


@router.get("/v1/werkenden/{workerId}/maanden/{month}/versies/{version}", response_model=MonthDetail)
async def get_version(
    actor: MonthsReader,
    worker_id: WorkerId,
    month: MonthPath,
    version: Version,
    purpose: ReadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> MonthDetail:
    """Eén versie van een maand, ook een eerdere."""
    return await sessions.run(
        lambda session: service.staff_version(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            month=month,
            version=version,
            purpose=purpose,
        )
    )
