"""Who sees the review queue: team leads, who approve settlements."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

ReviewReader = Annotated[StaffActor, Depends(staff_with(Role.TEAM_LEAD))]
ReviewPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
