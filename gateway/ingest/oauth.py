"""The token endpoint: authlib's authorization server with the client-credentials grant only, and
client authentication by `private_key_jwt` only (RFC 7523 §2.2, ES256 or PS256). Every token request
carries a DPoP proof (RFC 9449 §5); the token is bound to the proof's key (`token_type` DPoP, `cnf.jkt`).

authlib has no server integration for Starlette; `FormRequest` below is the small adapter it needs (the
form is read asynchronously by the endpoint, then the sync authorization work runs in a worker thread
with its own database session). Access tokens are stateless JWTs, so nothing is saved per token; the
only state is the `jti` of each client assertion, kept until it expires so it is used once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    AuthorizationServer,
    ClientMixin,
    InvalidClientError,
    InvalidScopeError,
    OAuth2Error,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant  # type: ignore[import-untyped]
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet
from sqlalchemy.orm import Session

from gateway.ingest import repository, tokens
from gateway.ingest.config import ALL_SCOPES, BOOKKEEPER_SCOPES, SCOPES, IngestConfig
from gateway.security import dpop
from gateway.security.gateway_keys import GatewayKeys
from gateway.security.jose_envelope import SIGNATURE_ALGORITHMS, EnvelopeError, jws_registry, protected_header
from gateway.store.bookkeepers import BOOKKEEPER
from gateway.store.models import Agency
from schemas.text import has_control_character

# authlib logs each issued token (and assertion details) at DEBUG; a token must never reach a log,
# whatever level the root logger is set to.
logging.getLogger("authlib").setLevel(logging.INFO)

CLIENT_AUTH_METHOD = "private_key_jwt"
ASSERTION_MAX_BYTES = 16 * 1024


@dataclass(frozen=True)
class TokenOutcome:
    """What the token endpoint answers: status, JSON body and headers (authlib's triple)."""

    status: int
    body: dict[str, Any]
    headers: list[tuple[str, str]] = field(default_factory=list)
    reason: str | None = None
    """For a refusal by our own checks: the Dutch reason, safe to show."""


class AssertionRefused(InvalidClientError):  # type: ignore[misc]
    """A client assertion failed one of our checks; the description is Dutch and names no secret."""


class ScopeRefused(InvalidScopeError):  # type: ignore[misc]
    """A scope this kind of client may not have; the description is Dutch and names the scopes it may."""


class AgencyClient(ClientMixin):  # type: ignore[misc]
    """An agency or bookkeeper as an OAuth client: confidential, private_key_jwt, client credentials, the
    scopes of its kind."""

    def __init__(self, agency: Agency, keys: list[Key]) -> None:
        self.agency = agency
        self.keys = keys

    def get_client_id(self) -> str:
        """The agency's client id."""
        return self.agency.client_id

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """Only private_key_jwt, only at the token endpoint."""
        return method == CLIENT_AUTH_METHOD and endpoint == "token"

    def check_grant_type(self, grant_type: str) -> bool:
        """Only the client-credentials grant."""
        return grant_type == "client_credentials"

    def get_allowed_scope(self, scope: str | None) -> str:
        """The requested scopes (authlib has already refused unknown ones), or every scope of the client's
        kind when none was requested: each agency may push and read its notifications, and clients
        written before `meldingen:lezen` existed ask for `loonstroken:schrijven` only and keep getting
        exactly that; a bookkeeper gets `bedrijfsdocumenten:schrijven` only. Another kind's scope: 400."""
        allowed = BOOKKEEPER_SCOPES if self.agency.kind == BOOKKEEPER else SCOPES
        requested = set((scope or "").split()) or set(allowed)
        if not requested <= set(allowed):
            # A bookkeeper never pushes pay records, an agency never invoices: the kind is the boundary.
            raise ScopeRefused(description=f"Deze client mag alleen {' en '.join(allowed)} vragen.")
        return " ".join(name for name in allowed if name in requested)


class FormPayload(OAuth2Payload):  # type: ignore[misc]
    """The form parameters of a token request."""

    def __init__(self, form: Mapping[str, str]) -> None:
        self._form = dict(form)

    @property
    def data(self) -> dict[str, str]:
        """The parameters, one value each."""
        return self._form

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        """The parameters as lists (authlib's interface)."""
        return defaultdict(list, {k: [v] for k, v in self._form.items()})


class FormRequest(OAuth2Request):  # type: ignore[misc]
    """A token request as authlib sees it: method, URL, headers and the already-read form."""

    def __init__(self, *, uri: str, headers: Mapping[str, str], form: Mapping[str, str]) -> None:
        super().__init__(method="POST", uri=uri, headers=dict(headers))
        self.payload = FormPayload(form)

    @property
    def form(self) -> dict[str, str]:
        """The form parameters."""
        data: dict[str, str] = self.payload.data
        return data

    @property
    def args(self) -> dict[str, str]:
        """Query parameters are never read at the token endpoint."""
        return {}


class PrivateKeyJwt(JWTBearerClientAssertion):  # type: ignore[misc]
    """private_key_jwt with our rules: ES256/PS256 by a registered key, `aud` the token URL or issuer,
    `exp` at most five minutes ahead, `iat` not in the future, `jti` used once."""

    CLIENT_AUTH_METHOD = CLIENT_AUTH_METHOD

    def __init__(self, *, session: Session, config: IngestConfig, now: dt.datetime) -> None:
        super().__init__(validate_jti=True, leeway=int(config.clock_skew.total_seconds()))
        self.session = session
        self.config = config
        self.now = now

    def get_audiences(self) -> list[str]:
        """RFC 7523 §3: the token endpoint URL or the issuer."""
        return [self.config.token_url, self.config.issuer]

    def resolve_client_public_key(self, client: AgencyClient) -> KeySet:
        """The agency's registered, unrevoked keys."""
        return KeySet(client.keys)

    def process_assertion_claims(self, assertion: str, resolve_key: KeySet) -> dict[str, Any]:
        """Verify the assertion's signature with the key its `kid` names, then its claims."""
        if len(assertion) > ASSERTION_MAX_BYTES:
            raise AssertionRefused(description="De client-assertion is te groot.")
        try:
            header = protected_header(assertion, parts=3)
        except EnvelopeError:
            raise AssertionRefused(description="De client-assertion is geen compacte JWS.") from None
        algorithm = header.get("alg")
        if algorithm not in SIGNATURE_ALGORITHMS:
            raise AssertionRefused(description="Algoritme niet toegestaan; gebruik ES256 of PS256.")
        key = next((k for k in resolve_key if k.kid == header.get("kid")), None)
        if key is None:
            raise AssertionRefused(description="De sleutel (kid) is niet geregistreerd voor deze client.")
        if key.alg not in (None, algorithm):
            raise AssertionRefused(description="Het algoritme past niet bij de geregistreerde sleutel.")
        try:
            token = jwt.decode(
                assertion, key, algorithms=[algorithm], registry=jws_registry(ASSERTION_MAX_BYTES)
            )
        except (JoseError, ValueError):
            raise AssertionRefused(
                description="De handtekening van de client-assertion klopt niet."
            ) from None
        claims: dict[str, Any] = dict(token.claims)
        self.verify_claims(claims)
        return claims

    def verify_claims(self, claims: Any) -> None:
        """Check iss, sub, aud, exp, iat and the single use of jti."""
        now = int(self.now.timestamp())
        try:
            jwt.JWTClaimsRegistry(
                now=now,
                leeway=self.leeway,
                iss={"essential": True},
                sub={"essential": True},
                aud={"essential": True, "values": self.get_audiences()},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(claims)
        except JoseError as exc:
            raise AssertionRefused(description=_claim_reason(exc)) from None
        if claims["iss"] != claims["sub"]:
            raise AssertionRefused(description="iss en sub moeten allebei de client-id zijn.")
        if claims["exp"] > now + self.config.assertion_max_lifetime.total_seconds() + self.leeway:
            raise AssertionRefused(description="exp ligt te ver vooruit; hoogstens 5 minuten.")
        if not self.validate_jti(claims, claims["jti"]):
            raise AssertionRefused(description="Deze client-assertion (jti) is al gebruikt.")

    def validate_jti(self, claims: Mapping[str, Any], jti: str) -> bool:
        """Record the jti; False when this client used it before."""
        if not isinstance(jti, str) or not 1 <= len(jti) <= 255:
            return False
        expires = dt.datetime.fromtimestamp(claims["exp"], dt.UTC) + self.config.clock_skew
        return repository.record_assertion(
            self.session, client_id=str(claims["sub"]), jti=jti, expires_at=expires
        )


def _claim_reason(exc: JoseError) -> str:
    claim = getattr(exc, "claim", None)
    reasons = {
        "aud": "aud moet de token-URL of de issuer van de gateway zijn.",
        "exp": "De client-assertion is verlopen of exp ontbreekt.",
        "iat": "iat ligt in de toekomst.",
        "nbf": "nbf ligt in de toekomst.",
        "jti": "jti ontbreekt of is geen tekst.",
    }
    return reasons.get(
        str(claim), "De claims van de client-assertion kloppen niet (iss, sub, aud, exp, jti)."
    )


class _Grant(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = [CLIENT_AUTH_METHOD]  # noqa: RUF012  (authlib's class attribute)


class _Server(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, *, query: Callable[[str], AgencyClient | None]) -> None:
        super().__init__(scopes_supported=list(ALL_SCOPES))
        self._query = query

    def query_client(self, client_id: str) -> AgencyClient | None:
        return self._query(client_id)

    def create_oauth2_request(self, request: FormRequest) -> FormRequest:
        # The endpoint builds the request itself (the form is read asynchronously before this runs).
        return request

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        # Access tokens are self-contained signed JWTs; there is nothing to store.
        return None

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> TokenOutcome:
        return TokenOutcome(status=status, body=dict(body), headers=list(headers))

    def handle_error_response(self, request: OAuth2Request | None, error: OAuth2Error) -> TokenOutcome:
        status, body, headers = error(None)
        reason = error.description if isinstance(error, AssertionRefused | ScopeRefused) else None
        return TokenOutcome(status=status, body=dict(body), headers=list(headers), reason=reason)


def _dpop_refused(reason: str) -> TokenOutcome:
    return TokenOutcome(
        status=400, body={"error": "invalid_dpop_proof", "error_description": reason}, reason=reason
    )


def checked_proof(
    session: Session,
    *,
    config: IngestConfig,
    proofs: Sequence[str],
    method: str,
    url: str,
    now: dt.datetime,
    access_token: str | None = None,
) -> dpop.Proof:
    """The one DPoP proof of a request, verified and its jti recorded; `dpop.ProofRefused` otherwise."""
    if not proofs:
        raise dpop.ProofRefused(
            "Stuur een DPoP-bewijs mee in de header DPoP: access tokens zijn aan de sleutel van het bureau"
            " gebonden."
        )
    if len(proofs) > 1:
        raise dpop.ProofRefused("Stuur precies één DPoP-header.")
    proof = dpop.verify(
        proofs[0],
        method=method,
        url=url,
        now=now,
        max_age=config.dpop_max_age,
        clock_skew=config.clock_skew,
        access_token=access_token,
    )
    # Remembered past the last moment `verify` would still accept it.
    expires = proof.issued_at + config.dpop_max_age + 2 * config.clock_skew
    if not repository.record_dpop_proof(session, jkt=proof.jkt, jti=proof.jti, expires_at=expires):
        raise dpop.ProofRefused("Dit DPoP-bewijs (jti) is al gebruikt; maak voor elk verzoek een nieuw.")
    return proof


def issue_token(
    *,
    session: Session,
    keys: GatewayKeys,
    config: IngestConfig,
    form: Mapping[str, str],
    headers: Mapping[str, str],
    dpop_proofs: Sequence[str],
    now: dt.datetime,
) -> TokenOutcome:
    """Handle one token request in `session`'s transaction (the assertion's and proof's jti are stored
    in it)."""
    repository.forget_expired_assertions(session, now=now)
    try:
        proof = checked_proof(
            session, config=config, proofs=dpop_proofs, method="POST", url=config.token_url, now=now
        )
    except dpop.ProofRefused as refused:
        return _dpop_refused(str(refused))

    def query(client_id: str) -> AgencyClient | None:
        if has_control_character(client_id):
            # Names no client, and PostgreSQL would refuse the NUL in the lookup.
            return None
        agency = repository.agency_by_client_id(session, client_id)
        if agency is None:
            return None
        return AgencyClient(agency, repository.agency_signing_keys(session, agency_id=agency.id))

    def generate(grant_type: str, client: AgencyClient, scope: str | None = None, **_: Any) -> dict[str, Any]:
        granted = client.get_allowed_scope(scope)
        return {
            "access_token": tokens.issue(
                keys=keys,
                config=config,
                client_id=client.get_client_id(),
                scope=granted,
                jkt=proof.jkt,
                now=now,
            ),
            "token_type": dpop.TOKEN_TYPE,
            "expires_in": int(config.token_lifetime.total_seconds()),
            "scope": granted,
        }

    server = _Server(query=query)
    server.register_grant(_Grant)
    server.register_client_auth_method(
        CLIENT_AUTH_METHOD, PrivateKeyJwt(session=session, config=config, now=now)
    )
    server.register_token_generator("default", generate)
    try:
        outcome: TokenOutcome = server.create_token_response(
            FormRequest(uri=config.token_url, headers=headers, form=form)
        )
    except OAuth2Error as error:
        outcome = server.handle_error_response(None, error)
    return outcome
