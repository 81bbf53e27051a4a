"""Who may read and change the municipality's policy: its administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

PolicyAdmin = Annotated[StaffActor, Depends(staff_with(Role.ADMIN))]
ChangePurpose = Annotated[str, Depends(purpose_of("beleidswijziging"))]
