"""Monthly proposals: the newest draft of each month moves to `proposed`, by the jobs, once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gateway.jobs import proposals
from gateway.jobs.context import SYSTEM_ACTOR, JobContext
from gateway.store import settlements
from gateway.store.models import MonthSettlement, SettlementStatus
from gateway.store.sealing import Sealer
from schemas.periods import Month
from tests.factories import make_municipality, make_worker

PROPOSAL_DAY = 20


def _draft(
    session: Session, sealer: Sealer, worker_id: str, month: Month, kind: str = "verrekening"
) -> MonthSettlement:
    row = settlements.store_month_settlement(
        session=session,
        sealer=sealer,
        worker_id=worker_id,
        month=month,
        result={"kind": kind},
        inputs={},
        actor=SYSTEM_ACTOR,
    )
    session.commit()
    return row


def _local(day: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, 6, 30, tzinfo=dt.UTC)


def test_the_current_month_is_proposed_from_the_proposal_day_and_earlier_months_always(
    session: Session, sealer: Sealer, context: JobContext
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    february = _draft(session, sealer, worker.id, Month(2026, 2))
    march = _draft(session, sealer, worker.id, Month(2026, 3))

    early = proposals.run(context=context, now=_local(19), proposal_day=PROPOSAL_DAY)
    session.refresh(march)
    session.refresh(february)
    assert (february.status, march.status) == ("proposed", "draft")
    assert early.counts == {"proposed": 1}

    proposals.run(context=context, now=_local(20), proposal_day=PROPOSAL_DAY)
    session.refresh(march)
    assert march.status == "proposed"
    steps = settlements.transitions(session=session, settlement_id=march.id)
    proposed = [(s.from_status, s.actor, s.at) for s in steps if s.to_status == "proposed"]
    assert proposed == [("draft", SYSTEM_ACTOR, _local(20))]


def test_running_twice_proposes_nothing_new(session: Session, sealer: Sealer, context: JobContext) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    _draft(session, sealer, worker.id, Month(2026, 2))

    proposals.run(context=context, now=_local(21), proposal_day=PROPOSAL_DAY)
    again = proposals.run(context=context, now=_local(21), proposal_day=PROPOSAL_DAY)

    assert again.counts == {}


def test_only_the_newest_version_is_proposed_and_a_recomputation_never(
    session: Session, sealer: Sealer, context: JobContext
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    older = _draft(session, sealer, worker.id, Month(2026, 1))
    newer = _draft(session, sealer, worker.id, Month(2026, 1))
    recomputation = _draft(session, sealer, worker.id, Month(2026, 2), kind="herberekening")

    report = proposals.run(context=context, now=_local(21), proposal_day=PROPOSAL_DAY)

    for row in (older, newer, recomputation):
        session.refresh(row)
    assert (older.status, newer.status, recomputation.status) == ("draft", "proposed", "draft")
    assert report.counts == {"proposed": 1, "recomputations_left": 1}


def test_a_proposal_sent_back_by_a_consultant_is_not_proposed_again(
    session: Session, sealer: Sealer, context: JobContext
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    february = _draft(session, sealer, worker.id, Month(2026, 2))
    proposals.run(context=context, now=_local(21), proposal_day=PROPOSAL_DAY)
    session.refresh(february)
    settlements.transition(
        session=session, sealer=sealer, settlement=february, to_status=SettlementStatus.DRAFT, actor="staff-1"
    )
    session.commit()

    proposals.run(context=context, now=_local(22), proposal_day=PROPOSAL_DAY)

    session.refresh(february)
    assert february.status == "draft"


def test_the_proposal_day_is_the_dutch_date(session: Session, sealer: Sealer, context: JobContext) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    march = _draft(session, sealer, worker.id, Month(2026, 3))

    # 23:30 UTC on 19 March is 00:30 on 20 March in the Netherlands (CET, UTC+1).
    proposals.run(
        context=context, now=dt.datetime(2026, 3, 19, 23, 30, tzinfo=dt.UTC), proposal_day=PROPOSAL_DAY
    )

    session.refresh(march)
    assert march.status == "proposed"
