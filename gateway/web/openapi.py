"""OpenAPI as the APIs really answer, written to the NL API Design Rules (Logius ADR).

FastAPI's generated document is adjusted in one place, when it is first asked for:
- invalid input is a 400 problem document, never FastAPI's 422;
- an error response is described as `application/problem+json` only, the one type it is sent as;
- `servers` carries the major version (`…/v1`, ADR /core/uri-version), so the paths do not repeat it;
- `info.contact` names who answers for the API (ADR /core/doc-openapi-contact);
- every response declares the `API-Version` header the middleware sends (ADR /core/version-header);
- component schema names are UpperCamelCase (pydantic's `Page[WeekSummary]`, `DayHours-Input`);
- an optional scalar is `type: [T, "null"]` with its `format` beside it, so a date stays `format: date`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gateway.settings import Settings
from schemas.problems import Problem

_FASTAPI_VALIDATION = "#/components/schemas/HTTPValidationError"
_PROBLEM_REF = "#/components/schemas/Problem"
_SCHEMA_REF_PREFIX = "#/components/schemas/"
VERSION_HEADER = "API-Version"
_VERSION_HEADER_REF = {"$ref": f"#/components/headers/{VERSION_HEADER}"}


@dataclass(frozen=True, slots=True)
class Publication:
    """Where an API is published and who answers questions about it."""

    public_url: str
    """The scheme and host the API is reached at, e.g. `https://loonbrug.gemeente.example`."""
    contact_name: str
    contact_email: str
    contact_url: str

    @classmethod
    def from_settings(cls, settings: Settings, public_url: str) -> Publication:
        """The publication of the API reached at `public_url`, with the contact from the settings."""
        return cls(
            public_url=public_url,
            contact_name=settings.api_contact_name,
            contact_email=settings.api_contact_email,
            contact_url=settings.api_contact_url,
        )

    def servers(self, major: str) -> list[dict[str, str]]:
        """The `servers` list: the public https address, else the address relative to the document.

        A development address is plain http; a relative `/v1` is then right wherever the document is
        served from, and tells no client to use an unencrypted address.
        """
        base = f"/v{major}"
        if self.public_url.startswith("https://"):
            return [{"url": self.public_url.rstrip("/") + base}]
        return [{"url": base, "description": "Deze server"}]

    def contact(self) -> dict[str, str]:
        """The `info.contact` object."""
        return {"name": self.contact_name, "email": self.contact_email, "url": self.contact_url}


DocumentStep = Callable[[dict[str, Any]], dict[str, Any]]
"""An app's own addition to its OpenAPI document (e.g. responses every operation can give)."""


def install_openapi(app: FastAPI, publication: Publication) -> None:
    """Make `app.openapi()` return the document adjusted to the API Design Rules (see module doc)."""
    major = str(app.version).split(".")[0]
    steps: list[DocumentStep] = []
    app.state.openapi_steps = steps

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                servers=publication.servers(major),
                contact=publication.contact(),
            )
            problems_for_validation(generated)
            for step in steps:
                step(generated)
            # Steps may share one response object between operations; the adjustments below change
            # objects in place and must not reach back into the modules those came from.
            document = copy.deepcopy(generated)
            problems_only_as_problem_json(document)
            paths_below_server(document, f"/v{major}")
            declare_version_header(document, app.version)
            upper_camel_schema_names(document)
            nullable_scalars_as_type_lists(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def add_document_step(app: FastAPI, step: DocumentStep) -> None:
    """Let `step` add to the app's OpenAPI document before the API Design Rules adjustments run.

    Wrapping `app.openapi` instead would add after them: responses without the `API-Version` header,
    paths still carrying `/v1`.
    """
    steps: list[DocumentStep] = app.state.openapi_steps
    steps.append(step)


def problems_for_validation(document: dict[str, Any]) -> dict[str, Any]:
    """Replace FastAPI's generated 422 responses by a 400 `application/problem+json` response."""
    replaced = False
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            generated = responses.get("422", {})
            schema = generated.get("content", {}).get("application/json", {}).get("schema", {})
            if schema.get("$ref") != _FASTAPI_VALIDATION:
                continue
            del responses["422"]
            responses.setdefault(
                "400",
                {
                    "description": "De invoer klopt niet; invalidParams noemt elk probleem.",
                    "content": {"application/problem+json": {"schema": {"$ref": _PROBLEM_REF}}},
                },
            )
            replaced = True
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if replaced or _PROBLEM_REF in str(document.get("paths", {})):
        schemas.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
        for name, definition in (
            Problem.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {}).items()
        ):
            schemas.setdefault(name, definition)
        schemas["Problem"].pop("$defs", None)
    if not any(_FASTAPI_VALIDATION in str(path) for path in document.get("paths", {}).values()):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return document


