"""Who may see and record mandates: the worker their own; consultants and team leads of their
municipality (audited), as for invoices and costs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with, worker_principal
from app_api.auth.principal import Role, StaffActor, WorkerPrincipal

MandateStaff = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
MandateOwner = Annotated[WorkerPrincipal, Depends(worker_principal)]
MandatePurpose = Annotated[str, Depends(purpose_of("eigen-onderneming"))]
