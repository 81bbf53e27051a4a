"""OpenAPI as the APIs really answer: invalid input is a 400 problem document, never FastAPI's 422."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from schemas.problems import Problem

_FASTAPI_VALIDATION = "#/components/schemas/HTTPValidationError"
_PROBLEM_REF = "#/components/schemas/Problem"


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` document 400 problem responses where FastAPI documents its 422."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            app.openapi_schema = problems_for_validation(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


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
    if replaced:
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
