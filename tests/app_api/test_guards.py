"""The guards in front of the app API: body sizes per route before authentication, rates per client,
page sizes capped in the description."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app_api.app import create_app
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.pagination import MAX_PAGE_SIZE
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World

CHUNK = 64 * 1024


@dataclass
class Sent:
    """How many chunks of a streamed body the app pulled."""

    chunks: int = 0


def _stream(sent: Sent, *, chunks: int) -> AsyncIterator[bytes]:
    async def body() -> AsyncIterator[bytes]:
        for _ in range(chunks):
            sent.chunks += 1
            yield b"x" * CHUNK

    return body()


def _post(
    app: FastAPI,
    path: str,
    body: AsyncIterator[bytes] | bytes,
    headers: dict[str, str],
    client: tuple[str, int] = ("192.0.2.10", 40000),
) -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.post(path, content=body, headers=headers)

    # In a thread of its own: an earlier test (Playwright's sync API) may leave a loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, send()).result()


def test_a_declared_oversized_body_is_refused_before_any_of_it_is_read_or_the_token_checked(
    app: FastAPI,
) -> None:
    sent = Sent()
    declared = str(200 * 1024 * 1024)
    response = _post(
        app,
        "/v1/werkenden",
        _stream(sent, chunks=3200),
        {"Content-Type": "application/json", "Content-Length": declared},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "payload_too_large"
    assert response.headers["API-Version"]
    assert sent.chunks <= 1


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(app: FastAPI) -> None:
    sent = Sent()
    response = _post(app, "/v1/werkenden", _stream(sent, chunks=3200), {"Content-Type": "application/json"})

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    # The default limit is one chunk; the app stops pulling right after the chunk that crossed it.
    assert sent.chunks <= 3


def test_limits_are_per_route(app: FastAPI) -> None:
    body = b"{" + b" " * (100 * 1024) + b"}"
    headers = {"Content-Type": "application/json"}

    small_route = _post(app, "/v1/werkenden", body, headers)
    policy_route = _post(app, "/v1/facturen", body, headers)

    assert small_route.status_code == 413
    # Invoices may be larger: this one passes the guard and is then refused for its missing token.
    assert policy_route.status_code == 401


def test_a_client_over_its_rate_gets_429_with_retry_after_and_others_go_on(
    settings: Settings, database: Database, keyring: Keyring
) -> None:
    app = create_app(
        settings=settings,
        api_settings=AppApiSettings(issuers=[], rate_per_second=0.01, rate_burst=3),
        database=database,
        keyring=keyring,
    )
    headers = {"Content-Type": "application/json"}
    answers = [_post(app, "/v1/werkenden", b"{}", headers).status_code for _ in range(4)]
    refused = _post(app, "/v1/werkenden", b"{}", headers)
    other_client = _post(app, "/v1/werkenden", b"{}", headers, client=("192.0.2.99", 40000))

    assert answers == [401, 401, 401, 429]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["Retry-After"]) >= 1
    assert other_client.status_code == 401


def test_every_list_states_its_largest_page_and_a_larger_one_is_refused(
    client: TestClient, world: World, token: Tokens, tmp_path: Path
) -> None:
    document = client.get("/v1/openapi.json").json()
    page_sizes = [
        parameter
        for operations in document["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "pageSize"
    ]
    headers = bearer(token(Role.CONSULTANT, world.consultant.subject))

    too_large = client.get(f"/v1/caseload?pageSize={MAX_PAGE_SIZE + 1}", headers=headers)
    largest = client.get(f"/v1/caseload?pageSize={MAX_PAGE_SIZE}", headers=headers)

    assert len(page_sizes) >= 8
    assert all(parameter["schema"]["maximum"] == MAX_PAGE_SIZE for parameter in page_sizes)
    assert too_large.status_code == 400
    assert [param["name"] for param in too_large.json()["invalidParams"]] == ["pageSize"]
    assert largest.status_code == 200


def test_every_operation_documents_the_guards_answers(client: TestClient) -> None:
    document = client.get("/v1/openapi.json").json()
    operations = [operation for operations in document["paths"].values() for operation in operations.values()]

    assert all({"413", "429"} <= set(operation["responses"]) for operation in operations)
