"""Schemathesis over the agency API's OpenAPI document with a valid agency token: no server error and no
response that contradicts the document, the token endpoint and the push included (issue 14, point 5)."""

from __future__ import annotations

from fastapi import FastAPI

from tests.fuzzing import campaign, examples


def test_schemathesis_finds_no_server_error_and_no_contradiction(app: FastAPI, token: str) -> None:
    findings = campaign(app, headers={"Authorization": f"Bearer {token}"}, max_examples=examples(150))

    print(f"schemathesis: {findings.requests} verzoeken aan de aanlever-API")  # shown with -s
    assert findings.requests >= examples(150) // 2
    assert not findings.problems, f"{findings.requests} verzoeken:\n{findings.report()}"
