"""Reading week figures: decrypt the stored results, show where each came from, within the access rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.direct_reads import DirectReads
from app_api.pagination import Page, Paging
from app_api.payslips import service as payslips
from app_api.results_cache import ResultCache
from app_api.weeks import repository
from app_api.weeks.rendering import CachedSummary, page_json
from app_api.weeks.repository import StoredWeek, WeekVersion
from app_api.weeks.schemas import RemainingNow, StoredHeadline, WeekDetail, WeekSummary
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.store.models import WeekFigures as WeekFiguresRow
from gateway.store.sealing import Sealer
from gateway.web.errors import NotFound
from schemas.figures import MissingPeriod, WeekFigures
from schemas.periods import IsoWeek


class WeekNotFound(NotFound):
    """No figures for this week (yet)."""

    code = "week_not_found"

    def __init__(self) -> None:
        super().__init__("Voor deze week zijn (nog) geen cijfers berekend.")


SummaryCache = ResultCache[CachedSummary]
PageCache = ResultCache[bytes]
"""Pages of weeks as JSON, by `_page_key`."""


def _decrypt(sealer: Sealer, row_id: str, sealed: str) -> str:
    return sealer.open_text(
        table=WeekFiguresRow.__tablename__, column="result_encrypted", row_id=row_id, sealed=sealed
    )


def figures(*, sealer: Sealer, row: StoredWeek) -> WeekFigures:
    """The stored result of one week-figures version."""
    return WeekFigures.model_validate_json(_decrypt(sealer, row.id, row.result_encrypted))


def missing_from(missing: Sequence[object]) -> dt.date | None:
    """The first day a pay slip of these missing periods is late: the earliest end plus the grace the
    missing-data check gives the agency (the same rule, so the worker and the consultant agree)."""
    ends = [MissingPeriod.model_validate(period).end for period in missing]
    grace = dt.timedelta(days=jobs_policy().missing_data.grace_days)
    return min(ends) + grace if ends else None


def _summary(sealer: Sealer, row: WeekVersion, sealed: str) -> WeekSummary:
    week = StoredHeadline.model_validate_json(_decrypt(sealer, row.id, sealed))
    # Every value is already validated (the headline, the row); constructing skips checking them twice.
    return WeekSummary.model_construct(
        week=week.week,
        month=week.month,
        version=row.version,
        computed_at=row.computed_at,
        hours=week.hours,
        gross=week.gross,
        net=week.net,
        payout=week.payout,
        expected_difference=week.expected_difference,
        payout_date=week.payout_date,
        missing_periods=len(week.missing),
        missing_from=missing_from(week.missing),
        unconfirmed=week.unconfirmed,
    )


def _as_of(cached: CachedSummary, today: dt.date) -> CachedSummary:
    """The summary as it reads today: the cached part does not change, whether a week still runs and
    whether its pay slip is late do."""
    summary = cached.summary
    late = summary.missing_from is not None and today >= summary.missing_from
    running = today <= summary.week.sunday
    if (summary.missing_late, summary.running) == (late, running):
        # Most weeks of a page read the same every day; a summary is never changed, so it can be shared.
        return cached
    return CachedSummary.of(summary.model_copy(update={"missing_late": late, "running": running}))


def _page(
    *, session: Session, sealer: Sealer, cache: SummaryCache, worker_id: str, paging: Paging, today: dt.date
) -> Page[WeekSummary]:
    rows = repository.latest_page(
        session=session, worker_id=worker_id, offset=paging.offset, limit=paging.fetch
    )
    known = cache.get_many(row.id for row in rows)
    missing = [row for row in rows if row.id not in known]
    if missing:
        sealed = repository.encrypted_results(session=session, ids=[row.id for row in missing])
        _decode(sealer=sealer, cache=cache, known=known, missing=missing, sealed=sealed)
    items = _as_of_all(cache=cache, known=known, rows=rows, today=today)
    return Page[WeekSummary].of([item.summary for item in items], paging)


async def _page_direct(
    *,
    reads: DirectReads,
    sealer: Sealer,
    cache: SummaryCache,
    pages: PageCache,
    worker_id: str,
    paging: Paging,
    today: dt.date,
) -> bytes:
    """`_page` on an async psycopg connection, as the JSON FastAPI would render of it: the same
    statements, the same cache. The connection (and its slot) is held for the statements only, not while
    the page is decoded and built.

    A page's JSON depends only on which versions it lists (a stored version never changes), the paging
    and the day it is read (`_as_of`), so a page read again the same day is answered from `pages`
    without looking at its summaries."""
    async with reads.connection() as connection:
        found = await repository.latest_page_direct(
            connection=connection, worker_id=worker_id, offset=paging.offset, limit=paging.fetch
        )
        key = _page_key(found, paging, today)
        known_page = pages.get_many((key,)).get(key)
        if known_page is not None:
            return known_page
        rows = [repository.version_of(row) for row in found]
        known = cache.get_many(row.id for row in rows)
        missing = [row for row in rows if row.id not in known]
        ids = [row.id for row in missing]
        sealed = await repository.encrypted_results_direct(connection=connection, ids=ids) if ids else {}
    if missing:
        _decode(sealer=sealer, cache=cache, known=known, missing=missing, sealed=sealed)
    page = page_json(_as_of_all(cache=cache, known=known, rows=rows, today=today), paging)
    pages.put_many({key: page})
    return page


def _page_key(rows: list[repository.PageRow], paging: Paging, today: dt.date) -> str:
    """What a page's JSON depends on: the versions it lists (and the one after it), the paging, the day."""
    versions = ",".join([row[0] for row in rows])
    return f"{today.isoformat()}/{paging.page}/{paging.page_size}/{versions}"


