"""The ADR headers are on every response; an endpoint may choose its own Cache-Control."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from starlette.testclient import TestClient

from gateway.web.app import create_api
from gateway.web.headers import SECURITY_HEADERS


def test_headers_on_success_error_and_redirect_free_paths() -> None:
    app = create_api(title="Proef", version="1.4.2", description="Proef")

    @app.get("/v1/ding")
    def thing() -> dict[str, str]:
        return {"a": "b"}

    @app.get("/v1/openbaar")
    def public() -> JSONResponse:
        return JSONResponse({}, headers={"Cache-Control": "public, max-age=60"})

    with TestClient(app) as client:
        responses = [
            client.get("/v1/ding"),
            client.get("/v1/ding/", follow_redirects=False),
            client.get("/v1/openbaar"),
        ]

    ok, slash, public_response = responses
    assert slash.status_code == 404
    for response in (ok, slash):
        assert response.headers["api-version"] == "1.4.2"
        for name, value in SECURITY_HEADERS:
            assert response.headers[name] == value
    assert public_response.headers["cache-control"] == "public, max-age=60"
    assert public_response.headers["x-frame-options"] == "DENY"
