"""The built-in development OpenID issuer: signs tokens for the demo and the tests, nothing else.

It plays both identity providers of DESIGN §6, as two issuers sharing one key set: `…/dev-issuer/burgers`
(citizens: DigiD through a broker, tokens carry the BSN) and `…/dev-issuer/medewerkers` (the staff IdP,
tokens carry roles and the municipality's CBS code). It keeps ES256 key pairs in
`<key dir>/dev-issuer/keys.json` (mode 0600), publishes each issuer's discovery document and the JWKS
under `/dev-issuer` of the app API, and issues tokens through `loonbrug token`.
It refuses to exist in production settings and when `LOONBRUG_DEV_ISSUER` is off, so a production
deployment can never accept a token it signed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from joserfc import jwt
from joserfc.jwk import ECKey, JWKRegistry, Key
from joserfc.jws import JWSRegistry

from app_api.config import AppApiSettings, IssuerConfig, IssuerKind
from gateway.settings import Environment, Settings

PATH = "/dev-issuer"
KEY_FOLDER = "dev-issuer"
KEY_FILE = "keys.json"
ALGORITHM = "ES256"
DEFAULT_LIFETIME = dt.timedelta(hours=1)
REALMS = {IssuerKind.WORKER: "burgers", IssuerKind.STAFF: "medewerkers"}


class DevIssuerRefused(Exception):
    """The development issuer is switched off or the settings are production."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DevIssuer:
    """Issues development tokens and publishes its keys (see the module docstring)."""

    def __init__(self, *, base_url: str, audience: str, folder: Path) -> None:
        self.base_url = base_url.rstrip("/")
        self.audience = audience
        self.folder = folder

    def __repr__(self) -> str:
        return f"DevIssuer(base_url={self.base_url!r})"

    def issuer(self, kind: IssuerKind) -> str:
        """The `iss` of the citizens' or the staff issuer."""
        return f"{self.base_url}/{REALMS[kind]}"

    def configs(self) -> list[IssuerConfig]:
        """How the app API trusts the two development issuers."""
        return [
            IssuerConfig(
                issuer=self.issuer(kind),
                audience=self.audience,
                kind=kind,
                algorithms=(ALGORITHM,),
                worker_claim="bsn",
                roles_claim="roles",
                municipality_claim="gemeente",
            )
            for kind in REALMS
        ]

    @classmethod
    def from_settings(cls, settings: Settings, app_settings: AppApiSettings) -> DevIssuer:
        """The development issuer of these settings; refused in production or when switched off."""
        if settings.environment is Environment.PRODUCTION or not settings.dev_issuer:
            raise DevIssuerRefused(
                "de ontwikkel-identiteitsuitgever staat uit (LOONBRUG_DEV_ISSUER) of dit is productie"
            )
        return cls(
            base_url=settings.app_url.rstrip("/") + PATH,
            audience=app_settings.dev_audience,
            folder=settings.resolved_key_dir / KEY_FOLDER,
        )

    @property
    def path(self) -> Path:
        """The key file."""
        return self.folder / KEY_FILE

    def _read(self) -> list[dict[str, Any]]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        keys = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(keys, list):
            raise ValueError(f"sleutelbestand {self.path} is onleesbaar")
        return keys

    def _write(self, keys: list[dict[str, Any]], *, exclusive: bool) -> bool:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = self.folder / f".{KEY_FILE}.{secrets.token_hex(4)}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"keys": keys}, handle)
        if not exclusive:
            os.replace(temporary, self.path)
            return True
        try:
            # Two processes starting at once: the loser reads the winner's key instead of replacing it.
            os.link(temporary, self.path)
            return True
        except FileExistsError:
            return False
        finally:
            temporary.unlink(missing_ok=True)

    @staticmethod
    def _new_key() -> dict[str, Any]:
        key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": ALGORITHM}, auto_kid=True)
        return key.as_dict(private=True)

    def _private_keys(self) -> list[dict[str, Any]]:
        keys = self._read()
        if not keys:
            self._write([self._new_key()], exclusive=True)
            keys = self._read()
        return keys

    def signing_key(self) -> Key:
        """The active private key (the newest)."""
        return JWKRegistry.import_key(self._private_keys()[0])

    def public_keys(self) -> dict[str, Key]:
        """Every published public key by key id."""
        keys: dict[str, Key] = {}
        for private in self._private_keys():
            public = JWKRegistry.import_key(private).as_dict(private=False)
            keys[str(public["kid"])] = JWKRegistry.import_key(public)
        return keys

    def rotate(self, *, keep: int = 2) -> str:
        """Make a new active key, keeping the `keep` - 1 newest old ones published; returns the new kid."""
        new = self._new_key()
        self._write([new, *self._private_keys()][:keep], exclusive=False)
        return str(new["kid"])

    def issue(
        self,
        *,
        kind: IssuerKind,
        subject: str,
        claims: dict[str, Any],
        lifetime: dt.timedelta = DEFAULT_LIFETIME,
        now: dt.datetime | None = None,
    ) -> str:
        """A signed token for `subject` with extra `claims`, valid for `lifetime`."""
        moment = int((now or _now()).timestamp())
        key = self.signing_key()
        payload = {
            **claims,
            "iss": self.issuer(kind),
            "aud": self.audience,
            "sub": subject,
            "iat": moment,
            "nbf": moment,
            "exp": moment + int(lifetime.total_seconds()),
            "jti": secrets.token_urlsafe(12),
        }
        header = {"alg": ALGORITHM, "kid": key.kid}
        return jwt.encode(header, payload, key, registry=JWSRegistry(algorithms=[ALGORITHM]))

    def discovery_document(self, kind: IssuerKind) -> dict[str, Any]:
        """An issuer's OpenID Connect discovery document (the fields a resource server reads)."""
        return {
            "issuer": self.issuer(kind),
            "jwks_uri": f"{self.base_url}/jwks.json",
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "subject_types_supported": ["public"],
            # The browser login of app_api.dev_login: code flow with PKCE for the one public client.
            "authorization_endpoint": f"{self.issuer(kind)}/authorize",
            "token_endpoint": f"{self.issuer(kind)}/token",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none"],
        }

    def jwks(self) -> dict[str, Any]:
        """The public key set."""
        return {"keys": [key.as_dict(private=False) for key in self.public_keys().values()]}

    def _discovery_route(self, kind: IssuerKind) -> Callable[[], dict[str, Any]]:
        def discovery() -> dict[str, Any]:
            """Discovery document of a development issuer."""
            return self.discovery_document(kind)

        return discovery

    def router(self) -> APIRouter:
        """The discovery and JWKS endpoints, mounted under `/dev-issuer` (development only)."""
        router = APIRouter(prefix=PATH, tags=["ontwikkeling"], include_in_schema=False)

        for kind, realm in REALMS.items():
            router.add_api_route(
                f"/{realm}/.well-known/openid-configuration", self._discovery_route(kind), methods=["GET"]
            )

        @router.get("/jwks.json")
        def jwks() -> dict[str, Any]:
            """Public keys of the development issuer."""
            return self.jwks()

        return router
