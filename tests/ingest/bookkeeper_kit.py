"""Test helpers for the bookkeeper API: a bookkeeper with a real ES256 key, mandated workers, documents."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from gateway.store import agencies, bookkeepers
from gateway.store.sealing import Sealer
from tests import factories
from tests.ingest.kit import Agent, authorization, new_signing_key

EXAMPLE_UBL = (Path(__file__).parents[2] / "examples" / "einvoice" / "factuur-2026-009.xml").read_text(
    "utf-8"
)
MANDATE_FROM = dt.date(2026, 1, 1)


def make_bookkeeper(
    session: Session, sealer: Sealer, *, bsns: tuple[str, ...] = factories.TEST_BSNS[:2]
) -> Agent:
    """A bookkeeper with a registered ES256 key, and workers who gave it a mandate from 2026-01-01."""
    bookkeeper = bookkeepers.create(
        session=session, name="Boekhouding Test", client_id=f"boekhouder-{secrets.token_hex(4)}"
    )
    key = new_signing_key()
    agencies.add_key(
        session=session,
        agency_id=bookkeeper.id,
        kid=str(key.kid),
        public_jwk=key.as_dict(private=False),
        alg="ES256",
    )
    municipality = factories.make_municipality(session)
    workers = {}
    for bsn in bsns:
        worker = factories.make_worker(session, sealer, municipality=municipality, bsn=bsn)
        bookkeepers.grant(
            session=session,
            worker_id=worker.id,
            bookkeeper_id=bookkeeper.id,
            valid_from=MANDATE_FROM,
            recorded_by="test",
        )
        workers[bsn] = worker
    session.flush()
    return Agent(agency=bookkeeper, key=key, workers=workers)


def invoice(number: str, *, bsn: str = factories.TEST_BSNS[0], **extra: Any) -> dict[str, Any]:
    """An invoice as a bookkeeping package sends it (JSON form, with the worker's BSN)."""
    return {
        "bsn": bsn,
        "invoice": {
            "invoiceNumber": number,
            "invoiceDate": "2026-02-09",
            "periodStart": "2026-02-02",
            "periodEnd": "2026-02-06",
            "client": "Stichting Buurthuis De Kroon",
            "amountExclVat": "300.00",
            "vat": "63.00",
            **extra,
        },
    }


def cost(cost_id: str, *, bsn: str = factories.TEST_BSNS[0], **extra: Any) -> dict[str, Any]:
    """A business cost (JSON form, with the worker's BSN)."""
    return {
        "bsn": bsn,
        "cost": {
            "costId": cost_id,
            "costDate": "2026-02-10",
            "amountExclVat": "40.00",
            "category": "materiaal",
            **extra,
        },
    }


def documents_payload(
    documents: list[dict[str, Any]], *, message_id: str | None = None, created_at: dt.datetime | None = None
) -> bytes:
    """A batch of business documents as JSON bytes."""
    return json.dumps(
        {
            "messageId": message_id or f"msg-{secrets.token_hex(8)}",
            "createdAt": (created_at or dt.datetime.now(dt.UTC)).isoformat(),
            "documents": documents,
        }
    ).encode()


def push_documents(client: TestClient, token: str, envelope: str | bytes, *, key: str | None = None) -> Any:
    """POST /v1/bedrijfsdocumenten with an Idempotency-Key (a fresh one unless given) and a DPoP proof."""
    headers = {
        **authorization(client, token, "POST", "/v1/bedrijfsdocumenten"),
        "Content-Type": "application/jose",
        "Idempotency-Key": key or f"key-{secrets.token_hex(8)}",
    }
    return client.post("/v1/bedrijfsdocumenten", content=envelope, headers=headers)
