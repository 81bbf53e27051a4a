"""Who may do what with Flextensie: consultants and team leads run placements; administrators set the
municipal policy; a worker sees their own premium. Staff requests carry a purpose for the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with, worker_principal
from app_api.auth.principal import Role, StaffActor, WorkerPrincipal

PlacementStaff = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
PolicyAdmin = Annotated[StaffActor, Depends(staff_with(Role.ADMIN))]
PolicyReader = Annotated[StaffActor, Depends(staff_with(Role.ADMIN, Role.TEAM_LEAD, Role.CONSULTANT))]
FlextensieOwner = Annotated[WorkerPrincipal, Depends(worker_principal)]
Purpose = Annotated[str, Depends(purpose_of("flextensie"))]
PolicyPurpose = Annotated[str, Depends(purpose_of("beleidswijziging"))]
