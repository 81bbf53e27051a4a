"""The agency client: gets tokens, signs, encrypts and pushes pay records, checks the signed receipts, and
reads the agency's notifications (meldingen) about missing pay periods.

    with AgencyClient(base_url="https://loonbrug.example.nl", client_id="uitzendbureau-x",
                      signing_key=load_signing_key(Path("uitzendbureau-x.jwk.json"))) as client:
        for batch in client.push(records):
            print(batch.receipt.counts)

Every message carries an Idempotency-Key derived from its records, so sending the same records again
(after a lost answer, a timeout, a crash of this program) returns the stored receipt instead of storing
anything twice. Network errors, 429, 502-504 and "still in progress" (409) are retried with exponential
backoff and jitter, never sooner than Retry-After; the default 8 attempts span 30 s to a minute, enough
for a database fail-over behind the gateway. Nothing is logged but statuses and counts: no BSN, amount,
token or key.

Access tokens are sender-constrained (DPoP, RFC 9449): the agency's signing key, which already signs the
client assertions, also signs a fresh DPoP proof for the token request and for every API request, so a
token that leaks is worthless without that key.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging
import random
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self
from urllib.parse import quote

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, Key, KeySet, RSAKey

from gateway.security import dpop, jose_envelope
from gateway.security.jose_envelope import EnvelopeError
from schemas.notifications import Notification, NotificationPage, NotificationSummary
from schemas.pay_record import PayRecord
from schemas.problems import Problem
from schemas.receipt import RECEIPT_SIGNATURE_HEADER, RECEIPT_SIGNATURE_TYPE, REPLAYED_HEADER, Receipt

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SCOPE = "loonstroken:schrijven meldingen:lezen"
"""Push pay records and read notifications; a gateway without `meldingen:lezen` refuses this scope."""
NOTIFICATIONS_PAGE_SIZE = 100
"""The largest page the gateway gives: one request holds two years of weekly notifications."""
MAX_BATCH = 10_000
_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_TOKEN_MARGIN = 60.0

log = logging.getLogger("loonbrug.client")

RecordInput = PayRecord | Mapping[str, Any]
"""A record as a model, or as its JSON form (sent as is: the gateway judges it)."""


class ClientError(Exception):
    """Base of the client's errors; messages never hold record contents."""


class GatewayRefused(ClientError):
    """The gateway refused a request for good (a 4xx other than 429, or a 5xx after every retry)."""

    def __init__(self, status: int, problem: Problem | None) -> None:
        detail = problem.detail or problem.title if problem else "geen toelichting"
        super().__init__(f"de gateway weigerde het verzoek ({status}): {detail}")
        self.status = status
        self.problem = problem


class ReceiptInvalid(ClientError):
    """The receipt's signature does not check out against the gateway's published keys."""


class GatewayUnreachable(ClientError):
    """The gateway could not be reached, or kept answering 'try later', within every attempt."""


