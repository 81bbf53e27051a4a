"""Who handles signals: the consultant and the team lead of the worker's municipality."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

SignalHandler = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
SignalPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
