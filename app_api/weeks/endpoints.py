"""Routes for week figures and the remaining-to-exit, for the worker (`/v1/mij`) and for staff."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app_api.access import WorkerId
from app_api.context import app_context
from app_api.dependencies import SealerDep, Sessions, SessionsDep
from app_api.pagination import DEFAULT_PAGE_SIZE, Page, PageNumber, PageSize, PagingDep, requested
from app_api.periods import NL, Today, WeekPath
from app_api.weeks import service
from app_api.weeks.auth import ReadPurpose, WeeksOwner, WeeksReader
from app_api.weeks.dependencies import SummaryCacheDep
from app_api.weeks.direct_route import WeeksPageRoute
from app_api.weeks.schemas import RemainingNow, WeekDetail, WeekSummary
from schemas.periods import IsoWeek

router = APIRouter(tags=["weken"])


async def list_own(
    request: Request,
    principal: WeeksOwner,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
) -> Page[WeekSummary]:
    """Mijn weken: verdiend, aanvulling en de stand van de maand, laatste week eerst."""
    # The hottest read. On PostgreSQL its route answers without calling this (app_api.weeks.direct_route:
    # the same guard and query checks as plain calls, the page read on the event loop); this is the
    # route on SQLite. The paging and the services are plain calls rather than dependencies (FastAPI
    # spends some tens of microseconds on each).
    paging = requested(request, page, page_size)
    context = app_context(request)
    today = context.clock().astimezone(NL).date()
    cache, sealer = context.week_summaries, context.sealer
    return await Sessions(context.database, context.database_slots).read(
        lambda session: service.own_page(
            session=session, sealer=sealer, cache=cache, principal=principal, paging=paging, today=today
        )
    )


# Added here, before the routes below, so the OpenAPI document lists the operations in the same order.
router.add_api_route(
    "/v1/mij/weken",
    list_own,
    methods=["GET"],
    response_model=Page[WeekSummary],
    route_class_override=WeeksPageRoute,
)


@router.get("/v1/mij/weken/{week}", response_model=WeekDetail)
async def get_own(
    principal: WeeksOwner, week: WeekPath, today: Today, sessions: SessionsDep, sealer: SealerDep
) -> WeekDetail:
    """Eén week met uitleg en de loonstroken waarop die berust."""
    return await sessions.read(
        lambda session: service.own_week(
            session=session, sealer=sealer, principal=principal, week=week, today=today
        )
    )


@router.get("/v1/mij/nog-te-verdienen", response_model=RemainingNow)
async def get_own_remaining(
    principal: WeeksOwner, today: Today, sessions: SessionsDep, sealer: SealerDep
) -> RemainingNow:
    """Hoeveel ik nog moet verdienen om uit de bijstand te komen: netto, bruto, in uren en per week."""
    return await sessions.read(
        lambda session: service.own_remaining(
            session=session, sealer=sealer, principal=principal, until=IsoWeek.of(today)
        )
    )


@router.get("/v1/werkenden/{workerId}/weken", response_model=Page[WeekSummary])
async def list_for_worker(
    actor: WeeksReader,
    worker_id: WorkerId,
    paging: PagingDep,
    purpose: ReadPurpose,
    today: Today,
    sessions: SessionsDep,
    sealer: SealerDep,
    cache: SummaryCacheDep,
) -> Page[WeekSummary]:
    """De weken van een werkende, laatste week eerst."""
    return await sessions.run(
        lambda session: service.staff_page(
            session=session,
            sealer=sealer,
            cache=cache,
            actor=actor,
            worker_id=worker_id,
            paging=paging,
            purpose=purpose,
            today=today,
        )
    )


@router.get("/v1/werkenden/{workerId}/weken/{week}", response_model=WeekDetail)
async def get_for_worker(
    actor: WeeksReader,
    worker_id: WorkerId,
    week: WeekPath,
    purpose: ReadPurpose,
    today: Today,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> WeekDetail:
    """Eén week van een werkende met uitleg en loonstroken."""
    return await sessions.run(
        lambda session: service.staff_week(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            week=week,
            purpose=purpose,
            today=today,
        )
    )


@router.get("/v1/werkenden/{workerId}/nog-te-verdienen", response_model=RemainingNow)
async def get_remaining_for_worker(
    actor: WeeksReader,
    worker_id: WorkerId,
    today: Today,
    purpose: ReadPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> RemainingNow:
    """Hoeveel een werkende nog moet verdienen om uit de bijstand te komen."""
    return await sessions.run(
        lambda session: service.staff_remaining(
            session=session,
            sealer=sealer,
            actor=actor,
            worker_id=worker_id,
            until=IsoWeek.of(today),
            purpose=purpose,
        )
    )
