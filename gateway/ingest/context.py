"""Everything a request of the agency API works with, built once per app and passed explicitly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from gateway.web.rate_limit import RateLimiter


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class GatewayContext:
    """The database, keys, limits and clock of one agency API app."""

    database: Database
    sealer: Sealer
    keys: GatewayKeys
    config: IngestConfig
    clock: Callable[[], dt.datetime] = _utcnow
    push_limiter: RateLimiter = field(default_factory=lambda: RateLimiter(rate=5.0, burst=20))
    token_limiter: RateLimiter = field(default_factory=lambda: RateLimiter(rate=2.0, burst=10))

    @classmethod
    def create(
        cls,
        *,
        database: Database,
        sealer: Sealer,
        keys: GatewayKeys,
        config: IngestConfig,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> GatewayContext:
        """A context with rate limiters sized from `config`."""
        return cls(
            database=database,
            sealer=sealer,
            keys=keys,
            config=config,
            clock=clock,
            push_limiter=RateLimiter(rate=config.push_rate, burst=config.push_burst),
            token_limiter=RateLimiter(rate=config.token_rate, burst=config.token_burst),
        )
