"""Leaving the benefit without a debt, through the real servers, on both databases (issue "Done when").

An agency pushes weekly pay records (signed, encrypted, over HTTP) → the outbox job recomputes on a set
clock → March shows an exit forecast and a held payout (signal), approving it is refused → the last pay
slips arrive → the hold is released → the consultant ends the case (werk) → the final settlement is
computed → the bufferbudget absorbs what is left → proposed by one person, approved by another (the
proposer is refused) → exported, every column of the final settlement checked.

Hand-worked figures (single, 21 to AOW age, no disregard; norm 1,401.50 in 2026, the exit income too):
- January and February: no income; bijstand 1,401.50; payout × 95% = 1,331.425 → 1,331.43 (half up),
  reserve 70.07 each; advances 1,331.43 each → difference 0.00. Reserved holiday allowance 140.14.
- March, advance 600.00 paid on 1 March; weeks of 450.00 net from Monday 2 March.
  On 18 March (weeks 10 and 11 in): income so far 900.00; the days still without pay data are 19-31
  March (13) and 16-18 March (3, week 12 missing) = 16; at 900.00 / 2 weeks = 450.00 a week that is
  450.00 × 16 / 7 = 1,028.571... → 1,028.57, projected 1,928.57 ≥ 1,401.50: exit forecast (prognose).
  The payout waits until March is complete, at the latest 10 working days after 31 March, skipping
  Good Friday (3 April) and Easter Monday (6 April): 16 April.
  On 8 April weeks 12 and 13 arrive: income 1,800.00, reached, but 30-31 March (week 14) is missing,
  so the payout still waits; then week 14 arrives (2 of its 5 working days in March: 180.00): income
  1,980.00, complete, released. Bijstand 0.00, payout 0.00, advance 600.00: overpaid 600.00.
- The case ends on 31 March (werk); the final settlement is kept as April. The reserved holiday
  allowance 140.14 is paid out (art. 45) and set off against the 600.00 overpaid (art. 58 lid 4):
  offset 140.14, to pay 0.00, not offset 459.86. The municipality uses the bufferbudget from January
  2026 (at most 1,000.00 a year): Loonbrug proposes 459.86, the consultant decides it, and the final
  settlement's version after that absorbs 459.86: not offset 0.00. No claim is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer
from app_api.dev_tokens import make_token
from connectors.client import AgencyClient
from gateway.demo.flow import agency_signing_key
from gateway.jobs.runtime import build_environment
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.simulation.schedule import Jobs
from gateway.store import advances, agencies, case_facts, enrollments, municipalities, staff, workers
from gateway.store.db import Database
from gateway.store.models import MonthSettlement
from gateway.store.sealing import Sealer
from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests.servers import local_settings, running_apps

BSN = "999900080"
MARCH_18 = dt.datetime(2026, 3, 18, 12, 0, tzinfo=dt.UTC)
APRIL_8 = dt.datetime(2026, 4, 8, 12, 0, tzinfo=dt.UTC)
HEADER = [
    "gemeente",
    "bsn",
    "maand",
    "verrekening_id",
    "versie",
    "soort",
    "norm",
    "inkomen",
    "vrijlating",
    "bijstand",
    "uitbetaling",
    "vt_reservering",
    "vakantiegeld_verrekend",
    "vt_uitbetaald",
    "voorschot",
    "correcties",
    "verschil",
    "verrekend",
    "nabetaling",
    "te_veel_betaald",
    "niet_verrekend",
    "bufferbudget",
    "betaaldatum",
    "goedgekeurd_door",
    "goedgekeurd_op",
]


@dataclass
class Clock:
    """The time the app and the jobs see; the test moves it."""

    now: dt.datetime = MARCH_18

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(frozen=True)
class Stack:
    settings: Settings
    database: Database
    sealer: Sealer
    worker_id: str
    staff_ids: dict[str, str]
    clock: Clock = field(default_factory=Clock)


@pytest.fixture
def stack(tmp_path: Path, key_dir: Path, keyring: Keyring, committed_database: Database) -> Iterator[Stack]:
    settings = local_settings(data_dir=tmp_path, key_dir=key_dir)
    sealer = Sealer(keyring)
    with committed_database.transaction() as session:
        municipality = municipalities.create(session=session, cbs_code="GM9982", name="Gemeente Uitstroom")
        # The default policy (hold until complete, four eyes) plus the bufferbudget from January 2026.
        municipalities.set_policy(
            session=session, municipality=municipality, policy={"bufferbudgetFrom": "2026-01"}
        )
        members = {
            subject: staff.create(
                session=session,
                municipality_id=municipality.id,
                subject=subject,
                display_name=subject,
                roles=roles,
            ).id
            for subject, roles in (
                ("uit-consulent", ("consultant",)),
                ("uit-teamleider", ("consultant", "team_lead")),
                ("uit-teamleider-2", ("team_lead",)),
            )
        }
        agency = agencies.create(session=session, name="Uitzendbureau Uitstroom", client_id="uit-flex")
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            bsn=BSN,
            name="Fenna Flexwerker",
            birth_date=dt.date(1992, 8, 30),
            consultant_id=members["uit-consulent"],
        )
        # Registered when the benefit started: Loonbrug settles from then on (gateway.jobs.worker_inputs).
        worker.created_at = dt.datetime(2026, 1, 2, 9, 0, tzinfo=dt.UTC)
        case_facts.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=dt.date(2026, 1, 1),
            valid_to=None,
            facts=CaseFacts(benefit_start=dt.date(2026, 1, 1), household_type=HouseholdType.SINGLE),
            recorded_by="e2e",
        )
        enrollments.enroll(
            session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2026, 3, 2)
        )
        for month, amount in ((1, "1331.43"), (2, "1331.43"), (3, "600.00")):
            advances.record(
                session=session,
                sealer=sealer,
                worker_id=worker.id,
                month=Month(2026, month),
                amount=Decimal(amount),
                paid_on=dt.date(2026, month, 1),
                recorded_by="e2e",
            )
        worker_id = worker.id
    clock = Clock()
    with running_apps(
        settings=settings, database=committed_database, sealer=sealer, keyring=keyring, clock=clock
    ):
        yield Stack(settings, committed_database, sealer, worker_id, members, clock)


def _week(number: int, net: str) -> dict[str, Any]:
    monday = dt.date(2026, 3, 2) + dt.timedelta(weeks=number - 10)
    gross = Decimal(net) * Decimal("1.25")
    return {
        "recordId": f"UIT-W{number:02d}",
        "bsn": BSN,
        "periodType": "week",
        "periodStart": monday.isoformat(),
        "periodEnd": (monday + dt.timedelta(days=6)).isoformat(),
        "payDate": (monday + dt.timedelta(days=11)).isoformat(),
        "hours": "36.00",
        "grossWage": f"{gross:.2f}",
        "employeePremiums": f"{gross - Decimal(net):.2f}",
        "netWage": net,
    }


def _push(stack: Stack, *weeks: int) -> None:
    key = agency_signing_key(settings=stack.settings, database=stack.database, client_id="uit-flex")
    with AgencyClient(base_url=stack.settings.gateway_url, client_id="uit-flex", signing_key=key) as client:
        receipt = client.push_batch([_week(number, "450.00") for number in weeks])
    assert receipt.counts.stored == len(weeks), receipt.model_dump_json()


def _run_outbox(stack: Stack) -> None:
    """The outbox job as of the test's clock; its events are due by the real clock, which lies later
    (the simulation's way, gateway.simulation.schedule)."""
    jobs = Jobs(build_environment(settings=stack.settings, database=stack.database))
    report = jobs.outbox(stack.clock.now)
    assert not report.failed, report.summary()
    assert not jobs.failures, jobs.counts


def _http(stack: Stack, role: Role, who: str) -> httpx.Client:
    issuer = DevIssuer.from_settings(stack.settings, AppApiSettings(issuers=[]))
    token = make_token(issuer=issuer, database=stack.database, sealer=stack.sealer, role=role, who=who)
    return httpx.Client(
        base_url=stack.settings.app_url, headers={"Authorization": f"Bearer {token}"}, trust_env=False
    )


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _refused(response: httpx.Response, status: int, code: str) -> None:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text


def _signals(client: httpx.Client, stack: Stack) -> list[tuple[str, str]]:
    overview = _ok(client.get(f"/v1/werkenden/{stack.worker_id}"))
    return sorted((signal["kind"], signal["details"]["month"]) for signal in overview["openSignals"])


def _move(client: httpx.Client, stack: Stack, month: str, to: str, version: int) -> httpx.Response:
    path = f"/v1/werkenden/{stack.worker_id}/maanden/{month}/overgangen"
    return client.post(path, json={"to": to, "version": version})


def _settlement_id(stack: Stack, month: str, version: int) -> str:
    with stack.database.sessions() as session:
        return session.scalars(
            select(MonthSettlement.id).where(
                MonthSettlement.worker_id == stack.worker_id,
                MonthSettlement.month == month,
                MonthSettlement.version == version,
            )
        ).one()


def test_push_forecast_hold_release_end_final_settlement_approve_export(stack: Stack) -> None:
    worker = _http(stack, Role.WORKER, BSN)
    consultant = _http(stack, Role.CONSULTANT, "uit-consulent")
    dual = _http(stack, Role.TEAM_LEAD, "uit-teamleider")
    team_lead = _http(stack, Role.TEAM_LEAD, "uit-teamleider-2")

    # 18 March: two weeks in, the exit forecast fires and the March payout is held.
    _push(stack, 10, 11)
    _run_outbox(stack)
    march = _ok(worker.get("/v1/mij/maanden/2026-03"))
    figures = march["settlement"]
    assert figures["exitForecast"] == {
        "basis": "prognose",
        "exitIncome": "1401.50",
        "incomeSoFar": "900.00",
        "weeklyNet": "450.00",
        "projected": "1928.57",
        "weeks": ["2026-W10", "2026-W11"],
    }
    assert figures["hold"] == {
        "reason": "uitstroomsignaal",
        "until": "2026-04-16",
        "status": "vastgehouden",
        "estimatedMissing": "0.00",
    }
    summary = _ok(worker.get("/v1/mij/maanden"))["items"][0]
    assert (summary["month"], summary["hold"]["status"]) == ("2026-03", "vastgehouden")
    assert _signals(consultant, stack) == [("exit_forecast", "2026-03"), ("payout_held", "2026-03")]

    version = march["version"]
    _ok(_move(consultant, stack, "2026-03", "voorgesteld", version), 201)
    _refused(_move(team_lead, stack, "2026-03", "goedgekeurd", version), 409, "payout_held")

    # 8 April: weeks 12 and 13 arrive, week 14 (30-31 March) is still missing: the hold stays.
    stack.clock.now = APRIL_8
    _push(stack, 12, 13)
    _run_outbox(stack)
    figures = _ok(worker.get("/v1/mij/maanden/2026-03"))["settlement"]
    assert (figures["income"], figures["exitForecast"]["basis"]) == ("1800.00", "bereikt")
    assert figures["hold"]["status"] == "vastgehouden"

    # The last pay slip of March arrives: complete, released.
    _push(stack, 14)
    _run_outbox(stack)
    figures = _ok(worker.get("/v1/mij/maanden/2026-03"))["settlement"]
    assert figures["hold"]["status"] == "vrijgegeven_compleet"
    assert (figures["income"], figures["bijstand"], figures["payout"]) == ("1980.00", "0.00", "0.00")
    assert (figures["advance"], figures["overpaid"]) == ("600.00", "600.00")
    assert ("payout_held", "2026-03") not in _signals(consultant, stack)

    # The consultant ends the case on 31 March: the worker found work.
    ended = _ok(
        consultant.post(
            f"/v1/werkenden/{stack.worker_id}/beeindiging", json={"endDate": "2026-03-31", "reason": "werk"}
        ),
        201,
    )
    assert (ended["finalMonth"], ended["recordedBy"]) == (
        "2026-04",
        f"staff:{stack.staff_ids['uit-consulent']}",
    )
    _refused(consultant.get(f"/v1/werkenden/{stack.worker_id}/eindafrekening"), 404, "not_computed")
    _run_outbox(stack)

    final = _ok(consultant.get(f"/v1/werkenden/{stack.worker_id}/eindafrekening"))
    figures = final["settlement"]
    assert (figures["kind"], figures["month"], final["status"]) == ("eindafrekening", "2026-04", "concept")
    assert figures["end"] == {"endDate": "2026-03-31", "reason": "werk"}
    assert (figures["holidayAllowancePaidOut"], figures["offset"], figures["toPay"]) == (
        "140.14",
        "140.14",
        "0.00",
    )
    assert figures["notOffset"] == "459.86"
    assert figures["bufferProposal"] == {"kind": "kwijtschelding", "amount": "459.86", "yearLeft": "1000.00"}
    ledger = _ok(consultant.get(f"/v1/werkenden/{stack.worker_id}/bufferbudget"))
    assert ledger["proposals"] == [
        {"month": "2026-04", "kind": "kwijtschelding", "amount": "459.86", "yearLeft": "1000.00"}
    ]

    _ok(
        consultant.post(
            f"/v1/werkenden/{stack.worker_id}/bufferbudget",
            json={"month": "2026-04", "kind": "kwijtschelding", "amount": "459.86"},
        ),
        201,
    )
    _run_outbox(stack)
    final = _ok(consultant.get(f"/v1/werkenden/{stack.worker_id}/eindafrekening"))
    figures = final["settlement"]
    assert (figures["bufferUsed"], figures["notOffset"], figures["bufferProposal"]) == (
        "459.86",
        "0.00",
        None,
    )
    assert _ok(worker.get("/v1/mij/bufferbudget")) == {
        "uses": [{"month": "2026-04", "kind": "kwijtschelding", "amount": "459.86"}],
        "years": [{"year": 2026, "used": "459.86"}],
    }
    own = _ok(worker.get("/v1/mij/maanden/2026-04"))
    assert (own["settlement"]["kind"], own["version"]) == ("eindafrekening", final["version"])

    # Four eyes: the one who proposes does not approve.
    version = final["version"]
    _ok(_move(dual, stack, "2026-04", "voorgesteld", version), 201)
    _refused(_move(dual, stack, "2026-04", "goedgekeurd", version), 403, "four_eyes_required")
    approved = _ok(_move(team_lead, stack, "2026-04", "goedgekeurd", version), 201)
    assert approved["status"] == "goedgekeurd"
    approval = approved["transitions"][-1]
    assert approval["toStatus"] == "goedgekeurd"
    approved_at = dt.datetime.fromisoformat(approval["at"]).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    exported = team_lead.post("/v1/exporten", json={"month": "2026-04", "format": "csv"})
    assert exported.status_code == 201, exported.text
    lines = exported.text.split("\r\n")
    assert lines[0].split(";") == HEADER
    assert lines[2:] == [""]
    row = dict(zip(HEADER, lines[1].split(";"), strict=True))
    assert row == {
        "gemeente": "GM9982",
        "bsn": BSN,
        "maand": "2026-04",
        "verrekening_id": _settlement_id(stack, "2026-04", version),
        "versie": str(version),
        "soort": "eindafrekening",
        # A final settlement settles no month of its own: the month's figures are in March.
        "norm": "0.00",
        "inkomen": "0.00",
        "vrijlating": "0.00",
        "bijstand": "0.00",
        "uitbetaling": "0.00",
        "vt_reservering": "0.00",
        "vakantiegeld_verrekend": "0.00",
        # 70.07 (January) + 70.07 (February) + 0.00 (March) reserved, paid out at the end.
        "vt_uitbetaald": "140.14",
        # No advance for a month after March.
        "voorschot": "0.00",
        "correcties": "0.00",
        # 140.14 + 0.00 − 0.00.
        "verschil": "140.14",
        # Set off against March's 600.00 overpaid.
        "verrekend": "140.14",
        "nabetaling": "0.00",
        "te_veel_betaald": "0.00",
        # 600.00 − 140.14 = 459.86, all absorbed by the bufferbudget.
        "niet_verrekend": "0.00",
        "bufferbudget": "459.86",
        # The end month's payout day (policy: the 1st of the next month).
        "betaaldatum": "2026-04-01",
        "goedgekeurd_door": f"staff:{stack.staff_ids['uit-teamleider-2']}",
        "goedgekeurd_op": approved_at,
    }
    assert _ok(worker.get("/v1/mij/maanden/2026-04"))["status"] == "geexporteerd"
    for client in (worker, consultant, dual, team_lead):
        client.close()
