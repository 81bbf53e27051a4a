"""Flextensie storage: placements, timesheet versions, the premium ledger with its cap, payouts, invoices,
and a benefit settlement that does not change when the worker has a placement."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app_api.placements import views
from connectors.einvoice import ubl_writer
from connectors.einvoice.ubl_schema import schema_errors
from gateway.demo.flextensie import seed_flextensie
from gateway.demo.seed import seed
from gateway.engine import Calculation, settle
from gateway.engine.flextensie.placement import plaatsing_toetsen
from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.jobs import worker_inputs
from gateway.store import case_facts, flextensie, flextensie_ledger
from gateway.store.db import Database
from gateway.store.flextensie import Refused, Stored
from gateway.store.models import Municipality, Placement, PremiumEntry, PremiumPayout, Timesheet, Worker
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.flextensie import ClientApproval, FlextensiePolicyVersion, NewPlacement, TimesheetSource
from schemas.periods import IsoWeek, Month
from tests.factories import make_municipality, make_worker
from tests.jobs.scenario import build_scenario

PARAMETERS: ParameterSet = load_parameters()
START = dt.date(2026, 3, 2)
APPROVAL = ClientApproval(name="P. Tekenaar", approved_on=dt.date(2026, 3, 9))


def d(value: str) -> Decimal:
    """A Decimal from text."""
    return Decimal(value)


def _placement(
    session: Session,
    sealer: Sealer,
    worker: Worker,
    *,
    start: dt.date = START,
    tariff: str = "19.50",
    travel: str = "3.91",
    hours: str = "16.00",
    client: str = "Bakkerij Test",
) -> Placement:
    history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)
    version = history.at(start)
    new = NewPlacement(
        worker_id=worker.id,
        client_name=client,
        start_date=start,
        expected_hours_per_week=d(hours),
        hourly_tariff=d(tariff),
        travel_allowance_per_day=d(travel),
    )
    plan = plaatsing_toetsen(
        start_date=start,
        planned_end_date=None,
        ended_on=None,
        expected_hours=new.expected_hours_per_week,
        hourly_tariff=new.hourly_tariff,
        version=version,
        parameters=PARAMETERS,
    )
    return flextensie.create_placement(
        session=session,
        sealer=sealer,
        municipality_id=worker.municipality_id,
        new=new,
        plan=plan,
        premium_per_hour=version.policy.premium_per_hour,
        policy_valid_from=version.valid_from,
        created_by="test",
    )


def _week(monday: dt.date, *hours: str) -> tuple[tuple[dt.date, Decimal], ...]:
    return tuple((monday + dt.timedelta(days=i), d(h)) for i, h in enumerate(hours))


def _enter(
    session: Session, sealer: Sealer, placement: Placement, monday: dt.date, *hours: str, approve: bool = True
) -> flextensie.TimesheetRecord:
    record, _ = flextensie.record_timesheet(
        session=session,
        sealer=sealer,
        placement=placement,
        week=IsoWeek.of(monday),
        days=_week(monday, *hours),
        source=TimesheetSource.CONSULTANT,
        recorded_by="test",
    )
    if approve:
        record = flextensie_ledger.approve_timesheet(
            session=session,
            sealer=sealer,
            placement=placement,
            timesheet=record,
            approval=APPROVAL,
            actor="test",
            parameters=PARAMETERS,
        )
    return record


@pytest.fixture
def worker(session: Session, sealer: Sealer) -> Worker:
    """A worker in a fresh municipality."""
    return make_worker(session, sealer, municipality=make_municipality(session))


def test_placement_terms_are_encrypted_and_read_back(
    session: Session, sealer: Sealer, worker: Worker
) -> None:
    placement = _placement(session, sealer, worker, travel="3.91")
    raw = session.execute(
        text("SELECT terms_encrypted FROM placement WHERE id = :id"), {"id": placement.id}
    ).scalar_one()
    assert raw.startswith("v1.")
    assert "3.91" not in raw
    terms = flextensie.placement_terms(sealer=sealer, placement=placement)
    assert (terms.premium_per_hour, terms.travel_per_day) == (d("2.00"), d("3.91"))
    assert "3.91" not in repr(terms)
    assert placement.max_end_date == dt.date(2026, 9, 1)
    assert flextensie.last_day(placement) == dt.date(2026, 9, 1)


def test_a_week_is_versioned_until_approved_then_final(
    session: Session, sealer: Sealer, worker: Worker
) -> None:
    placement = _placement(session, sealer, worker)
    week = IsoWeek.of(START)

    def record(*hours: str) -> tuple[flextensie.TimesheetRecord, Stored]:
        return flextensie.record_timesheet(
            session=session,
            sealer=sealer,
            placement=placement,
            week=week,
            days=_week(START, *hours),
            source=TimesheetSource.CONSULTANT,
            recorded_by="test",
        )

    first, outcome = record("4", "4")
    assert (first.row.version, outcome, first.hours) == (1, Stored.NEW, d("8"))
    second, outcome = record("4", "5")
    assert (second.row.version, second.row.supersedes_id, outcome) == (2, first.row.id, Stored.REPLACED)
    same, outcome = record("4", "5", "0")
    assert (same.row.id, outcome) == (second.row.id, Stored.DUPLICATE)
    flextensie_ledger.approve_timesheet(
        session=session,
        sealer=sealer,
        placement=placement,
        timesheet=second,
        approval=APPROVAL,
        actor="test",
        parameters=PARAMETERS,
    )
    with pytest.raises(Refused) as refused:
        record("8", "8")
    assert refused.value.code == "timesheet_approved"
    [current] = flextensie.current_timesheets(session=session, sealer=sealer, placement_id=placement.id)
    assert (current.row.version, current.approved, current.approval) == (2, True, APPROVAL)


def test_hours_beyond_the_end_are_refused_by_duration_limit(
    session: Session, sealer: Sealer, worker: Worker
) -> None:
    short = _placement(session, sealer, worker, hours="28.00")  # three months: last day 1 June 2026
    long = _placement(session, sealer, worker, hours="27.99", client="Ander")  # six months: 1 September
    june = dt.date(2026, 6, 1)
    _enter(session, sealer, short, june, "8", approve=False)
    with pytest.raises(Refused) as refused:
        _enter(session, sealer, short, june, "8", "8", approve=False)
    assert refused.value.code == "hours_outside_placement"
    _enter(session, sealer, long, june, "8", "8", approve=False)
    with pytest.raises(Refused):
        _enter(session, sealer, long, dt.date(2026, 8, 31), "8", "8", "8", approve=False)


def test_the_yearly_cap_holds_across_placements(session: Session, sealer: Sealer, worker: Worker) -> None:
    first = _placement(session, sealer, worker, client="Eerste")
    second = _placement(session, sealer, worker, client="Tweede", start=dt.date(2026, 3, 2))
    monday = START
    for _ in range(26):  # 26 weeks × (40 + 36) hours × 2.00 = 3952 > 3398
        _enter(session, sealer, first, monday, "8", "8", "8", "8", "8")
        _enter(session, sealer, second, monday, "6", "6", "6", "6", "6", "3", "3")
        monday += dt.timedelta(days=7)
    entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker.id)
    assert flextensie_ledger.accrued_per_year(entries) == {2026: d("3398.00")}
    assert sum((e.hours or 0 for e in entries), d("0")) == 26 * 76
    capped = [e for e in entries if any(line["code"] == "PREMIE_MAXIMUM" for line in e.lines)]
    assert capped  # the week that hit the cap says so
    raw = session.scalars(
        select(PremiumEntry.content_encrypted).where(PremiumEntry.worker_id == worker.id)
    ).all()
    assert all(value.startswith("v1.") for value in raw)


def test_a_third_payout_in_a_year_is_refused_and_a_cancelled_one_frees_its_place(
    session: Session, sealer: Sealer, worker: Worker
) -> None:
    history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)

    def plan(day: dt.date) -> PremiumPayout:
        return flextensie_ledger.plan_payout(
            session=session, worker_id=worker.id, payout_date=day, history=history, actor="test"
        )

    june = plan(dt.date(2026, 6, 30))
    plan(dt.date(2026, 12, 31))
    with pytest.raises(Refused) as refused:
        plan(dt.date(2026, 9, 30))
    assert refused.value.code == "payout_limit"
    plan(dt.date(2027, 1, 31))  # another year
    flextensie_ledger.cancel_payout(session=session, payout=june)
    assert plan(dt.date(2026, 9, 30)).slot == june.slot


def test_a_payout_fixes_what_was_accrued_up_to_its_date(
    session: Session, sealer: Sealer, worker: Worker
) -> None:
    placement = _placement(session, sealer, worker)
    _enter(session, sealer, placement, START, "8", "8")  # 32.00
    _enter(
        session, sealer, placement, dt.date(2026, 3, 30), "4", "0", "0", "0", "4"
    )  # 8.00 in March, 8.00 April
    history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)
    payout = flextensie_ledger.plan_payout(
        session=session, worker_id=worker.id, payout_date=dt.date(2026, 3, 31), history=history, actor="test"
    )
    with pytest.raises(Refused) as early:
        flextensie_ledger.pay_payout(
            session=session,
            sealer=sealer,
            payout=payout,
            actor="test",
            today=dt.date(2026, 3, 30),
            parameters=PARAMETERS,
        )
    assert early.value.code == "payout_in_future"
    paid = flextensie_ledger.pay_payout(
        session=session,
        sealer=sealer,
        payout=payout,
        actor="test",
        today=dt.date(2026, 4, 1),
        parameters=PARAMETERS,
    )
    assert paid.amount == d("40.00")
    with pytest.raises(Refused):
        flextensie_ledger.cancel_payout(session=session, payout=payout)
    entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker.id)
    later = flextensie_ledger.payout_figures(
        entries=entries, payout_date=dt.date(2026, 6, 30), parameters=PARAMETERS
    )
    assert later.amount == d("8.00")


def _policy(session: Session, municipality: Municipality, **changes: object) -> None:
    base = flextensie.default_policy_versions()[0].policy
    flextensie.record_policy(
        session=session,
        municipality_id=municipality.id,
        version=FlextensiePolicyVersion(
            valid_from=dt.date(2026, 1, 1),
            source="test",
            confirmed=True,
            policy=base.model_copy(update=changes),
        ),
        recorded_by="test",
    )


def test_every_month_s_invoice_splits_to_the_cent_and_freezes_its_month(
    session: Session, sealer: Sealer
) -> None:
    municipality = make_municipality(session)
    _policy(session, municipality, back_office_rate=d("0.0725"), vat_applies=True)
    worker = make_worker(session, sealer, municipality=municipality)
    placement = _placement(session, sealer, worker, tariff="19.37", travel="3.33")
    monday = START
    hours = ("3.75", "0", "6.25", "0", "5.5")
    while monday < dt.date(2026, 6, 1):
        _enter(session, sealer, placement, monday, *hours)
        monday += dt.timedelta(days=7)
    unapproved = _placement(session, sealer, worker, client="Wacht")
    _enter(session, sealer, unapproved, START, "4", approve=False)
    numbers = []
    for month in (Month(2026, 3), Month(2026, 4), Month(2026, 5)):
        issued, skipped = flextensie_ledger.issue_invoices(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            month=month,
            issued_on=dt.date(2026, 6, 2),
            actor="test",
            parameters=PARAMETERS,
        )
        assert [s.code for s in skipped] == (["unapproved_timesheets"] if month == Month(2026, 3) else [])
        [invoice] = issued
        numbers.append(invoice.number)
        settlement = flextensie_ledger.invoice_settlement(sealer=sealer, invoice=invoice)
        parts = [Decimal(settlement[k]) for k in ("premium", "travel", "back_office", "remainder")]
        assert invoice.net_amount == sum(parts, Decimal(0))
        assert invoice.total == invoice.net_amount + invoice.vat_amount
        assert parts[0] == (invoice.hours * d("2.00")).quantize(d("0.01"))
        again, _ = flextensie_ledger.issue_invoices(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            month=month,
            issued_on=dt.date(2026, 6, 2),
            actor="test",
            parameters=PARAMETERS,
        )
        assert again == []
    cbs = municipality.cbs_code
    assert numbers == [f"{cbs}-2026-00001", f"{cbs}-2026-00002", f"{cbs}-2026-00003"]
    with pytest.raises(Refused) as refused:
        _enter(session, sealer, placement, dt.date(2026, 5, 25), "1", approve=False)
    assert refused.value.code == "timesheet_approved"
    [waiting] = flextensie.current_timesheets(session=session, sealer=sealer, placement_id=unapproved.id)
    flextensie_ledger.approve_timesheet(
        session=session,
        sealer=sealer,
        placement=unapproved,
        timesheet=waiting,
        approval=APPROVAL,
        actor="test",
        parameters=PARAMETERS,
    )
    late, _ = flextensie_ledger.issue_invoices(
        session=session,
        sealer=sealer,
        municipality_id=municipality.id,
        month=Month(2026, 3),
        issued_on=dt.date(2026, 6, 3),
        actor="test",
        parameters=PARAMETERS,
    )
    assert [(i.placement_id, i.number, i.hours) for i in late] == [
        (unapproved.id, f"{cbs}-2026-00004", d("4"))
    ]


def test_hours_may_not_change_in_an_invoiced_month(session: Session, sealer: Sealer, worker: Worker) -> None:
    placement = _placement(session, sealer, worker)
    _enter(session, sealer, placement, dt.date(2026, 3, 23), "4")
    flextensie_ledger.issue_invoices(
        session=session,
        sealer=sealer,
        municipality_id=worker.municipality_id,
        month=Month(2026, 3),
        issued_on=dt.date(2026, 4, 1),
        actor="test",
        parameters=PARAMETERS,
    )
    with pytest.raises(Refused) as refused:
        _enter(session, sealer, placement, dt.date(2026, 3, 30), "2", "0", "0", "3", approve=False)
    assert refused.value.code == "month_invoiced"
    _enter(session, sealer, placement, dt.date(2026, 3, 30), "0", "0", "0", "3", approve=False)


def test_the_benefit_settlement_is_unchanged_by_a_placement(session: Session, sealer: Sealer) -> None:
    """The same worker settled with the engine before and after a placement with approved hours, a paid
    premium and an issued invoice: the premium is not income (art. 31 lid 2 onder j Pw)."""
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2026, 1, 1))
    for monday in (dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16)):
        scenario.push(monday, hours="20.00", gross="400.00", net="350.00")
    default_policy = load_default_policy()

    def calculation() -> Calculation:
        inputs = worker_inputs.load(
            session=session, sealer=sealer, worker=scenario.worker, default_policy=default_policy
        )
        assert inputs is not None
        return settle(
            case=inputs.case,
            records=inputs.records,
            first_month=inputs.first_month,
            last_month=Month(2026, 3),
            as_of=dt.date(2026, 4, 10),
            parameters=PARAMETERS,
            policy=inputs.policy,
            enrollments=inputs.enrollments,
        )

    before = calculation()
    placement = _placement(session, sealer, scenario.worker)
    for monday in (dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16), dt.date(2026, 3, 23)):
        _enter(session, sealer, placement, monday, "8", "8", "8", "8", "8")
    history = flextensie.policy_history(session=session, municipality_id=scenario.worker.municipality_id)
    payout = flextensie_ledger.plan_payout(
        session=session,
        worker_id=scenario.worker.id,
        payout_date=dt.date(2026, 3, 31),
        history=history,
        actor="t",
    )
    flextensie_ledger.pay_payout(
        session=session,
        sealer=sealer,
        payout=payout,
        actor="t",
        today=dt.date(2026, 4, 1),
        parameters=PARAMETERS,
    )
    flextensie_ledger.issue_invoices(
        session=session,
        sealer=sealer,
        municipality_id=scenario.worker.municipality_id,
        month=Month(2026, 3),
        issued_on=dt.date(2026, 4, 1),
        actor="t",
        parameters=PARAMETERS,
    )
    session.flush()
    after = calculation()
    march = [s for s in after.settlements if s.month == Month(2026, 3)]
    assert march[0].income > 0  # the pay records count; the premium of 320.00 does not
    assert after == before


def test_the_demo_placement_has_invoices_a_planned_payout_and_is_seeded_once(
    session: Session, sealer: Sealer
) -> None:
    today = dt.date(2026, 11, 22)
    seeded = seed(session=session, sealer=sealer, today=today)
    first = seed_flextensie(session=session, sealer=sealer, seeded=seeded, today=today, parameters=PARAMETERS)
    assert first is not None
    assert first.created
    assert first.placement.start_date == dt.date(2026, 9, 7)  # the first Monday of September
    assert len(first.invoice_ids) == 2
    for invoice in flextensie_ledger.invoices(
        session=session, municipality_id=first.placement.municipality_id
    ):
        settlement = flextensie_ledger.invoice_settlement(sealer=sealer, invoice=invoice)
        parts = [Decimal(settlement[k]) for k in ("premium", "travel", "back_office", "remainder")]
        assert invoice.net_amount == sum(parts, Decimal(0))
        assert invoice.vat_amount > 0
        # The demo's invoices download as e-invoices: seller and client details are set, the schema holds.
        view = views.invoice(
            sealer=sealer, row=invoice, municipality="Voorbeeldstad", placement=first.placement
        )
        assert view.client_details is not None
        policy = flextensie.policy_history(session=session, municipality_id=invoice.municipality_id)
        content = ubl_writer.write_invoice(view, policy.at(invoice.issued_on).policy.invoicing)
        assert schema_errors(content) == ()
    [payout] = flextensie_ledger.payouts(session=session, worker_id=first.placement.worker_id)
    assert payout.payout_date == dt.date(2026, 11, 30)
    again = seed_flextensie(session=session, sealer=sealer, seeded=seeded, today=today, parameters=PARAMETERS)
    assert again is not None
    assert (again.created, again.placement.id) == (False, first.placement.id)


@pytest.mark.postgres_only
def test_two_approvals_at_once_cannot_both_use_the_room_under_the_cap(
    committed_database: Database, sealer: Sealer
) -> None:
    """Each approval waits for the other's commit (the worker row is locked), so the cap holds."""
    with committed_database.transaction() as session:
        worker = make_worker(session, sealer, municipality=make_municipality(session))
        first = _placement(session, sealer, worker, client="Eerste")
        second = _placement(session, sealer, worker, client="Tweede")
        monday = START
        for _ in range(10):  # 10 × 168 hours × 2.00 = 3360.00 accrued; 38.00 room left
            _enter(session, sealer, first, monday, *("24",) * 7)
            monday += dt.timedelta(days=7)
        waiting = [
            _enter(session, sealer, p, monday, "10", "10", approve=False).row.id for p in (first, second)
        ]
        placements = [first.id, second.id]
    barrier = threading.Barrier(2, timeout=2)

    def approve(placement_id: str, timesheet_id: str) -> None:
        with committed_database.transaction() as own:
            placement = own.get(Placement, placement_id)
            row = own.get(Timesheet, timesheet_id)
            assert placement is not None
            assert row is not None
            flextensie_ledger.approve_timesheet(
                session=own,
                sealer=sealer,
                placement=placement,
                timesheet=flextensie.record_of(sealer=sealer, row=row),
                approval=APPROVAL,
                actor="test",
                parameters=PARAMETERS,
            )
            # Hold the transaction open until the other approval has read the ledger too, if it can.
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(placements, waiting, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with committed_database.transaction() as session:
        entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=worker.id)
        assert flextensie_ledger.accrued_per_year(entries) == {2026: d("3398.00")}
        assert sorted(e.amount for e in entries[-2:]) == [d("0.00"), d("38.00")]


