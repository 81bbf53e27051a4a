"""The caseload, a worker's overview and a new worker, as the app API shows and takes them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from app_api.access import ID_PATTERN
from schemas.base import ApiModel
from schemas.identifiers import Bsn


class SignalView(ApiModel):
    """Something to look at: a missing period, an anomaly, figures changed after approval."""

    id: str
    kind: str = Field(description="Soort signaal, bijv. missing_period of figures_changed_after_approval.")
    created_at: dt.datetime
    details: dict[str, Any] = Field(description="Perioden, kenmerken en codes; geen persoonsgegevens.")


class CaseloadEntry(ApiModel):
    """One worker in the caseload with their open signals."""

    worker_id: str
    name: str
    consultant_id: str | None
    open_signals: list[SignalView]


class WorkerView(ApiModel):
    """A worker's overview for staff (the BSN is not shown; it is only used for matching)."""

    id: str
    name: str
    birth_date: dt.date
    consultant_id: str | None
    registered_at: dt.datetime
    open_signals: list[SignalView]


class NewWorker(ApiModel):
    """Register a worker with a benefit in the municipality."""

    bsn: Bsn
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    birth_date: dt.date
    consultant_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None
