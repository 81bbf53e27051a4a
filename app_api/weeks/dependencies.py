"""The week domain's own request dependency: the process's cache of decoded week summaries."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app_api.context import app_context
from app_api.weeks.service import SummaryCache


async def summary_cache(request: Request) -> SummaryCache:
    """The decoded week summaries of this app instance."""
    return app_context(request).week_summaries


SummaryCacheDep = Annotated[SummaryCache, Depends(summary_cache)]
