"""Workers: encrypted BSN with a blind index, found by BSN within one municipality only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.store import staff, workers
from gateway.store.sealing import Sealer
from tests.factories import TEST_BSNS, make_municipality, make_staff, make_worker


def test_blind_index_finds_a_worker_by_bsn(session: Session, sealer: Sealer) -> None:
    municipality = make_municipality(session)
    wanted = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[2])
    make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[3])
    for written in (TEST_BSNS[2], "9999.00.031", " 999900031 "):
        found = workers.find_by_bsn(
            session=session, sealer=sealer, municipality_id=municipality.id, bsn=written
        )
        assert found is not None
        assert found.id == wanted.id
    assert wanted.bsn_index == sealer.keyring.bsn_index(TEST_BSNS[2], municipality_id=municipality.id)
    assert wanted.bsn_index_kid == sealer.keyring.active_index_kid
    assert TEST_BSNS[2] not in wanted.bsn_index


def test_lookup_stays_within_the_municipality(session: Session, sealer: Sealer) -> None:
    here, elsewhere = make_municipality(session), make_municipality(session)
    make_worker(session, sealer, municipality=elsewhere, bsn=TEST_BSNS[4])
    assert (
        workers.find_by_bsn(session=session, sealer=sealer, municipality_id=here.id, bsn=TEST_BSNS[4]) is None
    )
    assert (
        workers.find_by_bsn(session=session, sealer=sealer, municipality_id=here.id, bsn="nonsense") is None
    )


def test_same_bsn_twice_in_one_municipality_is_refused(session: Session, sealer: Sealer) -> None:
    municipality = make_municipality(session)
    make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0])
    with pytest.raises(IntegrityError), session.begin_nested():
        make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0])


def test_two_municipalities_index_the_same_bsn_under_their_own_keys(session: Session, sealer: Sealer) -> None:
    here, there = make_municipality(session), make_municipality(session)
    first = make_worker(session, sealer, municipality=here, bsn=TEST_BSNS[0])
    second = make_worker(session, sealer, municipality=there, bsn=TEST_BSNS[0])

    # One municipality's index says nothing about whether the person is known in the other.
    assert first.bsn_index != second.bsn_index
    for municipality, worker in ((here, first), (there, second)):
        found = workers.find_by_bsn(
            session=session, sealer=sealer, municipality_id=municipality.id, bsn=TEST_BSNS[0]
        )
        assert found is not None
        assert found.id == worker.id


@pytest.mark.parametrize("bad", ["999900007", "12345", "abcdefghi"])
def test_invalid_bsn_is_refused_without_echo(session: Session, sealer: Sealer, bad: str) -> None:
    with pytest.raises(ValueError, match="BSN") as caught:
        make_worker(session, sealer, municipality=make_municipality(session), bsn=bad)
    assert bad not in str(caught.value)


def test_get_is_tenant_scoped(session: Session, sealer: Sealer) -> None:
    here, elsewhere = make_municipality(session), make_municipality(session)
    worker = make_worker(session, sealer, municipality=here)
    assert workers.get(session=session, municipality_id=here.id, worker_id=worker.id) is worker
    assert workers.get(session=session, municipality_id=elsewhere.id, worker_id=worker.id) is None


def test_caseload_of_a_consultant(session: Session, sealer: Sealer) -> None:
    municipality = make_municipality(session)
    consultant = make_staff(session, municipality=municipality)
    mine = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[0], consultant=consultant)
    other = make_worker(session, sealer, municipality=municipality, bsn=TEST_BSNS[1])
    assert workers.caseload(
        session=session, municipality_id=municipality.id, consultant_id=consultant.id
    ) == [mine]
    workers.assign_consultant(session=session, worker=other, consultant_id=consultant.id)
    assert (
        len(workers.caseload(session=session, municipality_id=municipality.id, consultant_id=consultant.id))
        == 2
    )
    assert len(workers.in_municipality(session=session, municipality_id=municipality.id)) == 2
    assert workers.personal_details(sealer=sealer, worker=mine).birth_date == dt.date(1990, 5, 17)


def test_staff_roles_are_checked_and_found_by_subject(session: Session) -> None:
    municipality = make_municipality(session)
    member = make_staff(session, municipality=municipality, roles=("team_lead", "consultant"))
    assert member.roles == ["consultant", "team_lead"]
    assert (
        staff.by_subject(session=session, municipality_id=municipality.id, subject=member.subject) is member
    )
    assert (
        staff.get(session=session, municipality_id=make_municipality(session).id, staff_id=member.id) is None
    )
    with pytest.raises(ValueError, match="unknown roles"):
        make_staff(session, municipality=municipality, roles=("superuser",))
