"""Who sees the caseload and registers workers.

Team leads see the whole municipality; consultants their own caseload (the role listed first wins, so
a team lead who also has cases sees everything). Administrators may register workers too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

CaseloadReader = Annotated[StaffActor, Depends(staff_with(Role.TEAM_LEAD, Role.CONSULTANT))]
WorkerReader = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD))]
WorkerRegistrar = Annotated[StaffActor, Depends(staff_with(Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN))]
CaseloadPurpose = Annotated[str, Depends(purpose_of("caseload"))]
ReadPurpose = Annotated[str, Depends(purpose_of("maandverrekening"))]
RegisterPurpose = Annotated[str, Depends(purpose_of("aanmelding"))]
