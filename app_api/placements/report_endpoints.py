"""Routes for the municipality's Flextensie reports and policy: `/v1/flextensie/...`, `/v1/beheer/...`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from app_api.dependencies import SealerDep, SessionDep
from app_api.periods import MonthPath
from app_api.placements import policy, reports
from app_api.placements.auth import PlacementStaff, PolicyAdmin, PolicyPurpose, PolicyReader, Purpose
from schemas import flextensie as fx

router = APIRouter(tags=["flextensie"])

HalfYearPath = Annotated[
    str,
    Path(
        alias="halfYear",
        # Years as the other Flextensie routes take them (2000-2099): year 1 has no half-year before it.
        pattern=r"^20\d{2}-H[12]$",
        description="Halfjaar, bijv. 2026-H1.",
        examples=["2026-H1"],
    ),
]


@router.get("/v1/flextensie/maandoverzichten/{month}", response_model=fx.MonthOverview)
def month_overview(
    actor: PlacementStaff, month: MonthPath, purpose: Purpose, session: SessionDep, sealer: SealerDep
) -> fx.MonthOverview:
    """Actieve plaatsingen van een maand met de uren per plaatsing, per werkende en per opdrachtgever."""
    return reports.month_overview(session=session, sealer=sealer, actor=actor, month=month, purpose=purpose)


@router.get("/v1/flextensie/restantoverzichten/{halfYear}", response_model=fx.RemainderStatement)
def remainder(
    actor: PlacementStaff, half_year: HalfYearPath, purpose: Purpose, session: SessionDep, sealer: SealerDep
) -> fx.RemainderStatement:
    """Wat de facturen van een halfjaar de gemeente opleverden, per maand en per plaatsing."""
    year, half = half_year.split("-H")
    return reports.remainder(
        session=session, sealer=sealer, actor=actor, year=int(year), half=int(half), purpose=purpose
    )


@router.get("/v1/beheer/flextensiebeleid", response_model=fx.FlextensiePolicyView)
def read_policy(actor: PolicyReader, session: SessionDep) -> fx.FlextensiePolicyView:
    """Het Flextensiebeleid van de gemeente: premie per uur, werkgeverslasten, backoffice, btw en grenzen."""
    return policy.view(session=session, actor=actor)


@router.post(
    "/v1/beheer/flextensiebeleid", response_model=fx.FlextensiePolicyView, status_code=status.HTTP_201_CREATED
)
def change_policy(
    actor: PolicyAdmin, change: fx.FlextensiePolicyChange, purpose: PolicyPurpose, session: SessionDep
) -> fx.FlextensiePolicyView:
    """Leg nieuw Flextensiebeleid vast vanaf een datum (de eerste van een maand)."""
    return policy.change(session=session, actor=actor, change=change, purpose=purpose)
