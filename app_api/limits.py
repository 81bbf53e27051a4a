"""The guards in front of the app API: a body-size limit per route and a request rate per client address.

Both run before routing and authentication (gateway.web.app.create_api), so an anonymous client can
neither make the process hold a large body nor keep it busy verifying tokens.
"""

from __future__ import annotations

from starlette.middleware import Middleware

from app_api.config import AppApiSettings
from gateway.web.body_limit import BodyLimit, BodyLimitMiddleware
from gateway.web.rate_limit import RateLimiter, RateLimitMiddleware

KIB = 1024

ROUTE_BODY_LIMITS = (
    # An invoice lists its lines and a policy its settings: larger than any other form.
    BodyLimit(path=r"/v1/facturen", limit=256 * KIB),
    # One e-invoice of the worker's own business (its reader refuses more, too).
    BodyLimit(path=r"/v1/(mij|werkenden/[^/]+)/facturen/ubl", limit=1024 * KIB),
    BodyLimit(path=r"/v1/beheer/(flextensie)?beleid", limit=256 * KIB),
    # One public JWK (an RSA-4096 key is under 2 KiB) or an agency's name.
    BodyLimit(path=r"/v1/beheer/uitzendbureaus(/[^/]+/sleutels)?", limit=16 * KIB),
)
"""Routes whose bodies may differ from `AppApiSettings.max_body_bytes`; the first match applies."""


def guards(settings: AppApiSettings) -> list[Middleware]:
    """The rate limit (outermost: it costs least) and the body limit, sized from `settings`."""
    limiter = RateLimiter(rate=settings.rate_per_second, burst=settings.rate_burst)
    return [
        Middleware(RateLimitMiddleware, limiter=limiter),
        Middleware(BodyLimitMiddleware, default=settings.max_body_bytes, routes=ROUTE_BODY_LIMITS),
    ]
