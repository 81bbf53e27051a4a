"""What every request of the app API needs, built once per app: database, keys, token verifier.

Routes reach it through the dependencies in `app_api.dependencies`; nothing here is a module global,
so tests build an app around their own database and keyring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from anyio import CapacityLimiter
from fastapi import Request

from app_api.auth.cache import ExpiringCache
from app_api.auth.principal import Principal
from app_api.auth.tokens import TokenVerifier
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer
from app_api.direct_reads import DirectReads
from app_api.results_cache import ResultCache
from gateway.params.provider import LayeredParameters
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer

if TYPE_CHECKING:
    # Only for the annotation: the weeks' rendering imports the paging, which imports this module.
    from app_api.weeks.rendering import CachedSummary


def utc_now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class AppContext:
    """The long-lived parts of one app API instance."""

    settings: Settings
    api_settings: AppApiSettings
    database: Database
    sealer: Sealer
    verifier: TokenVerifier
    dev_issuer: DevIssuer | None
    clock: Callable[[], dt.datetime]
    """The current time (aware); tests set a fixed one."""
    principals: ExpiringCache[bytes, Principal]
    """Whom recently seen tokens name, by token fingerprint (app_api.auth.dependencies)."""
    week_summaries: ResultCache[CachedSummary]
    """Decoded week summaries with their JSON by week-figures row id (app_api.results_cache)."""
    week_pages: ResultCache[bytes]
    """Pages of the worker's weeks as JSON, by the versions they list, paging and day (app_api.weeks)."""
    database_slots: CapacityLimiter
    """How many requests do database work at once (app_api.dependencies.Sessions): the pool's size."""
    direct_reads: DirectReads | None = None
    """Async connections for the hottest reads, on PostgreSQL (app_api.direct_reads); else None."""
    parameters: LayeredParameters = field(default_factory=LayeredParameters)
    """The shipped parameter files with the confirmed added values (gateway.params.provider)."""


def app_context(request: Request) -> AppContext:
    """The context of the app handling `request`."""
    context: AppContext = request.app.state.context
    return context
