"""Route for the team lead's review queue (`/v1/te-beoordelen`)."""

from __future__ import annotations

from fastapi import APIRouter

from app_api.dependencies import SealerDep, SessionsDep
from app_api.pagination import Page, PagingDep
from app_api.review import service
from app_api.review.auth import ReviewPurpose, ReviewReader
from app_api.review.schemas import ReviewItem

router = APIRouter(tags=["caseload"])


@router.get("/v1/te-beoordelen", response_model=Page[ReviewItem])
async def review_queue(
    actor: ReviewReader, paging: PagingDep, purpose: ReviewPurpose, sessions: SessionsDep, sealer: SealerDep
) -> Page[ReviewItem]:
    """Voorgestelde maanden van de hele gemeente die op goedkeuring wachten (teamleider)."""
    return await sessions.run(
        lambda session: service.queue(
            session=session, sealer=sealer, actor=actor, paging=paging, purpose=purpose
        )
    )
