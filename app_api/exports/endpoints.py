"""Routes for export files: `POST /v1/exporten` (make one) and `GET /v1/exporten/{month}` (make it again)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from app_api.dependencies import SealerDep, SessionsDep
from app_api.exports import service
from app_api.exports.auth import Exporter, ExportPurpose
from app_api.exports.schemas import ExportFormat, NewExport
from app_api.periods import MonthPath, Now
from app_api.responses import problem
from connectors.exports.service import ExportFile

router = APIRouter(tags=["export"])

_FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}, "application/json": {}}, "description": "Het exportbestand."},
    201: {"content": {"text/csv": {}, "application/json": {}}, "description": "Het exportbestand."},
}


def _file(exported: ExportFile, status_code: int) -> Response:
    return Response(
        exported.content,
        status_code=status_code,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.name}"'},
    )


_CREATE: dict[int | str, dict[str, Any]] = {
    **_FILE,
    404: problem("Deze maand heeft geen goedgekeurde verrekeningen om te exporteren."),
    409: problem("Deze verrekeningen kunnen niet worden geëxporteerd."),
}


@router.post("/v1/exporten", status_code=status.HTTP_201_CREATED, response_class=Response, responses=_CREATE)
async def create(
    actor: Exporter,
    request: NewExport,
    now: Now,
    purpose: ExportPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
) -> Response:
    """Exporteer alle goedgekeurde verrekeningen van een maand (CSV of JSON, zie docs/export-layout.md)."""
    exported = await sessions.run(
        lambda session: service.create(
            session=session,
            sealer=sealer,
            actor=actor,
            month=request.month,
            file_format=request.format,
            now=now,
            purpose=purpose,
        )
    )
    return _file(exported, status.HTTP_201_CREATED)


@router.get("/v1/exporten/{month}", response_class=Response, responses=_FILE)
async def again(
    actor: Exporter,
    month: MonthPath,
    now: Now,
    purpose: ExportPurpose,
    sessions: SessionsDep,
    sealer: SealerDep,
    file_format: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.CSV,
) -> Response:
    """Maak het exportbestand van een maand opnieuw, met de verrekeningen die al geëxporteerd zijn."""
    exported = await sessions.run(
        lambda session: service.again(
            session=session,
            sealer=sealer,
            actor=actor,
            month=month,
            file_format=file_format,
            now=now,
            purpose=purpose,
        )
    )
    return _file(exported, status.HTTP_200_OK)
