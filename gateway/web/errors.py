"""One error base class for every API: it carries its HTTP status and code and is rendered as a problem.

Raise an `ApiError` subclass anywhere below an endpoint; `gateway.web.problems` turns it into an
`application/problem+json` response. Texts are Dutch (people read them); codes are fixed English words
(machines act on them). No detail may hold a BSN, an amount, a token or a key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from schemas.problems import InvalidParam, Problem


class ApiError(Exception):
    """An error that ends a request with a problem response."""

    status: int = 500
    code: str = "internal_error"
    title: str = "Er ging iets mis aan onze kant"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        invalid_params: Sequence[InvalidParam] = (),
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(code or self.code)
        if status is not None:
            self.status = status
        self.detail = detail
        self.instance_code = code or self.code
        self.invalid_params = list(invalid_params)
        self.headers = dict(headers or {})

    def to_problem(self, instance: str | None = None) -> Problem:
        """The problem document for this error."""
        return Problem(
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            code=self.instance_code,
            invalid_params=self.invalid_params,
        )


class InvalidInput(ApiError):
    """The request is malformed; every problem found is listed (ADR: 400 listing all problems)."""

    status = 400
    code = "invalid_input"
    title = "De invoer klopt niet"


class Unauthorized(ApiError):
    """No valid access token; the client must (re)authenticate."""

    status = 401
    code = "unauthorized"
    title = "Niet geauthenticeerd"

    def __init__(self, detail: str | None = None, *, code: str | None = None, error: str = "invalid_token"):
        # RFC 6750 §3: tell the client which scheme and what went wrong, never why in detail.
        super().__init__(detail, code=code, headers={"WWW-Authenticate": f'Bearer error="{error}"'})


class Forbidden(ApiError):
    """Authenticated, but this client may not do this."""

    status = 403
    code = "forbidden"
    title = "Geen toegang"


class NotFound(ApiError):
    """The resource does not exist, or belongs to someone else (never 403 for another party's data)."""

    status = 404
    code = "not_found"
    title = "Niet gevonden"


class MethodNotAllowed(ApiError):
    """The path exists, but not with this method."""

    status = 405
    code = "method_not_allowed"
    title = "Methode niet toegestaan"


class Conflict(ApiError):
    """The request conflicts with the current state, e.g. the same request still running."""

    status = 409
    code = "conflict"
    title = "Conflict"


class PayloadTooLarge(ApiError):
    """The body exceeds the limit."""

    status = 413
    code = "payload_too_large"
    title = "Bericht te groot"


class UnsupportedMediaType(ApiError):
    """The body has a content type this endpoint does not take."""

    status = 415
    code = "unsupported_media_type"
    title = "Niet-ondersteund berichttype"


class Unprocessable(ApiError):
    """Well-formed, but refused: e.g. a replayed message, or an Idempotency-Key reused for other content."""

    status = 422
    code = "unprocessable"
    title = "Bericht geweigerd"


class TooManyRequests(ApiError):
    """Rate limit reached; `Retry-After` says when to try again."""

    status = 429
    code = "rate_limited"
    title = "Te veel verzoeken"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Probeer het over {retry_after} seconden opnieuw.",
            headers={"Retry-After": str(retry_after)},
        )


RETRY_AFTER_SECONDS = 2
"""What a 503 tells the client to wait: a database fail-over or a reconnect takes a second or two, and a
client backs off further on its own when the next attempt fails too."""


class ServiceUnavailable(ApiError):
    """A dependency (database, keys, identity provider) is not available right now; `Retry-After` says
    when to try again."""

    status = 503
    code = "unavailable"
    title = "Tijdelijk niet beschikbaar"

    def __init__(
        self, detail: str | None = None, *, code: str | None = None, retry_after: int = RETRY_AFTER_SECONDS
    ) -> None:
        super().__init__(detail, code=code, headers={"Retry-After": str(retry_after)})


class DatabaseUnavailable(ServiceUnavailable):
    """A transient database error (gateway.store.transient). The client sends the request again
    unchanged: with the same Idempotency-Key it gets the stored answer if the work did commit after all
    (a connection lost during COMMIT), and the work done once otherwise."""

    code = "database_unavailable"

    def __init__(self) -> None:
        super().__init__("De database is even niet bereikbaar; probeer het over enkele seconden opnieuw.")
