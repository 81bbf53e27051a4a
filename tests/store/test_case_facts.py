"""Case facts recorded as snapshots load back as one BenefitCase (the engine's input)."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from gateway.store import advances, benefit_cases, case_facts
from gateway.store.sealing import Sealer
from schemas.benefit_case import DisregardGrant, DisregardKind, HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests.factories import TEST_BSNS, make_municipality, make_worker


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


COUPLE_FROM = dt.date(2026, 2, 1)


def _couple(partner_bsn: str | None) -> CaseFacts:
    return CaseFacts(
        benefit_start=dt.date(2026, 1, 1),
        household_type=HouseholdType.COUPLE,
        partner_birth_date=dt.date(1991, 8, 2),
        partner_bsn=partner_bsn,
    )


def _record(session: Session, sealer: Sealer, worker_id: str, facts: CaseFacts, valid_from: dt.date) -> str:
    row = case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=worker_id,
        valid_from=valid_from,
        valid_to=None,
        facts=facts,
        recorded_by="consultant-1",
    )
    return row.id


def test_the_partner_bsn_is_kept_encrypted_and_found_through_its_blind_index(
    session: Session, sealer: Sealer
) -> None:
    municipality = make_municipality(session)
    claimant = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0])
    partner = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[1])
    single = CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE)
    _record(session, sealer, claimant.id, single, dt.date(2026, 1, 1))
    fact_id = _record(session, sealer, claimant.id, _couple(TEST_BSNS[1]), COUPLE_FROM)

    row = (
        session.execute(text("SELECT * FROM benefit_case_fact WHERE id = :id"), {"id": fact_id})
        .mappings()
        .one()
    )
    assert TEST_BSNS[1] not in " ".join(str(value) for value in row.values())
    index = sealer.keyring.bsn_index(TEST_BSNS[1], municipality_id=municipality.id)
    assert row["partner_bsn_index"] == index == partner.bsn_index
    assert row["partner_bsn_index_kid"] == sealer.keyring.active_index_kid

    periods = case_facts.timeline(session=session, sealer=sealer, worker=claimant)
    assert [(p.valid_from, p.partner_worker_id) for p in periods] == [
        (dt.date(2026, 1, 1), None),
        (COUPLE_FROM, partner.id),
    ]
    assert periods[1].facts.partner_bsn == TEST_BSNS[1]
    assert TEST_BSNS[1] not in repr(periods)
    assert case_facts.partner_links(session=session, sealer=sealer, worker=claimant) == [
        case_facts.PartnerLink(partner.id, COUPLE_FROM, None)
    ]
    assert case_facts.naming_as_partner(session=session, worker_ids=[partner.id]) == [claimant.id]
    assert case_facts.naming_as_partner(session=session, worker_ids=[claimant.id]) == []
    # The engine's case holds no BSN: the partner's income comes in as records tagged partner.
    case = case_facts.load(session=session, sealer=sealer, worker=claimant)
    assert case is not None
    assert [p.household_type for p in case.household] == [HouseholdType.SINGLE, HouseholdType.COUPLE]


def test_a_partner_is_only_linked_within_the_municipality_and_never_as_the_claimant_self(
    session: Session, sealer: Sealer
) -> None:
    here, elsewhere = make_municipality(session), make_municipality(session)
    claimant = make_worker(session, sealer, municipality=here, bsn=TEST_BSNS[0])
    make_worker(session, sealer, municipality=elsewhere, bsn=TEST_BSNS[1])
    _record(session, sealer, claimant.id, _couple(TEST_BSNS[1]), COUPLE_FROM)
    other_claimant = make_worker(session, sealer, municipality=here, bsn=TEST_BSNS[2])
    _record(session, sealer, other_claimant.id, _couple(TEST_BSNS[2]), COUPLE_FROM)

    assert [
        p.partner_worker_id for p in case_facts.timeline(session=session, sealer=sealer, worker=claimant)
    ] == [None]
    assert case_facts.partner_links(session=session, sealer=sealer, worker=other_claimant) == []
    assert case_facts.naming_as_partner(session=session, worker_ids=[other_claimant.id]) == []


def test_facts_recorded_before_the_partner_field_still_load(session: Session, sealer: Sealer) -> None:
    worker = make_worker(session, sealer, municipality=make_municipality(session))
    # Exactly what was stored before partnerBsn existed: no such key, no blind index.
    benefit_cases.record(
        session=session,
        sealer=sealer,
        worker_id=worker.id,
        valid_from=dt.date(2025, 3, 1),
        valid_to=None,
        facts={
            "benefitStart": "2025-03-01",
            "householdType": "gehuwd_samenwonend",
            "partnerBirthDate": "1991-08-02",
            "youngestChildBirthDate": None,
            "costSharers": 0,
            "disregards": [],
        },
        recorded_by="consultant-1",
    )

    latest = case_facts.latest(session=session, sealer=sealer, worker_id=worker.id)
    assert latest is not None
    assert latest.partner_bsn is None
    assert case_facts.partner_links(session=session, sealer=sealer, worker=worker) == []
    case = case_facts.load(session=session, sealer=sealer, worker=worker)
    assert case is not None
    assert case.household[0].partner_birth_date == dt.date(1991, 8, 2)
