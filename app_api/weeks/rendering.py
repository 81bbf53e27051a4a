"""Week summaries with their JSON rendered once, and pages of weeks rendered from those bytes.

A page of twenty summaries is the same twenty summaries request after request; rendering each once
(pydantic-core, with a Python serializer per amount) and joining the bytes spares the worker's weeks
route most of its rendering. `page_json` gives byte for byte what FastAPI renders for the same
`Page[WeekSummary]` (tests/app_api/test_weeks_rendering.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter

from app_api.pagination import Paging
from app_api.weeks.schemas import WeekSummary

_SUMMARY = TypeAdapter(WeekSummary)


@dataclass(frozen=True, slots=True)
class CachedSummary:
    """A week summary with its JSON (by alias, as the API renders it)."""

    summary: WeekSummary
    json: bytes

    @classmethod
    def of(cls, summary: WeekSummary) -> CachedSummary:
        """The summary with its JSON rendered now."""
        return cls(summary, _SUMMARY.dump_json(summary, by_alias=True))


def page_json(rows: list[CachedSummary], paging: Paging) -> bytes:
    """The JSON of `Page[WeekSummary].of([row.summary for row in rows], paging)`."""
    more = len(rows) > paging.page_size
    items = b",".join(row.json for row in rows[: paging.page_size])
    next_page = b"%d" % (paging.page + 1) if more else b"null"
    return b'{"items":[%b],"page":%d,"pageSize":%d,"nextPage":%b}' % (
        items,
        paging.page,
        paging.page_size,
        next_page,
    )
