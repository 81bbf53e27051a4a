"""Who reads the audit log (auditors) and who may verify its chain (auditors and administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

AuditReader = Annotated[StaffActor, Depends(staff_with(Role.AUDITOR))]
ChainVerifier = Annotated[StaffActor, Depends(staff_with(Role.AUDITOR, Role.ADMIN))]
AuditPurpose = Annotated[str, Depends(purpose_of("controle"))]
