"""Who may read week figures: the worker their own; consultants and team leads of the municipality."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with, worker_principal
from app_api.auth.principal import Role, StaffActor, WorkerPrincipal

WeeksOwner = Annotated[WorkerPrincipal, Depends(worker_principal)]
WeeksReader = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
ReadPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