def test_a_payout_being_planned_holds_up_another_for_its_worker_but_not_a_change_of_their_case(
    committed_database: Database, sealer: Sealer, db_kind: str
) -> None:
    """A foreign key to the worker takes a key-share lock on its row: a ledger change locking the worker
    for update would make a consultant's change of the case wait until the payout was committed."""
    if db_kind != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    with committed_database.transaction() as session:
        worker = make_worker(session, sealer, municipality=make_municipality(session))
        worker_id, municipality_id = worker.id, worker.municipality_id

    def plan(session: Session, day: dt.date) -> PremiumPayout:
        history = flextensie.policy_history(session=session, municipality_id=municipality_id)
        return flextensie_ledger.plan_payout(
            session=session, worker_id=worker_id, payout_date=day, history=history, actor="test"
        )

    with committed_database.transaction() as planning:
        plan(planning, dt.date(2026, 6, 30))
        # While that payout is not committed: the consultant records a change of the case at once...
        with committed_database.transaction() as consultant:
            consultant.execute(text("SET LOCAL lock_timeout = '2s'"))
            case_facts.record(
                session=consultant,
                sealer=sealer,
                worker_id=worker_id,
                valid_from=dt.date(2026, 7, 1),
                valid_to=None,
                facts=CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE),
                recorded_by="test",
            )
        # ...and a second payout of the worker waits for the first.
        with committed_database.sessions() as second:
            second.execute(text("SET LOCAL lock_timeout = '200ms'"))
            with pytest.raises(OperationalError, match="lock timeout"):
                plan(second, dt.date(2026, 12, 31))


