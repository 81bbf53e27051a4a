"""`loonbrug serve --proxy-headers`: the client's address is taken from X-Forwarded-For only on requests from
the trusted proxies, which must be named (never everyone); uvicorn's own middleware does the work."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from gateway.cli import serve
from gateway.cli.main import build_parser, main
from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.proxies import UntrustedProxies
from gateway.security.gateway_keys import GatewayKeys
from gateway.settings import Settings, get_settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest import conftest as gateway_fixtures
from tests.ingest.conftest import ISSUER

gateway_key_dir = gateway_fixtures.gateway_key_dir
gateway_keys = gateway_fixtures.gateway_keys

PROXY = "10.1.2.3"
STRANGER = "192.0.2.9"


def _options(*argv: str, settings: Settings | None = None) -> dict[str, object]:
    args = build_parser("serve").parse_args(["serve", *argv])
    return serve.uvicorn_options(args, settings or Settings())


def test_proxy_headers_take_the_list_from_the_command_line_or_else_the_setting() -> None:
    from_flag = _options("gateway", "--proxy-headers", "--forwarded-allow-ips", "10.1.2.0/24, 10.9.0.7")
    assert (from_flag["proxy_headers"], from_flag["forwarded_allow_ips"]) == (
        True,
        ["10.1.2.0/24", "10.9.0.7"],
    )

    from_setting = _options("app", "--proxy-headers", settings=Settings(trusted_proxies="172.28.0.10"))
    assert (from_setting["proxy_headers"], from_setting["forwarded_allow_ips"]) == (True, ["172.28.0.10"])
    assert from_setting["port"] == 8001

    # Without the flag nothing is trusted, not even uvicorn's default of 127.0.0.1.
    assert _options("gateway", settings=Settings(trusted_proxies="172.28.0.10"))["proxy_headers"] is False


@pytest.mark.parametrize(
    "listed", ["*", "all", "0.0.0.0/0", "::/0", "10.0.0.1/8", "proxy.example", "10.0.0.0/33"]
)
def test_everyone_or_an_unreadable_address_is_refused(listed: str) -> None:
    with pytest.raises(UntrustedProxies):
        _options("gateway", "--proxy-headers", "--forwarded-allow-ips", listed)
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings(trusted_proxies=listed)


def test_proxy_headers_without_trusted_proxies_stop_with_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LOONBRUG_TRUSTED_PROXIES", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["serve", "gateway", "--proxy-headers"]) == 2
        assert "LOONBRUG_TRUSTED_PROXIES" in capsys.readouterr().err

        assert main(["serve", "gateway", "--forwarded-allow-ips", "*"]) == 2
        assert "iedereen" in capsys.readouterr().err

        monkeypatch.setenv("LOONBRUG_TRUSTED_PROXIES", "0.0.0.0/0")
        get_settings.cache_clear()
        assert main(["serve", "app", "--proxy-headers"]) == 2
        assert "LOONBRUG_TRUSTED_PROXIES: Value error, '0.0.0.0/0' omvat elk adres" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


@pytest.fixture
def limited_gateway(database: Database, sealer: Sealer, gateway_keys: GatewayKeys) -> FastAPI:
    """The agency API allowing one token request per client address (so the address it sees shows)."""
    config = IngestConfig(issuer=ISSUER, token_burst=1, token_rate=0.001)
    return create_app(database=database, sealer=sealer, keys=gateway_keys, config=config)


def _token_statuses(app: object, peer: str, forwarded_for: list[str]) -> list[int]:
    """POST /v1/oauth/token once per X-Forwarded-For value, arriving from `peer`."""

    async def send() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=(peer, 40000))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url=ISSUER) as client:
            return [
                (
                    await client.post("/v1/oauth/token", headers={"X-Forwarded-For": value}, content=b"")
                ).status_code
                for value in forwarded_for
            ]

    # In a thread of its own: an earlier test (Playwright's sync API) may leave a loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, send()).result()


def test_the_gateway_sees_the_client_behind_a_trusted_proxy_and_nobody_else_can_choose_an_address(
    limited_gateway: FastAPI,
) -> None:
    options = _options("gateway", "--proxy-headers", "--forwarded-allow-ips", "10.1.2.0/24")
    config = uvicorn.Config(limited_gateway, **options)  # type: ignore[arg-type]
    config.load()
    served = config.loaded_app

    # Through the proxy: two clients are two addresses (each its own limit); the same client twice is limited.
    assert _token_statuses(served, PROXY, ["198.51.100.7", "198.51.100.8"]) == [415, 415]
    assert _token_statuses(served, PROXY, ["198.51.100.7"]) == [429]
    # A caller that is not the proxy cannot pick its address with the header: it is its own address.
    assert _token_statuses(served, STRANGER, ["198.51.100.20", "198.51.100.21"]) == [415, 429]
