"""The demo's moving parts: agency keys, pushes through the real client, the jobs, and what the API shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
from joserfc.jwk import ECKey, Key

from connectors.client import AgencyClient, load_signing_key
from connectors.key_files import key_path, write_private_key
from gateway.demo import cast
from gateway.jobs.registry import JobEnvironment, find
from gateway.security.jose_envelope import signature_algorithm
from gateway.settings import Settings
from gateway.store import agencies
from gateway.store.db import Database


def agency_signing_key(*, settings: Settings, database: Database, client_id: str) -> Key:
    """The demo agency's private signing key: read from the key dir, or made and registered once."""
    path = key_path(settings, client_id)
    if path.exists():
        return load_signing_key(path)
    private = ECKey.generate_key("P-256", auto_kid=True)
    public = ECKey.import_key(private.as_dict(private=False))
    with database.transaction() as session:
        agency = agencies.by_client_id(session=session, client_id=client_id)
        assert agency is not None  # seeded before
        agencies.add_key(
            session=session,
            agency_id=agency.id,
            kid=str(public.kid),
            public_jwk=dict(public.as_dict(private=False)),
            alg=signature_algorithm(public),
        )
    write_private_key(path, {**private.as_dict(private=True), "kid": private.kid, "alg": "ES256"})
    return private


@dataclass(frozen=True)
class PushSummary:
    """What one agency's push came to, from its verified receipt."""

    client_id: str
    sent: int
    accepted: int
    duplicates: int
    refused: int


def push_pay_records(*, settings: Settings, database: Database, today: dt.date) -> list[PushSummary]:
    """Let each demo agency push its workers' pay records to the running gateway, signed and encrypted."""
    summaries = []
    for key in cast.AgencyKey:
        records = [
            record
            for person in cast.workers(today)
            for record in cast.pay_records(person, today=today).get(key, [])
        ]
        signing_key = agency_signing_key(settings=settings, database=database, client_id=key.value)
        with AgencyClient(
            base_url=settings.gateway_url, client_id=key.value, signing_key=signing_key
        ) as client:
            delivery = client.deliver([record.model_dump(mode="json", by_alias=True) for record in records])
        counts = delivery.receipt.counts
        stored = 0 if delivery.replayed else counts.stored
        summaries.append(
            PushSummary(
                client_id=key.value,
                sent=len(records),
                accepted=stored,
                duplicates=counts.duplicates + counts.stored - stored,
                refused=counts.refused,
            )
        )
    return summaries


def run_job(*, environment: JobEnvironment, name: str, now: dt.datetime) -> str:
    """Run one job now (as the scheduler would) and return its summary."""
    return find(name).run(environment, now).summary()


@dataclass(frozen=True)
class WorkerView:
    """What the worker app shows for the current month, read through the real worker API."""

    earned: Decimal
    benefit: Decimal
    payout: Decimal
    payout_date: str
    remaining_net: Decimal
    remaining_hours: Decimal | None
    weeks: int
    unconfirmed: bool


def worker_view(*, app_url: str, token: str, month: str) -> WorkerView:
    """Read this month's figures the way the worker's app does."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=app_url, headers=headers, timeout=30, trust_env=False) as http:
        settlement = _ok(http.get(f"/v1/mij/maanden/{month}"))["settlement"]
        weeks = _ok(http.get("/v1/mij/weken"))["items"]
        remaining = _ok(http.get("/v1/mij/nog-te-verdienen"))["remaining"]
    return WorkerView(
        earned=Decimal(settlement["income"]),
        benefit=Decimal(settlement["bijstand"]),
        payout=Decimal(settlement["payout"]),
        payout_date=settlement["payoutDate"],
        remaining_net=Decimal(remaining["net"]),
        remaining_hours=Decimal(remaining["hours"]) if remaining.get("hours") else None,
        weeks=len(weeks),
        unconfirmed=bool(settlement.get("unconfirmed")),
    )


def _ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()
