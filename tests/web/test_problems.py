"""One error class, one renderer: every error of an API built on gateway.web is a problem document."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi import Request
from pydantic import BaseModel, Field
from starlette.testclient import TestClient

from gateway.web.app import create_api
from gateway.web.body import read_limited_body
from gateway.web.errors import Conflict, NotFound, TooManyRequests
from schemas.problems import InvalidParam


class Aanvraag(BaseModel):
    """A request body with a few rules."""

    naam: str = Field(min_length=2)
    aantal: int = Field(ge=1)
    bsn: str = Field(pattern=r"^\d{9}$")


@pytest.fixture
def client() -> Iterator[TestClient]:
    """An API with endpoints that fail in every way."""
    app = create_api(title="Proef", version="2.1.0", description="Proef-API")

    @app.get("/v2/niet-gevonden")
    def missing() -> None:
        raise NotFound("Deze zaak bestaat niet.")

    @app.get("/v2/conflict")
    def conflict() -> None:
        raise Conflict(
            "Twee fouten.",
            code="dubbel",
            invalid_params=[
                InvalidParam(name="a", code="x", reason="Fout a."),
                InvalidParam(name="b", code="y", reason="Fout b."),
            ],
        )

    @app.get("/v2/te-veel")
    def too_many() -> None:
        raise TooManyRequests(retry_after=7)

    @app.post("/v2/aanvragen")
    def create(aanvraag: Aanvraag) -> dict[str, str]:
        return {"naam": aanvraag.naam}

    @app.get("/v2/kapot")
    def broken() -> None:
        secret = "999900006"
        raise RuntimeError(f"database weigert rij met bsn {secret}")

    @app.post("/v2/body")
    async def body(request: Request) -> dict[str, int]:
        return {"grootte": len(await read_limited_body(request, limit=10))}

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_api_error_is_rendered_with_its_status_and_code(client: TestClient) -> None:
    response = client.get("/v2/niet-gevonden")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Niet gevonden",
        "status": 404,
        "detail": "Deze zaak bestaat niet.",
        "instance": "/v2/niet-gevonden",
        "code": "not_found",
    }


def test_invalid_params_are_all_listed(client: TestClient) -> None:
    body = client.get("/v2/conflict").json()

    assert body["code"] == "dubbel"
    assert [p["name"] for p in body["invalidParams"]] == ["a", "b"]


def test_error_headers_are_sent(client: TestClient) -> None:
    response = client.get("/v2/te-veel")

    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"


def test_request_validation_lists_every_field_without_the_input(client: TestClient) -> None:
    response = client.post("/v2/aanvragen", json={"naam": "x", "aantal": 0, "bsn": "12345678X"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input"
    assert {(p["name"], p["code"]) for p in body["invalidParams"]} == {
        ("naam", "string_too_short"),
        ("aantal", "greater_than_equal"),
        ("bsn", "string_pattern_mismatch"),
    }
    assert "12345678X" not in response.text


def test_a_body_that_is_not_json_is_one_problem(client: TestClient) -> None:
    response = client.post("/v2/aanvragen", content=b"{kapot", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "json_invalid"


def test_a_crash_is_a_bare_500_and_its_message_stays_out_of_the_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    response = client.get("/v2/kapot")

    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "999900006" not in response.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "onverwachte fout RuntimeError bij GET /v2/kapot" in logged
    assert "999900006" not in logged
    assert response.headers["api-version"] == "2.1.0"


def test_the_openapi_document_lives_under_the_major_version(client: TestClient) -> None:
    assert client.get("/v2/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404


def test_a_body_over_the_limit_is_413_by_its_declared_length(client: TestClient) -> None:
    response = client.post("/v2/body", content=b"x" * 11)

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_a_streamed_body_over_the_limit_is_413_while_reading(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"12345"
        yield b"67890"
        yield b"X"

    response = client.post("/v2/body", content=chunks())

    assert response.status_code == 413
    assert client.post("/v2/body", content=b"1234567890").json() == {"grootte": 10}


def test_openapi_documents_400_problems_instead_of_fastapis_422(client: TestClient) -> None:
    document = client.get("/v2/openapi.json").json()

    responses = document["paths"]["/aanvragen"]["post"]["responses"]
    assert "422" not in responses
    assert responses["400"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert "invalidParams" in document["components"]["schemas"]["Problem"]["properties"]
