"""The answers every operation of the app API can give besides its own, written into its OpenAPI document.

They come from parts in front of the endpoints, so no endpoint declares them itself: the guards (413,
429), the token check (401 without a valid token, 403 for a role or person the route does not serve),
the tenant boundary (404 for an id that is unknown or belongs to another municipality), a change that
conflicts with what is stored (409: a duplicate id, a step already taken) and a database
or identity issuer that is away for a moment (503).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from gateway.web.openapi import add_document_step

_PROBLEM: dict[str, Any] = {
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
}


def problem(description: str) -> dict[str, Any]:
    """A documented problem response (for an operation's own refusals)."""
    return {"description": description, **_PROBLEM}


_RETRY_AFTER = {
    "Retry-After": {"description": "Seconden tot een nieuwe poging zin heeft.", "schema": {"type": "integer"}}
}

EVERY_OPERATION: dict[str, dict[str, Any]] = {
    "413": {"description": "Het verzoek is groter dan dit adres toestaat.", **_PROBLEM},
    "429": {
        "description": "Te veel verzoeken van dit adres; `Retry-After` zegt wanneer het weer kan.",
        "headers": _RETRY_AFTER,
        **_PROBLEM,
    },
    "503": {
        "description": "Tijdelijk niet beschikbaar; probeer het later opnieuw.",
        "headers": _RETRY_AFTER,
        **_PROBLEM,
    },
}
SIGNED_IN: dict[str, dict[str, Any]] = {
    "401": {"description": "Geen of geen geldig token.", **_PROBLEM},
    "403": {"description": "Deze rol (of deze persoon) mag dit niet.", **_PROBLEM},
}
CHANGING: dict[str, dict[str, Any]] = {
    "409": problem("Strijdig met wat er al is: een dubbel kenmerk of een stap die al is gezet."),
}
WITH_PATH_ID: dict[str, dict[str, Any]] = {
    "404": {"description": "Niet gevonden (of van een andere gemeente of persoon).", **_PROBLEM},
}


def add_common_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Document the common answers on each operation where they apply; an operation's own stay."""
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            common = dict(EVERY_OPERATION)
            if operation.get("security"):
                common |= SIGNED_IN
            if method in ("post", "put", "patch", "delete"):
                common |= CHANGING
            if any(parameter.get("in") == "path" for parameter in operation.get("parameters", [])):
                common |= WITH_PATH_ID
            # Headers every answer carries (API-Version) are declared on each of the operation's own.
            everywhere = _headers_on_all(responses)
            for status, response in common.items():
                if status not in responses:
                    headers = {**response.get("headers", {}), **everywhere}
                    responses[status] = {**response, **({"headers": headers} if headers else {})}
    return document


def _headers_on_all(responses: dict[str, Any]) -> dict[str, Any]:
    declared = [response.get("headers", {}) for response in responses.values()]
    if not declared:
        return {}
    return {name: header for name, header in declared[0].items() if all(name in other for other in declared)}


def install(app: FastAPI) -> None:
    """Make `app.openapi()` carry the common answers (before the API Design Rules adjustments, so they too
    declare the `API-Version` header)."""
    add_document_step(app, add_common_responses)
