"""Who may see and change enrollments: the worker sees their agencies; consultants, team leads and
administrators (DESIGN §1: the administrator enrols workers) manage them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with, worker_principal
from app_api.auth.principal import Role, StaffActor, WorkerPrincipal

EnrollmentOwner = Annotated[WorkerPrincipal, Depends(worker_principal)]
EnrollmentStaff = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN))]
ReadPurpose = Annotated[str, Depends(purpose_of("inschrijving"))]
ChangePurpose = Annotated[str, Depends(purpose_of("inschrijving"))]