def problems_only_as_problem_json(document: dict[str, Any]) -> dict[str, Any]:
    """Describe an error body as `application/problem+json` with the `Problem` schema, and only so.

    An endpoint declaring `{"model": Problem, "content": {"application/problem+json": {}}}` gets both media
    types from FastAPI, the schema only under the one the API never sends for an error; one declaring
    only the media type gets no schema at all.
    """
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] not in {"4", "5"} or "application/problem+json" not in content:
                    continue
                plain = content.get("application/json", {})
                if plain.get("schema", {}).get("$ref") == _PROBLEM_REF:
                    del content["application/json"]
                # Every error body is a Problem (gateway.web.problems renders them all).
                content["application/problem+json"].setdefault("schema", {"$ref": _PROBLEM_REF})
    return document


def paths_below_server(document: dict[str, Any], base: str) -> dict[str, Any]:
    """Write each path relative to the server URL, which ends in `base` (`/v1`)."""
    paths: dict[str, Any] = {}
    for path, item in document.get("paths", {}).items():
        if not path.startswith(base + "/"):
            raise ValueError(f"{path} ligt niet onder {base}: de server-URL zou het verkeerde pad geven")
        paths[path.removeprefix(base)] = item
    document["paths"] = paths
    return document


def declare_version_header(document: dict[str, Any], version: str) -> dict[str, Any]:
    """Declare `API-Version` on every response, as `ApiShellMiddleware` sends it on every response."""
    headers = document.setdefault("components", {}).setdefault("headers", {})
    headers[VERSION_HEADER] = {
        "description": "De volledige versie van de API (semantic versioning).",
        "required": True,
        "schema": {"type": "string", "example": version},
    }
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {})[VERSION_HEADER] = dict(_VERSION_HEADER_REF)
    return document


def upper_camel(name: str) -> str:
    """`Page_WeekSummary_` -> `PageWeekSummary`, `DayHours-Input` -> `DayHoursInput`."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name))


def upper_camel_schema_names(document: dict[str, Any]) -> dict[str, Any]:
    """Rename component schemas to UpperCamelCase and point every `$ref` at the new name.

    Only the component names change: the JSON field names of the API stay as they are.
    """
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    renamed = {name: upper_camel(name) for name in schemas}
    if len(set(renamed.values())) != len(renamed):
        raise ValueError("twee schema's krijgen dezelfde naam in UpperCamelCase")
    document["components"]["schemas"] = {renamed[name]: schema for name, schema in schemas.items()}

    def rewrite(node: Any) -> None:
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith(_SCHEMA_REF_PREFIX):
                node["$ref"] = _SCHEMA_REF_PREFIX + renamed[reference.removeprefix(_SCHEMA_REF_PREFIX)]
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(document)
    return document


def nullable_scalars_as_type_lists(document: dict[str, Any]) -> dict[str, Any]:
    """Turn pydantic's `anyOf: [{type: T, format: F}, {type: null}]` into `type: [T, "null"], format: F`.

    Both say the same in OpenAPI 3.1; the second keeps `format` on the property itself, where readers
    and the ADR linter look for it (a date must say `format: date`).
    """

    def simplify(node: Any) -> None:
        if isinstance(node, dict):
            choices = node.get("anyOf")
            if isinstance(choices, list) and len(choices) == 2 and {"type": "null"} in choices:
                (other,) = [choice for choice in choices if choice != {"type": "null"}]
                # An enum or const without null would refuse the null that the type list allows.
                if isinstance(other.get("type"), str) and not {"$ref", "enum", "const"} & other.keys():
                    del node["anyOf"]
                    node.update({**other, "type": [other["type"], "null"]})
            for value in node.values():
                simplify(value)
        elif isinstance(node, list):
            for value in node:
                simplify(value)

    simplify(document)
    return document
