"""Read a request body up to a limit, refusing larger ones with 413 before they are buffered."""

from __future__ import annotations

from starlette.requests import Request

from gateway.web.errors import InvalidInput, PayloadTooLarge


async def read_limited_body(request: Request, *, limit: int) -> bytes:
    """The body of `request`, or `PayloadTooLarge` as soon as it exceeds `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise InvalidInput("Content-Length is geen getal.", code="content_length_invalid")
        if int(declared) > limit:
            raise PayloadTooLarge(_too_large(limit))
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(_too_large(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> str:
    return f"Een bericht mag hoogstens {limit // (1024 * 1024)} MiB zijn; splits het in kleinere batches."
