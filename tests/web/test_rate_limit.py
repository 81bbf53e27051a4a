"""The token bucket: bursts up to a limit, then a steady rate, per key."""

from __future__ import annotations

import pytest

from gateway.web.errors import TooManyRequests
from gateway.web.rate_limit import RateLimiter


class FakeClock:
    """Seconds that only move when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_refusal_with_the_wait_until_the_next_token() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=0.5, burst=3, clock=clock)
    for _ in range(3):
        limiter.check("bureau-a")

    with pytest.raises(TooManyRequests) as refused:
        limiter.check("bureau-a")

    assert refused.value.headers["Retry-After"] == "2"
    assert refused.value.status == 429


def test_tokens_come_back_with_time() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=1.0, burst=1, clock=clock)
    limiter.check("bureau-a")
    clock.now += 1.0

    limiter.check("bureau-a")


def test_keys_have_their_own_buckets() -> None:
    limiter = RateLimiter(rate=0.1, burst=1, clock=FakeClock())
    limiter.check("bureau-a")

    limiter.check("bureau-b")
    with pytest.raises(TooManyRequests):
        limiter.check("bureau-a")


def test_full_buckets_are_forgotten_when_there_are_too_many_keys() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=1.0, burst=1, clock=clock, max_keys=2)
    limiter.check("a")
    limiter.check("b")
    clock.now += 5

    limiter.check("c")

    assert set(limiter._buckets) == {"c"}


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="rate"):
        RateLimiter(rate=0, burst=1)
