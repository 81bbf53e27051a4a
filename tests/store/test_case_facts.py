"""Case facts recorded as snapshots load back as one BenefitCase (the engine's input)."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from gateway.store import advances, case_facts
from gateway.store.sealing import Sealer
from schemas.benefit_case import DisregardGrant, DisregardKind, HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests.factories import make_municipality, make_worker


def test_a_later_snapshot_overrides_household_from_its_date_and_sets_the_disregards(
    session: Session, sealer: Sealer
) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    single = CaseFacts(benefit_start=dt.date(2025, 3, 1), household_type=HouseholdType.SINGLE)
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        valid_from=dt.date(2025, 3, 1),
        valid_to=None,
        facts=single,
        recorded_by="consultant-1",
    )
    with_housemate = CaseFacts(
        benefit_start=dt.date(2025, 3, 1),
        household_type=HouseholdType.SINGLE,
        cost_sharers=1,
        disregards=[DisregardGrant(kind=DisregardKind.N, start_month=Month(2026, 2))],
    )
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        valid_from=dt.date(2026, 2, 1),
        valid_to=None,
        facts=with_housemate,
        recorded_by="consultant-1",
    )
    advances.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        month=Month(2026, 2),
        amount=Decimal("1100.00"),
        paid_on=dt.date(2026, 2, 1),
        recorded_by="consultant-1",
    )

    case = case_facts.load(session=session, sealer=sealer, worker=worker)

    assert case is not None
    assert case.birth_date == dt.date(1990, 5, 17)
    assert [(p.valid_from, p.valid_to, p.cost_sharers) for p in case.household] == [
        (dt.date(2025, 3, 1), dt.date(2026, 1, 31), 0),
        (dt.date(2026, 2, 1), None, 1),
    ]
    assert [grant.kind for grant in case.disregards] == [DisregardKind.N]
    assert [(a.month, a.amount) for a in case.advances] == [(Month(2026, 2), Decimal("1100.00"))]


def test_a_worker_without_recorded_facts_has_no_case(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    assert case_facts.load(session=session, sealer=sealer, worker=worker) is None
