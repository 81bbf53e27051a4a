"""Who may read and record advances: consultants and team leads of the municipality."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

AdvanceStaff = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
ReadPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
ChangePurpose = Annotated[str, Depends(purpose_of("voorschot"))]
