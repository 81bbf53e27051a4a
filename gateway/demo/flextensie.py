"""One Flextensie placement in the demo: Henk de Boer works at a (made-up) second-hand shop while his
benefit runs on; his weekly timesheets are approved, the premium accrues, the invoices of the months that
have ended are issued, and a payout moment is set at the end of this month.

Idempotent: when Henk already has a placement nothing is added. The demo municipality chooses its own
back-office percentage and VAT and has its seller details set, and the shop's KvK number and address are
with the placement, so the invoices also download as e-invoices; the premium per hour is the standard
policy's, the tariff a round amount just above the minimum tariff of the start date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from sqlalchemy.orm import Session

from gateway.demo import cast
from gateway.demo.seed import SEEDED_BY, Seeded
from gateway.engine.flextensie.placement import plaatsing_toetsen
from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_parameters
from gateway.store import flextensie, flextensie_ledger
from gateway.store.models import Placement
from gateway.store.sealing import Sealer
from schemas.flextensie import (
    ClientApproval,
    ClientDetails,
    FlextensieInvoicing,
    FlextensiePolicyVersion,
    NewPlacement,
    TimesheetSource,
)
from schemas.periods import IsoWeek, Month

WORKER_BSN = "999900055"
"""Henk de Boer: 58, long on benefit, medically limited in hours: a placement of 16 hours a week."""
CLIENT = "Kringloopwinkel De Tweede Ronde (demo)"
CLIENT_DETAILS = ClientDetails(
    kvk_number="99999991", street="Ambachtsweg 7", postal_code="9999 XA", city="Voorbeeldstad"
)
"""Made-up: the shop's KvK number and address, so its invoices can be written as e-invoices."""
CLIENT_SIGNER = "J. Winkelman (demo)"
DEMO_INVOICING = FlextensieInvoicing(
    legal_name="Gemeente Voorbeeldstad (demo)",
    oin="00000001999999999000",
    vat_number="NL000099998B57",
    street="Stadhuisplein 1",
    postal_code="9999 ZZ",
    city="Voorbeeldstad",
    iban="NL91ABNA0417164300",
)
"""Made-up seller details of the demo municipality (an OIN, VAT number and IBAN that only look real)."""
EXPECTED_HOURS = Decimal("16.00")
# Monday to Friday of each week: three shop days.
WEEK_PATTERN = (Decimal("6.00"), Decimal("0.00"), Decimal("5.00"), Decimal("0.00"), Decimal("5.00"))
DEMO_BACK_OFFICE_RATE = Decimal("0.08")
DEMO_TRAVEL_PER_DAY = Decimal("4.50")
"""Made-up demo data, like the wages in `cast`: the travel allowance agreed for this placement."""
TARIFF_STEP = Decimal("0.25")


@dataclass(frozen=True)
class SeededPlacement:
    """What the demo's Flextensie part holds (ids only)."""

    placement: Placement
    invoice_ids: tuple[str, ...]
    created: bool


def _demo_policy(session: Session, municipality_id: str, start: dt.date) -> None:
    history = flextensie.policy_history(session=session, municipality_id=municipality_id)
    base = history.at(start).policy
    version = FlextensiePolicyVersion(
        valid_from=Month.of(start).first_day,
        source="Beleidsregel Flextensie Voorbeeldstad (demo)",
        confirmed=True,
        policy=base.model_copy(
            update={
                "back_office_rate": DEMO_BACK_OFFICE_RATE,
                "vat_applies": True,
                "invoicing": DEMO_INVOICING,
            }
        ),
    )
    flextensie.record_policy(
        session=session, municipality_id=municipality_id, version=version, recorded_by=SEEDED_BY
    )


