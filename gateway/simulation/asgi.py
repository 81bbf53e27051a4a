"""A synchronous httpx transport that hands each request to an ASGI app in this process.

The simulation talks to the agency API and the app API through their real HTTP interfaces (routing,
authentication, validation, problem+json) without sockets or servers: httpx's own `ASGITransport` does
the ASGI side, and an anyio blocking portal (an event loop in one background thread) lets the
synchronous clients (the agency client, the consultant actor) await it.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal


class InProcessTransport(httpx.BaseTransport):
    """Send requests to `app` through `portal`; the response body is read completely."""

    def __init__(self, *, app: Any, portal: BlockingPortal) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run the request through the app on the portal's event loop."""

        async def call() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        response: httpx.Response = self._portal.call(call)
        return response


class Portal:
    """The event loop the in-process apps run on, for as long as the `with` block lasts."""

    def __init__(self) -> None:
        self._manager = start_blocking_portal()
        self.portal: BlockingPortal | None = None

    def __enter__(self) -> Self:
        self.portal = self._manager.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._manager.__exit__(kind, error, trace)

    def client(self, *, app: Any, base_url: str, headers: dict[str, str] | None = None) -> httpx.Client:
        """An httpx client whose requests go to `app` (the caller closes it)."""
        if self.portal is None:
            raise RuntimeError("the portal is not running")
        return httpx.Client(
            base_url=base_url,
            transport=InProcessTransport(app=app, portal=self.portal),
            headers=headers,
            timeout=120,
        )
