"""Who may end a case and decide on the bufferbudget: consultants and team leads; a worker reads own data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with, worker_principal
from app_api.auth.principal import Role, StaffActor, WorkerPrincipal

LeavingStaff = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
LeavingOwner = Annotated[WorkerPrincipal, Depends(worker_principal)]
ReadPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
EndPurpose = Annotated[str, Depends(purpose_of("beeindiging"))]
BufferPurpose = Annotated[str, Depends(purpose_of("bufferbudget"))]