def load_signing_key(path: Path) -> Key:
    """An agency's private signing key from a JWK file (EC P-256 for ES256, or RSA for PS256)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    key: Key = ECKey.import_key(document) if document.get("kty") == "EC" else RSAKey.import_key(document)
    if not key.is_private:
        raise ClientError(f"{path} bevat geen privésleutel")
    key.ensure_kid()
    return key


def idempotency_key(records: Sequence[Mapping[str, Any]]) -> str:
    """The Idempotency-Key of a message: a hash of its records in canonical JSON (the same records
    give the same key, so a retry or a rerun of the same file is recognised)."""
    text = json.dumps(list(records), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "lb1-" + hashlib.sha256(text.encode()).hexdigest()[:48]


@dataclass(frozen=True)
class Delivery:
    """The gateway's verified receipt for one message, and whether it was the stored answer to an
    earlier message with the same records (then nothing new was stored: every record was already there)."""

    receipt: Receipt
    replayed: bool


@dataclass(frozen=True)
class PushedBatch:
    """One pushed message: where its records started in the input, its verified receipt, and whether
    the gateway answered with the receipt of an earlier, identical message."""

    offset: int
    receipt: Receipt
    replayed: bool = False


class AgencyClient:
    """Talks to one Loonbrug gateway as one agency; reuse it (it caches tokens and keys)."""

    scope: ClassVar[str] = SCOPE
    """The scopes this client asks for; a bookkeeper's client asks for its own (connectors.bookkeeping)."""

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        signing_key: Key,
        http: httpx.Client | None = None,
        batch_size: int = 1000,
        max_attempts: int = 8,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 120.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH}")
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.signing_key = signing_key
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._clock = clock
        self._sleep = sleep
        self._own_http = http is None
        self._http = http or httpx.Client(base_url=self.base_url, timeout=timeout)
        self._token: tuple[str, float] | None = None
        self._jwks: KeySet | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connection pool (if this client made it)."""
        if self._own_http:
            self._http.close()

    @property
    def token_url(self) -> str:
        """The token endpoint, also the `aud` of client assertions."""
        return f"{self.base_url}/v1/oauth/token"

    def push(
        self, records: Iterable[RecordInput], *, progress: Callable[[int, int], None] | None = None
    ) -> list[PushedBatch]:
        """Push `records` in messages of `batch_size`; returns each message's verified receipt in order."""
        documents = [_as_json(record) for record in records]
        pushed = []
        for offset in range(0, len(documents), self.batch_size):
            chunk = documents[offset : offset + self.batch_size]
            delivery = self.deliver(chunk)
            pushed.append(PushedBatch(offset=offset, receipt=delivery.receipt, replayed=delivery.replayed))
            if progress is not None:
                progress(offset + len(chunk), len(documents))
        return pushed

    def push_batch(self, records: Sequence[RecordInput]) -> Receipt:
        """Push one message (at most 10,000 records) and return its verified receipt."""
        return self.deliver(records).receipt

    def deliver(self, records: Sequence[RecordInput]) -> Delivery:
        """Push one message (at most 10,000 records); its verified receipt and whether it was a replay."""
        documents = [_as_json(record) for record in records]
        if not 1 <= len(documents) <= MAX_BATCH:
            raise ValueError(f"a message holds 1..{MAX_BATCH} records")
        return self.deliver_sealed("/v1/loonstroken", "records", documents)

    def deliver_sealed(self, path: str, field: str, items: Sequence[Mapping[str, Any]]) -> Delivery:
        """Sign, encrypt and push one message whose `field` holds `items` to `path`, with an
        Idempotency-Key derived from the items; its verified receipt and whether it was a replay."""
        key = idempotency_key(items)
        message_id = f"msg-{uuid.uuid4()}"

        def send() -> httpx.Response:
            # Built anew for every attempt: a fresh createdAt keeps a long retry within the gateway's window.
            batch = {"messageId": message_id, "createdAt": _now_iso(self._clock()), field: list(items)}
            envelope = jose_envelope.seal(
                json.dumps(batch, separators=(",", ":"), ensure_ascii=False).encode(),
                signing_key=self.signing_key,
                encryption_key=self._encryption_key(),
            )
            headers = {
                "Content-Type": "application/jose",
                "Idempotency-Key": key,
                **self._authorization("POST", path),
            }
            return self._http.post(path, content=envelope, headers=headers)

        response = self._with_retries(send)
        replayed = response.headers.get(REPLAYED_HEADER, "").lower() == "true"
        return Delivery(receipt=self._verified_receipt(response), replayed=replayed)

    def receipt(self, submission_id: str) -> Receipt:
        """Fetch a receipt again and verify it."""
        return self._verified_receipt(self._get(f"/v1/inzendingen/{submission_id}"))

    def notifications(self) -> list[NotificationSummary]:
        """Every notification of this agency the gateway still holds, newest first (without BSNs)."""
        found: list[NotificationSummary] = []
        page: int | None = 1
        while page is not None:
            response = self._get("/v1/meldingen", params={"page": page, "pageSize": NOTIFICATIONS_PAGE_SIZE})
            listed = NotificationPage.model_validate_json(response.content)
            found += listed.items
            page = listed.next_page
        return found

    def notification(self, notification_id: str) -> Notification:
        """One notification: which workers (by BSN) miss which periods. Never log what it returns."""
        response = self._get(f"/v1/meldingen/{quote(notification_id, safe='')}")
        return Notification.model_validate_json(response.content)

    def access_token(self) -> str:
        """A valid access token, fetched with a fresh private_key_jwt assertion when needed."""
        now = self._clock()
        if self._token is not None and self._token[1] - _TOKEN_MARGIN > now:
            return self._token[0]
        form = {
            "grant_type": "client_credentials",
            "scope": self.scope,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self._assertion(now),
        }
        response = self._with_retries(
            # A proof of its own for every attempt: the gateway accepts each proof once.
            lambda: self._http.post(
                "/v1/oauth/token", data=form, headers={"DPoP": self._proof("POST", self.token_url)}
            ),
            refresh_token=False,
        )
        body = response.json()
        if str(body.get("token_type", "")).lower() != dpop.TOKEN_TYPE.lower():
            raise ClientError("de gateway gaf geen aan de sleutel gebonden (DPoP) token")
        self._token = (str(body["access_token"]), now + float(body["expires_in"]))
        return self._token[0]

    def _proof(self, method: str, url: str, access_token: str | None = None) -> str:
        return dpop.make(
            self.signing_key, method=method, url=url, now=self._clock(), access_token=access_token
        )

    def _assertion(self, now: float) -> str:
        issued = int(now)
        claims = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.token_url,
            "iat": issued,
            "exp": issued + 60,
            "jti": secrets.token_urlsafe(24),
        }
        header = {"alg": jose_envelope.signature_algorithm(self.signing_key), "kid": self.signing_key.kid}
        return jwt.encode(header, claims, self.signing_key, registry=jose_envelope.jws_registry())

    def _authorization(self, method: str, path: str) -> dict[str, str]:
        """The bound token and a fresh DPoP proof for one request (`path` without its query)."""
        token = self.access_token()
        return {
            "Authorization": f"{dpop.TOKEN_TYPE} {token}",
            "DPoP": self._proof(method, f"{self.base_url}{path}", access_token=token),
        }

    def _get(self, path: str, *, params: Mapping[str, int] | None = None) -> httpx.Response:
        return self._with_retries(
            lambda: self._http.get(path, params=params, headers=self._authorization("GET", path))
        )

    def _with_retries(
        self, send: Callable[[], httpx.Response], *, refresh_token: bool = True
    ) -> httpx.Response:
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = send()
            except httpx.TransportError as error:
                if attempt == self.max_attempts:
                    raise GatewayUnreachable(f"de gateway is onbereikbaar ({type(error).__name__})") from None
                self._wait(attempt, None, type(error).__name__)
                continue
            if response.is_success:
                return response
            problem = _problem(response)
            code = problem.code if problem else None
            if response.status_code == 401 and refresh_token and attempt == 1:
                self._token = None
                continue
            if code == "unknown_encryption_key" and attempt == 1:
                self._jwks = None
                continue
            retryable = response.status_code in _RETRY_STATUSES or code == "idempotency_key_in_progress"
            if not retryable:
                raise GatewayRefused(response.status_code, problem)
            if attempt == self.max_attempts:
                raise GatewayUnreachable(
                    f"de gateway bleef 'later opnieuw' antwoorden ({response.status_code})"
                )
            self._wait(attempt, response.headers.get("retry-after"), str(response.status_code))
        raise GatewayUnreachable("geen pogingen over")

    def _wait(self, attempt: int, retry_after: str | None, reason: str) -> None:
        # Exponential backoff with jitter, so many clients do not come back at the same moment; never sooner
        # than the gateway's Retry-After, and longer than it asks once an outage lasts (a fail-over).
        delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)  # noqa: S311
        asked = _retry_after_seconds(retry_after, self._clock())
        if asked is not None:
            delay = max(delay, asked)
        log.warning("poging %d mislukt (%s); opnieuw over %.1f s", attempt, reason, delay)
        self._sleep(delay)

    def _keys(self, *, refresh: bool = False) -> KeySet:
        if self._jwks is None or refresh:
            response = self._with_retries(
                lambda: self._http.get("/v1/.well-known/jwks.json"), refresh_token=False
            )
            self._jwks = KeySet.import_key_set(response.json())
        return self._jwks

    def _encryption_key(self) -> Key:
        for key in self._keys():
            if key.get("use") == "enc" and key.get("alg") == jose_envelope.KEY_ENCRYPTION_ALGORITHM:
                return key
        raise ClientError("de gateway publiceert geen versleutelsleutel (RSA-OAEP-256)")

    def _verified_receipt(self, response: httpx.Response) -> Receipt:
        signature = response.headers.get(RECEIPT_SIGNATURE_HEADER)
        if not signature:
            raise ReceiptInvalid("het ontvangstbewijs is niet ondertekend")
        header: dict[str, Any] | None = None
        for refresh in (False, True):
            keys = self._keys(refresh=refresh)

            def resolve(protected: dict[str, Any], keys: KeySet = keys) -> Key | None:
                return next(
                    (k for k in keys if k.kid == protected.get("kid") and k.get("use") == "sig"), None
                )

            try:
                header = jose_envelope.verify_detached(signature, response.content, resolve)
                break
            except EnvelopeError as error:
                # A key rotated since we fetched the JWKS: fetch once more before giving up.
                if error.code != "unknown_signing_key" or refresh:
                    raise ReceiptInvalid(
                        f"de handtekening van het ontvangstbewijs klopt niet ({error.code})"
                    ) from None
        if header is None or header.get("typ") != RECEIPT_SIGNATURE_TYPE:
            raise ReceiptInvalid("de handtekening hoort niet bij een ontvangstbewijs")
        return Receipt.model_validate_json(response.content)


def _as_json(record: RecordInput) -> dict[str, Any]:
    if isinstance(record, PayRecord):
        return record.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dict(record)


def _now_iso(now: float) -> str:
    return dt.datetime.fromtimestamp(now, dt.UTC).isoformat()


def _problem(response: httpx.Response) -> Problem | None:
    try:
        return Problem.model_validate(response.json())
    except ValueError:
        return None


def _retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After as delta seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)
