"""Schemathesis over the app API's OpenAPI document with a valid token of every role: no server error
and no response that contradicts the document (issue 14, point 5; tests/fuzzing.py)."""

from __future__ import annotations

from fastapi import FastAPI

from app_api.auth.principal import Role
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS
from tests.fuzzing import Findings, campaign, examples


def test_schemathesis_finds_no_server_error_and_no_contradiction_for_any_role(
    app: FastAPI, world: World, token: Tokens
) -> None:
    callers = {
        "werkende": token(Role.WORKER, TEST_BSNS[0]),
        "consulent": token(Role.CONSULTANT, world.consultant.subject),
        "teamleider": token(Role.TEAM_LEAD, world.team_lead.subject),
        "beheerder": token(Role.ADMIN, world.admin.subject),
        "auditor": token(Role.AUDITOR, world.auditor.subject),
    }
    known = {"workerId": world.worker.id, "agencyId": world.agency.id}
    findings = Findings()
    for caller in callers.values():
        campaign(
            app, headers=bearer(caller), max_examples=examples(60), path_parameters=known, findings=findings
        )

    print(f"schemathesis: {findings.requests} verzoeken aan de app-API, {dict(findings.statuses)}")
    assert findings.requests >= len(callers) * examples(60) // 2
    assert not findings.problems, f"{findings.requests} verzoeken:\n{findings.report()}"
