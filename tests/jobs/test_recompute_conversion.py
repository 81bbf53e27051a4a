"""An unchanged recompute builds no API model and stores nothing: a week or month is known unchanged by
the keyed digest of the engine's own result; rows stored before that digest existed are compared by
their result digest once more and get it filled in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.jobs import recompute_plan
from gateway.jobs.context import JobContext
from gateway.jobs.recompute import recompute_workers
from gateway.store.models import MonthSettlement, WeekFigures
from schemas.case import MunicipalPolicy
from tests.jobs.fleet import result_digests, seed_fleet

NOW = dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
WEEKS = (dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 26), dt.date(2026, 2, 2))


class Conversions:
    """Counts the API models the recompute builds, by wrapping the real conversion."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real: Callable[[Any], Any] = recompute_plan._document

        def counted(result: Any) -> Any:
            self.count += 1
            return real(result)

        monkeypatch.setattr(recompute_plan, "_document", counted)


def _rows(session: Session) -> int:
    weeks = session.scalar(select(func.count()).select_from(WeekFigures)) or 0
    months = session.scalar(select(func.count()).select_from(MonthSettlement)) or 0
    return weeks + months


def test_an_unchanged_recompute_builds_no_api_model_and_stores_nothing(
    session: Session,
    context: JobContext,
    parameters: ParameterSet,
    default_policy: MunicipalPolicy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fleet = seed_fleet(
        session, context.sealer, workers=3, agencies=2, weeks=WEEKS, benefit_start=dt.date(2026, 1, 1)
    )
    conversions = Conversions(monkeypatch)

    def recompute() -> int:
        conversions.count = 0
        outcomes = recompute_workers(
            session=session,
            sealer=context.sealer,
            worker_ids=fleet.worker_ids,
            parameters=parameters,
            default_policy=default_policy,
            now=NOW,
        )
        assert all(o.status == "recomputed" for o in outcomes)
        return sum(o.unchanged for o in outcomes)

    recompute()
    stored = _rows(session)
    assert conversions.count == stored > 0
    digests = result_digests(session)

    unchanged = recompute()
    assert unchanged > 0
    assert conversions.count == 0
    assert _rows(session) == stored
    assert result_digests(session) == digests

    # Rows from before the engine digest: converted and compared by result digest once, then filled in.
    session.execute(update(WeekFigures).values(engine_digest=None))
    session.execute(update(MonthSettlement).values(engine_digest=None))
    session.expire_all()
    assert recompute() == unchanged
    assert 0 < conversions.count <= stored
    assert _rows(session) == stored
    assert (session.scalar(select(func.count()).where(WeekFigures.engine_digest.is_not(None))) or 0) > 0
    assert recompute() == unchanged
    assert conversions.count == 0
    assert result_digests(session) == digests
