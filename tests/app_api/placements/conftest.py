"""Fixtures for the Flextensie routes, on top of the app API's own (tests/app_api/conftest.py): the app
with its clock in June 2026, and a municipality with a consultant, an administrator and a worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.models import Municipality, StaffMember, Worker
from gateway.store.sealing import Sealer
from tests.app_api.conftest import Tokens, bearer
from tests.factories import TEST_BSNS, make_municipality, make_staff, make_worker

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
"""The app's clock: a Monday in June 2026, so March to May have ended and can be invoiced."""


@pytest.fixture
def app(settings: Settings, api_settings: AppApiSettings, database: Database, keyring: Keyring) -> FastAPI:
    """The app API on the test database with its clock at NOW."""
    return create_app(
        settings=settings, api_settings=api_settings, database=database, keyring=keyring, clock=lambda: NOW
    )


@dataclass
class Town:
    """A municipality with a consultant, an administrator and a worker in the consultant's caseload."""

    municipality: Municipality
    consultant: StaffMember
    admin: StaffMember
    worker: Worker
    bsn: str


def make_town(session: Session, sealer: Sealer, *, bsn: str = TEST_BSNS[0]) -> Town:
    """A fresh municipality with its people."""
    municipality = make_municipality(session)
    consultant = make_staff(session, municipality=municipality)
    admin = make_staff(session, municipality=municipality, roles=("admin",))
    worker = make_worker(session, sealer, municipality=municipality, bsn=bsn, consultant=consultant)
    session.commit()
    return Town(municipality, consultant, admin, worker, bsn)


@pytest.fixture
def town(session: Session, sealer: Sealer) -> Town:
    """The municipality of most tests."""
    return make_town(session, sealer)


@dataclass
class Api:
    """The client with ready headers for the town's consultant, administrator and worker."""

    client: TestClient
    consultant: dict[str, str]
    admin: dict[str, str]
    worker: dict[str, str]
    town: Town

    def create_placement(self, **changes: object) -> dict[str, object]:
        """Create a placement (16 hours a week from 2 March 2026 unless changed) and return it."""
        response = self.client.post(
            "/v1/plaatsingen", json=placement_body(self.town, **changes), headers=self.consultant
        )
        assert response.status_code == 201, response.text
        result: dict[str, object] = response.json()
        return result

    def enter(
        self, placement_id: object, monday: dt.date, *hours: str, approved: bool = True
    ) -> dict[str, object]:
        """Enter (and by default approve) a week's hours; return the timesheet."""
        week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
        response = self.client.put(
            f"/v1/plaatsingen/{placement_id}/urenstaten/{week}",
            json=week_entry(monday, *hours, approved=approved),
            headers=self.consultant,
        )
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        return result


@pytest.fixture
def api(client: TestClient, town: Town, token: Tokens) -> Api:
    """Headers for the town's people."""
    return Api(
        client=client,
        consultant=bearer(token(Role.CONSULTANT, town.consultant.subject)),
        admin=bearer(token(Role.ADMIN, town.admin.subject)),
        worker=bearer(token(Role.WORKER, town.bsn)),
        town=town,
    )


def placement_body(town: Town, **changes: object) -> dict[str, object]:
    """A valid placement request of 16 hours a week from 2 March 2026."""
    body: dict[str, object] = {
        "workerId": town.worker.id,
        "clientName": "Bakkerij De Korst",
        "clientReference": "PO-123",
        "startDate": "2026-03-02",
        "expectedHoursPerWeek": "16.00",
        "hourlyTariff": "19.50",
        "travelAllowancePerDay": "4.50",
    }
    body.update(changes)
    return body


def week_entry(monday: dt.date, *hours: str, approved: bool = False) -> dict[str, object]:
    """A timesheet body with hours per day from `monday` (days with "0" left out)."""
    body: dict[str, object] = {
        "days": [
            {"date": (monday + dt.timedelta(days=i)).isoformat(), "hours": h}
            for i, h in enumerate(hours)
            if h != "0"
        ]
    }
    if approved:
        body["clientApproval"] = {
            "name": "P. Tekenaar",
            "approvedOn": (monday + dt.timedelta(days=7)).isoformat(),
        }
    return body
