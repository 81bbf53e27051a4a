"""Who exports settlements for the benefit system: consultants and team leads of the municipality."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

Exporter = Annotated[StaffActor, Depends(staff_with(Role.TEAM_LEAD, Role.CONSULTANT))]
ExportPurpose = Annotated[str, Depends(purpose_of("export-uitkeringssysteem"))]
