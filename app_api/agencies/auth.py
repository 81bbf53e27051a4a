"""Who manages agencies, bookkeepers and their keys: administrators, of those their municipality manages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app_api.audit.trail import purpose_of
from app_api.auth.dependencies import staff_with
from app_api.auth.principal import Role, StaffActor

AgencyAdmin = Annotated[StaffActor, Depends(staff_with(Role.ADMIN))]
AgencyPurpose = Annotated[str, Depends(purpose_of("uitzendbureaubeheer"))]
BookkeeperPurpose = Annotated[str, Depends(purpose_of("boekhouderbeheer"))]
