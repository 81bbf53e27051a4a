"""Who may read, add and confirm published parameter values: administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

ParameterAdmin = Annotated[StaffActor, Depends(staff_with(Role.ADMIN))]
ParameterPurpose = Annotated[str, Depends(purpose_of("parameterbeheer"))]