def test_no_premium_under_27_unless_the_case_puts_the_worker_in_the_target_group(
    session: Session, sealer: Sealer
) -> None:
    """Art. 31 lid 5: a worker of 26 accrues no premium for approved hours (the hours are recorded, with
    the reason); once the case facts say the worker is in the wage-cost-subsidy target group, the next
    approved week accrues 40 hours × the premium per hour."""
    young = make_worker(
        session, sealer, municipality=make_municipality(session), birth_date=dt.date(1999, 6, 15)
    )
    placement = _placement(session, sealer, young)
    _enter(session, sealer, placement, START, "8", "8", "8", "8", "8")
    [entry] = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=young.id)
    assert (entry.hours, entry.amount) == (d("40"), d("0.00"))
    assert [line["code"] for line in entry.lines] == ["PREMIE_NIET_VAN_TOEPASSING"]
    case_facts.record(
        session=session,
        sealer=sealer,
        worker_id=young.id,
        valid_from=dt.date(2026, 1, 1),
        valid_to=None,
        facts=CaseFacts(
            benefit_start=dt.date(2026, 1, 1),
            household_type=HouseholdType.SINGLE,
            wage_cost_subsidy_target_group=True,
        ),
        recorded_by="test",
    )
    _enter(session, sealer, placement, START + dt.timedelta(days=7), "8", "8", "8", "8", "8")
    rate = flextensie.placement_terms(sealer=sealer, placement=placement).premium_per_hour
    entries = flextensie_ledger.ledger(session=session, sealer=sealer, worker_id=young.id)
    assert [e.amount for e in entries] == [d("0.00"), (d("40") * rate).quantize(d("0.01"))]
    assert [line["code"] for line in entries[1].lines] == ["PREMIE_OPBOUW", "PREMIE_DOELGROEP"]
