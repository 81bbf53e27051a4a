"""The pilot's agencies pushing pay records through the real agency client (OAuth 2 private_key_jwt,
JWS-in-JWE, signed receipts) to the in-process agency API, one message per agency per day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from joserfc.jwk import Key

from connectors.client import MAX_BATCH, AgencyClient
from gateway.simulation.asgi import Portal
from gateway.simulation.installation import GATEWAY_URL
from schemas.pay_record import PayRecord
from schemas.receipt import Outcome


@dataclass
class PushCounts:
    """What the gateway's receipts said, summed over the run."""

    messages: int = 0
    stored: int = 0
    duplicates: int = 0
    refused: int = 0
    refusals: list[str] = field(default_factory=list)
    """The problem codes of refused records (no data)."""


class Agencies:
    """One agency client per agency, each with its own key and connection to the agency API."""

    def __init__(self, *, portal: Portal, gateway: Any, signing_keys: dict[str, Key]) -> None:
        self._http: list[httpx.Client] = []
        self._clients: dict[str, AgencyClient] = {}
        for client_id, key in signing_keys.items():
            http = portal.client(app=gateway, base_url=GATEWAY_URL)
            self._http.append(http)
            self._clients[client_id] = AgencyClient(
                base_url=GATEWAY_URL, client_id=client_id, signing_key=key, http=http, batch_size=MAX_BATCH
            )
        self.counts = PushCounts()

    def push(self, client_id: str, records: Sequence[PayRecord]) -> None:
        """Push one day's records of one agency as one message and count the receipt."""
        delivery = self._clients[client_id].deliver(list(records))
        counts = delivery.receipt.counts
        self.counts.messages += 1
        self.counts.stored += counts.stored
        self.counts.duplicates += counts.duplicates
        self.counts.refused += counts.refused
        for outcome in delivery.receipt.records:
            if outcome.outcome is Outcome.REFUSED:
                self.counts.refusals += [problem.code for problem in outcome.problems]

    def close(self) -> None:
        """Close every connection."""
        for client in self._clients.values():
            client.close()
        for http in self._http:
            http.close()
