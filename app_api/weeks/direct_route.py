"""The route of the worker's weeks (`GET /v1/mij/weken`) answered outside FastAPI's dependency machinery.

The hottest read of the app. On PostgreSQL its page is read on the event loop and answered as joined
bytes (app_api.weeks.service.own_page_direct); what FastAPI then adds per request (solving the guard's
dependency tree, checking the query against the signature, two exit stacks, a response object) cost more
CPU than reading and rendering the page. `WeeksPageRoute` is still an `APIRoute` of the same endpoint,
so the OpenAPI document is the one FastAPI writes for it, and it does by plain calls what those layers
did: the same guard first (a refused token is answered before the query is checked), then the query
validated by FastAPI's own function against the route's own parameters (the same errors, so the same
`invalidParams`). Errors propagate to the app's exception handlers as before. Without the async
connections (SQLite, tests bound to one connection) the route is FastAPI's as declared.
"""

from __future__ import annotations

from typing import Any

from fastapi.dependencies.utils import request_params_to_args
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from app_api.auth.dependencies import bearer_credentials, worker_principal
from app_api.context import AppContext
from app_api.pagination import DEFAULT_PAGE_SIZE, requested
from app_api.periods import NL
from app_api.weeks import service

_CONTENT_TYPE = (b"content-type", b"application/json")


class WeeksPageRoute(APIRoute):
    """`APIRoute` of the worker's weeks that answers a GET on the async connections itself."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a GET with the page when the app has async connections; else as FastAPI would."""
        context: AppContext = scope["app"].state.context
        if scope["method"] != "GET" or context.direct_reads is None:
            await super().handle(scope, receive, send)
            return
        request = Request(scope, receive, send)
        principal = await worker_principal(request, await bearer_credentials(request))
        page, page_size = self._page_and_size(request)
        paging = requested(request, page, page_size)
        today = context.clock().astimezone(NL).date()
        body = await service.own_page_direct(
            reads=context.direct_reads,
            sealer=context.sealer,
            cache=context.week_summaries,
            pages=context.week_pages,
            principal=principal,
            paging=paging,
            today=today,
        )
        # The head Starlette's Response gives a body with this media type, in the same order.
        headers = [(b"content-length", b"%d" % len(body)), _CONTENT_TYPE]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _page_and_size(self, request: Request) -> tuple[int, int]:
        """`page` and `pageSize` of the query, checked as FastAPI checks the endpoint's parameters."""
        if not request.scope["query_string"]:
            return 1, DEFAULT_PAGE_SIZE
        values: dict[str, Any]
        values, errors = request_params_to_args(self.dependant.query_params, request.query_params)
        if errors:
            raise RequestValidationError(errors)
        return int(values["page"]), int(values["page_size"])
