"""A per-client token-bucket rate limiter (429 with `Retry-After`).

State lives in the process: with several replicas each holds its own buckets, so the effective limit
is the configured one times the replicas. That is enough to stop a runaway client; a shared limit
belongs in the reverse proxy.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.web.errors import TooManyRequests
from gateway.web.problems import problem_response


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Allow each key `rate` requests per second on average, with bursts up to `burst`."""

    def __init__(
        self, *, rate: float, burst: int, clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Take one token for `key`, or raise `TooManyRequests` saying when the next one is available."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self._max_keys:
                    self._forget_full_buckets(now)
                bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return
            wait = (1 - bucket.tokens) / self.rate
        raise TooManyRequests(retry_after=max(1, math.ceil(wait)))

    def _forget_full_buckets(self, now: float) -> None:
        # A bucket that has refilled completely holds no state worth keeping.
        for key in [
            k for k, b in self._buckets.items() if b.tokens + (now - b.updated) * self.rate >= self.burst
        ]:
            del self._buckets[key]


class RateLimitMiddleware:
    """Answer 429 with `Retry-After` once a client address exceeds `limiter`, before routing or reading.

    The address is the one the server reports (`scope["client"]`), which uvicorn's proxy-header
    support sets to the real client when the request came through a trusted proxy.
    """

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Take a token for the client, or refuse the request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        try:
            self.limiter.check(client[0] if client else "onbekend")
        except TooManyRequests as refusal:
            response = problem_response(refusal.to_problem(scope["path"]), refusal.headers)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
