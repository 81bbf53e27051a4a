"""Who may move settlements: consultants and team leads; only a team lead approves (service rule)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

SettlementActor = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
WorkflowPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
