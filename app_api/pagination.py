"""Page-numbered lists: `?page=1&pageSize=20`, answered with the items and the next page number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import Field

from app_api.context import app_context
from schemas.base import ApiModel

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
"""The largest page any list gives, stated in the API description; an installation may set a lower one."""

Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of a list to return."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.page_size

    @property
    def fetch(self) -> int:
        """Rows to ask for: one more than a page, to know whether a next page exists."""
        return self.page_size + 1


class Page(ApiModel, Generic[Item]):
    """One page of a list."""

    items: list[Item]
    page: int = Field(ge=1)
    page_size: int = Field(ge=1)
    next_page: int | None = Field(description="Nummer van de volgende pagina; leeg op de laatste.")

    @classmethod
    def of(cls, rows: list[Item], paging: Paging) -> Page[Item]:
        """A page from up to `paging.fetch` rows (the extra row only tells that a next page exists)."""
        return cls.build(rows[: paging.page_size], paging, more=len(rows) > paging.page_size)

    @classmethod
    def build(cls, items: list[Item], paging: Paging, *, more: bool) -> Page[Item]:
        """A page of `items`, with a next page when `more`."""
        return cls(
            items=items,
            page=paging.page,
            page_size=paging.page_size,
            next_page=paging.page + 1 if more else None,
        )


PageNumber = Annotated[int, Query(ge=1, le=100_000, description="Paginanummer, vanaf 1.")]
PageSize = Annotated[
    int,
    Query(
        alias="pageSize",
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Aantal per pagina, hoogstens {MAX_PAGE_SIZE}.",
    ),
]


def requested(request: Request, page: int, page_size: int) -> Paging:
    """The requested page; an installation's lower `max_page_size` caps the page size further."""
    return Paging(page=page, page_size=min(page_size, app_context(request).api_settings.max_page_size))


async def paging(request: Request, page: PageNumber = 1, page_size: PageSize = DEFAULT_PAGE_SIZE) -> Paging:
    """The requested page (`?page=1&pageSize=20`), as a dependency."""
    return requested(request, page, page_size)


PagingDep = Annotated[Paging, Depends(paging)]