def seed_flextensie(
    *,
    session: Session,
    sealer: Sealer,
    seeded: Seeded,
    today: dt.date,
    parameters: ParameterSet | None = None,
) -> SeededPlacement | None:
    """Add the demo placement with its timesheets, invoices and a payout moment (None: Henk is absent)."""
    worker = seeded.workers.get(WORKER_BSN)
    if worker is None:
        return None
    existing = flextensie.placements(
        session=session, municipality_id=worker.municipality_id, worker_id=worker.id
    )
    if existing:
        return SeededPlacement(existing[0], (), created=False)
    parameters = parameters or load_parameters()
    first = Month.of(today).shift(-2).first_day
    start = first + dt.timedelta(days=(7 - first.weekday()) % 7)  # the first Monday of that month
    _demo_policy(session, worker.municipality_id, start)
    version = flextensie.policy_history(session=session, municipality_id=worker.municipality_id).at(start)
    minimum = plaatsing_toetsen(
        start_date=start,
        planned_end_date=None,
        ended_on=None,
        expected_hours=EXPECTED_HOURS,
        hourly_tariff=Decimal(0),
        version=version,
        parameters=parameters,
    ).minimum_tariff
    # A round tariff a little above the minimum, as a municipality would set it.
    tariff = (minimum / TARIFF_STEP).to_integral_value(rounding=ROUND_CEILING) * TARIFF_STEP + TARIFF_STEP
    new = NewPlacement(
        worker_id=worker.id,
        client_name=CLIENT,
        client_reference="PO-2026-DEMO",
        client_details=CLIENT_DETAILS,
        agency_id=seeded.agencies[cast.AgencyKey.FLEX].id,
        start_date=start,
        expected_hours_per_week=EXPECTED_HOURS,
        hourly_tariff=tariff.quantize(Decimal("0.01")),
        travel_allowance_per_day=DEMO_TRAVEL_PER_DAY,
    )
    plan = plaatsing_toetsen(
        start_date=start,
        planned_end_date=None,
        ended_on=None,
        expected_hours=EXPECTED_HOURS,
        hourly_tariff=new.hourly_tariff,
        version=version,
        parameters=parameters,
    )
    placement = flextensie.create_placement(
        session=session,
        sealer=sealer,
        municipality_id=worker.municipality_id,
        new=new,
        plan=plan,
        premium_per_hour=version.policy.premium_per_hour,
        policy_valid_from=version.valid_from,
        created_by=SEEDED_BY,
    )
    week = IsoWeek.of(start)
    while week.sunday < today:
        days = tuple((week.monday + dt.timedelta(days=i), hours) for i, hours in enumerate(WEEK_PATTERN))
        record, _ = flextensie.record_timesheet(
            session=session,
            sealer=sealer,
            placement=placement,
            week=week,
            days=days,
            source=TimesheetSource.CONSULTANT,
            recorded_by=SEEDED_BY,
        )
        flextensie_ledger.approve_timesheet(
            session=session,
            sealer=sealer,
            placement=placement,
            timesheet=record,
            approval=ClientApproval(
                name=CLIENT_SIGNER, approved_on=min(week.sunday + dt.timedelta(days=1), today)
            ),
            actor=SEEDED_BY,
            parameters=parameters,
        )
        week = IsoWeek.of(week.monday + dt.timedelta(days=7))
    invoice_ids: list[str] = []
    for month in (Month.of(today).shift(-2), Month.of(today).shift(-1)):
        issued, _ = flextensie_ledger.issue_invoices(
            session=session,
            sealer=sealer,
            municipality_id=worker.municipality_id,
            month=month,
            issued_on=today,
            actor=SEEDED_BY,
            parameters=parameters,
        )
        invoice_ids.extend(invoice.id for invoice in issued)
    history = flextensie.policy_history(session=session, municipality_id=worker.municipality_id)
    flextensie_ledger.plan_payout(
        session=session,
        worker_id=worker.id,
        payout_date=Month.of(today).last_day,
        history=history,
        actor=SEEDED_BY,
    )
    return SeededPlacement(placement, tuple(invoice_ids), created=True)
