"""Schemathesis over an API's own OpenAPI document, through the real ASGI app (issue 14, point 5).

`campaign` generates requests for every operation of the document (valid ones, and ones the document
says are invalid), sends them with the caller's headers and collects each response that is a server
error or contradicts the document: an undocumented status, content type or header, or a body that does
not match its schema. (Schemathesis's check that invalid input is refused is left out: the caller's
token is added to every request, so a case meant to lack it does not, and an unknown query parameter
is ignored, which the document does not forbid.) The suite runs a small campaign per role; run a
larger one by hand with `LOONBRUG_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests -k schemathesis`.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, SerializationContext
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import ASGIApp

from gateway.ingest.endpoints import JOSE_MEDIA_TYPE

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

EXAMPLES_VARIABLE = "LOONBRUG_FUZZ_EXAMPLES"


@schemathesis.serializer(JOSE_MEDIA_TYPE)
def _jose(context: SerializationContext, value: Any) -> bytes:
    """A push body as sent: the compact JWE text (schemathesis has no serializer for application/jose)."""
    return value.encode() if isinstance(value, str) else json.dumps(value).encode()


def examples(default: int) -> int:
    """Examples per campaign: `default` in the suite, more when the environment asks for it."""
    return int(os.environ.get(EXAMPLES_VARIABLE, default))


@dataclass
class Findings:
    """What a campaign saw: the number of requests and each distinct contradiction."""

    requests: int = 0
    problems: dict[str, str] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    """Answers by status: shows whether the requests got past authentication and validation."""

    def report(self) -> str:
        """One line per finding (operation, check and the case to replay it)."""
        return "\n\n".join(f"{key}\n{value}" for key, value in sorted(self.problems.items()))


def _failures(error: BaseException) -> list[Failure]:
    if isinstance(error, FailureGroup):
        return [failure for failure in error.exceptions if isinstance(failure, Failure)]
    return [error] if isinstance(error, Failure) else []


Headers = Mapping[str, str] | Callable[[str, str], Mapping[str, str]]
"""Fixed request headers, or a function of (method, path) making them for each request (DPoP proofs)."""


def campaign(
    app: ASGIApp,
    *,
    headers: Headers,
    max_examples: int,
    path_parameters: Mapping[str, str] | None = None,
    findings: Findings | None = None,
) -> Findings:
    """Send `max_examples` generated requests (all operations, valid and invalid) and collect findings.

    `path_parameters` fixes ids that exist, so requests reach past the 404 of an unknown id.
    """
    found = findings or Findings()
    # The readiness probe opens a connection of its own, which the test database's open transaction
    # holds off on SQLite; it answers its documented 503 then, which is not what is tested here.
    schema = schemathesis.openapi.from_asgi("/v1/openapi.json", app).exclude(path_regex=r"/health/")
    strategies = [schema.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    if path_parameters:
        strategies.append(schema.as_strategy(GenerationMode.POSITIVE, path_parameters=dict(path_parameters)))

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def send(case: Any) -> None:
        sent = dict(headers(case.method, f"/v1{case.formatted_path}") if callable(headers) else headers)
        response = case.call(headers=sent)
        found.requests += 1
        found.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=sent)
        except (AssertionError, FailureGroup) as error:
            for failure in _failures(error) or [error]:
                title = getattr(failure, "title", type(failure).__name__)
                key = f"{case.operation.label}: {title} ({response.status_code})"
                found.problems.setdefault(key, f"{failure}\n{case.as_curl_command()}"[:1500])

    send()
    return found