def _as_of_all(
    *, cache: SummaryCache, known: dict[str, CachedSummary], rows: list[WeekVersion], today: dt.date
) -> list[CachedSummary]:
    """The summaries of `rows` as they read `today`; those that read differently from their cached form
    replace it, so the next page of the day copies and renders nothing."""
    items = [_as_of(known[row.id], today) for row in rows]
    changed = {row.id: item for row, item in zip(rows, items, strict=True) if item is not known[row.id]}
    if changed:
        cache.put_many(changed)
    return items


def _decode(
    *,
    sealer: Sealer,
    cache: SummaryCache,
    known: dict[str, CachedSummary],
    missing: list[WeekVersion],
    sealed: dict[str, str],
) -> None:
    """Decode the summaries of the rows not in the cache into `known` and the cache."""
    decoded = {row.id: CachedSummary.of(_summary(sealer, row, sealed[row.id])) for row in missing}
    cache.put_many(decoded)
    known.update(decoded)


def _detail(*, session: Session, sealer: Sealer, worker_id: str, week: IsoWeek, today: dt.date) -> WeekDetail:
    row = repository.latest_of(session=session, worker_id=worker_id, iso_week=str(week))
    if row is None:
        raise WeekNotFound()
    result = figures(sealer=sealer, row=row)
    slips = payslips.for_refs(session=session, sealer=sealer, worker_id=worker_id, refs=result.records)
    due = missing_from(list(result.missing))
    return WeekDetail(
        version=row.version,
        computed_at=row.computed_at,
        figures=result,
        pay_slips=slips,
        running=today <= week.sunday,
        missing_from=due,
        missing_late=due is not None and today >= due,
    )


def _remaining(*, session: Session, sealer: Sealer, worker_id: str, until: IsoWeek) -> RemainingNow:
    row = repository.latest_until(session=session, worker_id=worker_id, iso_week=str(until))
    if row is None:
        raise WeekNotFound()
    result = figures(sealer=sealer, row=row)
    return RemainingNow(
        week=result.week,
        month=result.month,
        computed_at=row.computed_at,
        remaining=result.remaining,
        unconfirmed=result.unconfirmed,
    )


def own_page(
    *,
    session: Session,
    sealer: Sealer,
    cache: SummaryCache,
    principal: WorkerPrincipal,
    paging: Paging,
    today: dt.date,
) -> Page[WeekSummary]:
    """The signed-in worker's weeks, latest first, as they read `today`."""
    return _page(
        session=session, sealer=sealer, cache=cache, worker_id=principal.worker_id, paging=paging, today=today
    )


async def own_page_direct(
    *,
    reads: DirectReads,
    sealer: Sealer,
    cache: SummaryCache,
    pages: PageCache,
    principal: WorkerPrincipal,
    paging: Paging,
    today: dt.date,
) -> bytes:
    """`own_page` on the app's async connections (app_api.direct_reads, PostgreSQL), as its JSON."""
    return await _page_direct(
        reads=reads,
        sealer=sealer,
        cache=cache,
        pages=pages,
        worker_id=principal.worker_id,
        paging=paging,
        today=today,
    )


def own_week(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, week: IsoWeek, today: dt.date
) -> WeekDetail:
    """One of the signed-in worker's weeks with the pay records it came from, as it reads `today`."""
    return _detail(session=session, sealer=sealer, worker_id=principal.worker_id, week=week, today=today)


def own_remaining(
    *, session: Session, sealer: Sealer, principal: WorkerPrincipal, until: IsoWeek
) -> RemainingNow:
    """What the signed-in worker still has to earn to leave the benefit, as of the latest week."""
    return _remaining(session=session, sealer=sealer, worker_id=principal.worker_id, until=until)


def staff_page(
    *,
    session: Session,
    sealer: Sealer,
    cache: SummaryCache,
    actor: StaffActor,
    worker_id: str,
    paging: Paging,
    purpose: str,
    today: dt.date,
) -> Page[WeekSummary]:
    """A worker's weeks for staff of their municipality (audited), as they read `today`."""
    with audited(session=session, actor=actor, action="weeks.list", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        page = _page(
            session=session, sealer=sealer, cache=cache, worker_id=worker.id, paging=paging, today=today
        )
    return page


def staff_week(
    *,
    session: Session,
    sealer: Sealer,
    actor: StaffActor,
    worker_id: str,
    week: IsoWeek,
    purpose: str,
    today: dt.date,
) -> WeekDetail:
    """One week of a worker for staff of their municipality (audited), as it reads `today`."""
    with audited(session=session, actor=actor, action="week.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        detail = _detail(session=session, sealer=sealer, worker_id=worker.id, week=week, today=today)
    return detail


def staff_remaining(
    *, session: Session, sealer: Sealer, actor: StaffActor, worker_id: str, until: IsoWeek, purpose: str
) -> RemainingNow:
    """A worker's remaining-to-exit for staff of their municipality (audited)."""
    with audited(session=session, actor=actor, action="remaining.read", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        remaining = _remaining(session=session, sealer=sealer, worker_id=worker.id, until=until)
    return remaining
