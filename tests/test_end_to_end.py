"""The whole flow through the real servers, on both databases.

An agency pushes four weekly pay records (signed, encrypted, over HTTP) → the outbox job recomputes → the
worker sees the weeks and the month → a correction arrives → the consultant sees the new version →
proposal and approval (four eyes) → the export file, checked line by line.

Hand-worked figures for February 2026 (single, 21 to AOW age, disregard n granted from January):
- income: 300.00 + 250.00 + 350.00 + 200.00 = 1,100.00 (the week of 23 February has all 5 working days
  in February); disregard 25% = 275.00 (cap 285.00); bijstand 1,401.50 − (1,100.00 − 275.00) = 576.50;
  payout 576.50 × 95% = 547.675 → 547.68 (half up); reserve 28.82; advance 500.00 → back payment 47.68.
- after the correction of week 7 (250.00 → 330.00): income 1,180.00; 25% = 295.00, capped at 285.00;
  bijstand 1,401.50 − 895.00 = 506.50; payout 481.175 → 481.18; reserve 25.32; 481.18 − 500.00 = −18.82:
  overpaid 18.82, set off against later months.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer
from app_api.dev_tokens import make_token
from connectors.client import AgencyClient
from gateway.demo.flow import agency_signing_key
from gateway.jobs.registry import find
from gateway.jobs.runtime import build_environment
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store import advances, agencies, case_facts, enrollments, municipalities, staff, workers
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.benefit_case import DisregardGrant, DisregardKind, HouseholdType
from schemas.case_facts import CaseFacts
from schemas.periods import Month
from tests.servers import local_settings, running_apps

BSN = "999900067"
FEBRUARY = Month(2026, 2)


@dataclass(frozen=True)
class Stack:
    settings: Settings
    database: Database
    sealer: Sealer
    worker_id: str
    agency_client_id: str


@pytest.fixture
def stack(tmp_path: Path, key_dir: Path, keyring: Keyring, committed_database: Database) -> Iterator[Stack]:
    settings = local_settings(data_dir=tmp_path, key_dir=key_dir)
    sealer = Sealer(keyring)
    with committed_database.transaction() as session:
        municipality = municipalities.create(session=session, cbs_code="GM9981", name="Gemeente E2E")
        consultant = staff.create(
            session=session,
            municipality_id=municipality.id,
            subject="e2e-consulent",
            display_name="Consulent",
            roles=("consultant",),
        )
        staff.create(
            session=session,
            municipality_id=municipality.id,
            subject="e2e-teamleider",
            display_name="Teamleider",
            roles=("consultant", "team_lead"),
        )
        agency = agencies.create(session=session, name="Uitzendbureau E2E", client_id="e2e-flex")
        worker = workers.create(
            session=session,
            sealer=sealer,
            municipality_id=municipality.id,
            bsn=BSN,
            name="Eva Eindtoets",
            birth_date=dt.date(1990, 5, 17),
            consultant_id=consultant.id,
        )
        case_facts.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            valid_from=dt.date(2025, 6, 1),
            valid_to=None,
            facts=CaseFacts(
                benefit_start=dt.date(2025, 6, 1),
                household_type=HouseholdType.SINGLE,
                disregards=[DisregardGrant(kind=DisregardKind.N, start_month=Month(2026, 1))],
            ),
            recorded_by="e2e",
        )
        enrollments.enroll(
            session=session, worker_id=worker.id, agency_id=agency.id, valid_from=dt.date(2026, 2, 2)
        )
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=worker.id,
            month=FEBRUARY,
            amount=Decimal("500.00"),
            paid_on=dt.date(2026, 2, 1),
            recorded_by="e2e",
        )
        worker_id = worker.id
    with running_apps(settings=settings, database=committed_database, sealer=sealer, keyring=keyring):
        yield Stack(settings, committed_database, sealer, worker_id, "e2e-flex")


def _week(record_id: str, monday: dt.date, net: str, *, corrects: str | None = None) -> dict[str, Any]:
    gross = Decimal(net) * Decimal("1.10")
    record: dict[str, Any] = {
        "recordId": record_id,
        "bsn": BSN,
        "periodType": "week",
        "periodStart": monday.isoformat(),
        "periodEnd": (monday + dt.timedelta(days=6)).isoformat(),
        "payDate": (monday + dt.timedelta(days=11)).isoformat(),
        "hours": "20.00",
        "grossWage": f"{gross:.2f}",
        "employeePremiums": f"{gross - Decimal(net):.2f}",
        "netWage": net,
    }
    if corrects:
        record["corrects"] = corrects
    return record


def _push(stack: Stack, records: list[dict[str, Any]]) -> None:
    key = agency_signing_key(
        settings=stack.settings, database=stack.database, client_id=stack.agency_client_id
    )
    with AgencyClient(
        base_url=stack.settings.gateway_url, client_id=stack.agency_client_id, signing_key=key
    ) as client:
        receipt = client.push_batch(records)
    assert receipt.counts.stored == len(records), receipt.model_dump_json()


def _recompute(stack: Stack) -> None:
    environment = build_environment(settings=stack.settings, database=stack.database)
    report = find("outbox").run(environment, dt.datetime.now(dt.UTC))
    assert not report.failed, report.summary()


def _http(stack: Stack, role: Role, who: str) -> httpx.Client:
    issuer = DevIssuer.from_settings(stack.settings, AppApiSettings(issuers=[]))
    token = make_token(issuer=issuer, database=stack.database, sealer=stack.sealer, role=role, who=who)
    return httpx.Client(
        base_url=stack.settings.app_url, headers={"Authorization": f"Bearer {token}"}, trust_env=False
    )


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_push_recompute_read_correct_approve_export(stack: Stack) -> None:
    mondays = [dt.date(2026, 2, 2) + dt.timedelta(weeks=n) for n in range(4)]
    _push(
        stack,
        [
            _week("E2E-W06", mondays[0], "300.00"),
            _week("E2E-W07", mondays[1], "250.00"),
            _week("E2E-W08", mondays[2], "350.00"),
            _week("E2E-W09", mondays[3], "200.00"),
        ],
    )
    _recompute(stack)

    with _http(stack, Role.WORKER, BSN) as worker:
        weeks = {w["week"]: w for w in _ok(worker.get("/v1/mij/weken", params={"pageSize": 100}))["items"]}
        assert [weeks[f"2026-W{n:02d}"]["net"] for n in (6, 7, 8, 9)] == [
            "300.00",
            "250.00",
            "350.00",
            "200.00",
        ]
        month = _ok(worker.get("/v1/mij/maanden/2026-02"))["settlement"]
    assert (month["income"], month["disregard"], month["bijstand"]) == ("1100.00", "275.00", "576.50")
    assert (month["payout"], month["holidayAllowanceReserve"], month["toPay"]) == ("547.68", "28.82", "47.68")
    assert month["payoutDate"] == "2026-03-02"

    _push(stack, [_week("E2E-W07-C", mondays[1], "330.00", corrects="E2E-W07")])
    _recompute(stack)

    path = f"/v1/werkenden/{stack.worker_id}/maanden/2026-02"
    with _http(stack, Role.CONSULTANT, "e2e-consulent") as consultant:
        detail = _ok(consultant.get(path))
        assert detail["version"] == 2
        corrected = detail["settlement"]
        assert (corrected["income"], corrected["disregard"], corrected["bijstand"]) == (
            "1180.00",
            "285.00",
            "506.50",
        )
        assert (corrected["payout"], corrected["overpaid"]) == ("481.18", "18.82")
        disregard_line = next(line for line in corrected["lines"] if line["code"] == "VRIJLATING")
        assert "ten hoogste €\xa0285,00" in disregard_line["text"]
        versions = _ok(consultant.get(f"{path}/versies"))
        assert [(v["version"], v["payout"]) for v in versions] == [(2, "481.18"), (1, "547.68")]
        _ok(consultant.post(f"{path}/overgangen", json={"to": "voorgesteld", "version": 2}), 201)
    with _http(stack, Role.TEAM_LEAD, "e2e-teamleider") as team_lead:
        _ok(team_lead.post(f"{path}/overgangen", json={"to": "goedgekeurd", "version": 2}), 201)
        exported = team_lead.post("/v1/exporten", json={"month": "2026-02", "format": "csv"})
    assert exported.status_code == 201, exported.text

    rows = list(csv.DictReader(io.StringIO(exported.text), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["gemeente"], row["bsn"], row["maand"], row["versie"]) == ("GM9981", BSN, "2026-02", "2")
    assert (row["norm"], row["inkomen"], row["vrijlating"], row["bijstand"]) == (
        "1401.50",
        "1180.00",
        "285.00",
        "506.50",
    )
    assert (row["uitbetaling"], row["vt_reservering"], row["voorschot"], row["verschil"]) == (
        "481.18",
        "25.32",
        "500.00",
        "-18.82",
    )
    assert (row["nabetaling"], row["te_veel_betaald"], row["betaaldatum"]) == ("0.00", "18.82", "2026-03-02")
