"""Every route of the app API × every role, with the status each must get.

Rows are routes; columns are the callers: the worker whose data it is, another worker of the same
municipality, the worker's consultant, a consultant of another municipality, a team lead, an auditor,
an administrator and an anonymous caller. Another person's or municipality's data is 404 (never 403);
a role that has no business on a route is 403; no token is 401. Write routes are built so that
repeating them gives the same status (new bodies per caller), and the one state change that cannot
repeat (the settlement workflow) is asked for in a way the workflow refuses (409): its success paths
are tested in test_settlements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy.orm import Session

from app_api.app import ROUTERS
from app_api.auth.principal import Role
from gateway.store import agencies, bookkeepers, enrollments
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World
from tests.factories import TEST_BSNS

CALLERS = (
    "worker",
    "other_worker",
    "consultant",
    "other_consultant",
    "team_lead",
    "auditor",
    "admin",
    "anonymous",
)

# Expected statuses, one per caller in the order of CALLERS.
OWN_DATA = (200, 200, 403, 403, 403, 403, 403, 401)
CASE_READ = (403, 403, 200, 404, 200, 403, 403, 401)
CASE_WRITE = (403, 403, 201, 404, 201, 403, 403, 401)
ENROLLMENT_READ = (403, 403, 200, 404, 200, 403, 200, 401)
ADMIN_ONLY = (403, 403, 403, 403, 403, 403, 200, 401)
OWN_WRITE = (201, 201, 403, 403, 403, 403, 403, 401)


@dataclass(frozen=True)
class Case:
    """One route (its OpenAPI path) with a body per caller and what each caller gets."""

    method: str
    template: str
    expected: tuple[int, ...]
    body: Callable[[World, str], Any] | None = None


def _household(world: World, caller: str) -> dict[str, Any]:
    return {
        "validFrom": "2026-02-01",
        "facts": {"benefitStart": "2026-01-01", "householdType": "alleenstaand", "costSharers": 0},
    }


def _new_worker(world: World, caller: str) -> dict[str, Any]:
    return {"bsn": TEST_BSNS[3 + CALLERS.index(caller)], "name": f"Nieuw {caller}", "birthDate": "1991-03-04"}


def _invoice(world: World, caller: str) -> dict[str, Any]:
    return {
        "invoiceNumber": f"2026-{caller}",
        "invoiceDate": "2026-02-10",
        "client": "Stichting Buurthuis De Kroon",
        "amountExclVat": "120.00",
    }


def _mandate(world: World, caller: str) -> dict[str, Any]:
    return {"bookkeeperId": "00000000-0000-4000-8000-000000000000", "validFrom": "2026-02-01"}


def _mandate_end(world: World, caller: str) -> dict[str, Any]:
    return {"validTo": "2026-03-31"}


def _cost(world: World, caller: str) -> dict[str, Any]:
    return {
        "costId": f"bon-{caller}",
        "costDate": "2026-02-10",
        "amountExclVat": "12.00",
        "category": "overig",
    }


def _new_key(world: World, caller: str) -> dict[str, Any]:
    return {"jwk": ECKey.generate_key("P-256", auto_kid=True).as_dict(private=False)}


CASES = (
    Case("GET", "/v1/mij/weken", OWN_DATA),
    Case("GET", "/v1/mij/weken/{week}", OWN_DATA),
    Case("GET", "/v1/mij/nog-te-verdienen", OWN_DATA),
    Case("GET", "/v1/mij/maanden", OWN_DATA),
    Case("GET", "/v1/mij/maanden/{month}", OWN_DATA),
    Case("GET", "/v1/mij/maanden/{month}/samenvatting", OWN_DATA),
    Case("GET", "/v1/mij/loonstroken", OWN_DATA),
    Case("GET", "/v1/mij/loonstroken/{payslipId}", (200, 404, 403, 403, 403, 403, 403, 401)),
    Case("GET", "/v1/mij/uitzendbureaus", OWN_DATA),
    Case("GET", "/v1/caseload", (403, 403, 200, 200, 200, 403, 403, 401)),
    Case("GET", "/v1/te-beoordelen", (403, 403, 403, 403, 200, 403, 403, 401)),
    # No such signal: the municipality's staff reach it and hear 404 (tests/app_api/test_work_queue.py).
    Case(
        "POST",
        "/v1/werkenden/{workerId}/signalen/{signalId}/afhandeling",
        (403, 403, 404, 404, 404, 403, 403, 401),
        lambda world, caller: {"action": "afwijzen", "reason": "klopt"},
    ),
    Case("POST", "/v1/werkenden", (403, 403, 201, 201, 201, 403, 201, 401), _new_worker),
    Case("GET", "/v1/werkenden/{workerId}", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/weken", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/weken/{week}", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/nog-te-verdienen", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/maanden", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/maanden/{month}", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/maanden/{month}/versies", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/maanden/{month}/versies/{version}", CASE_READ),
    Case(
        "POST",
        "/v1/werkenden/{workerId}/maanden/{month}/overgangen",
        (403, 403, 409, 404, 409, 403, 403, 401),
        lambda world, caller: {"to": "geexporteerd", "version": 1},
    ),
    Case(
        "POST",
        "/v1/exporten",
        (403, 403, 404, 404, 404, 403, 403, 401),
        lambda world, caller: {"month": "2026-02", "format": "csv"},
    ),
    Case("GET", "/v1/exporten/{month}", (403, 403, 404, 404, 404, 403, 403, 401)),
    Case("GET", "/v1/werkenden/{workerId}/loonstroken", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/loonstroken/{payslipId}", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/huishouden", CASE_READ),
    Case("POST", "/v1/werkenden/{workerId}/huishouden", CASE_WRITE, _household),
    Case("GET", "/v1/werkenden/{workerId}/voorschotten", CASE_READ),
    Case(
        "POST",
        "/v1/werkenden/{workerId}/voorschotten",
        CASE_WRITE,
        lambda world, caller: {"month": "2026-03", "amount": "900.00"},
    ),
    Case(
        "POST",
        "/v1/werkenden/{workerId}/beeindiging",
        CASE_WRITE,
        lambda world, caller: {"endDate": "2026-02-28", "reason": "werk"},
    ),
    Case("GET", "/v1/werkenden/{workerId}/beeindiging", CASE_READ),
    # Not computed: the jobs do not run in this test.
    Case("GET", "/v1/werkenden/{workerId}/eindafrekening", (403, 403, 404, 404, 404, 403, 403, 401)),
    # Invoices and costs of the worker's own business: a new number per caller keeps each POST a 201; the
    # e-invoice routes are sent JSON, which every caller allowed that far hears is no XML (415).
    Case("GET", "/v1/mij/facturen", OWN_DATA),
    Case("GET", "/v1/mij/kosten", OWN_DATA),
    Case("POST", "/v1/mij/facturen", OWN_WRITE, _invoice),
    Case("POST", "/v1/mij/kosten", OWN_WRITE, _cost),
    Case("POST", "/v1/mij/facturen/ubl", (415, 415, 403, 403, 403, 403, 403, 401), _invoice),
    # An unknown bookkeeper or mandate: whoever reaches the route hears 400 or 404 (test_mandates.py).
    Case("GET", "/v1/mij/machtigingen", OWN_DATA),
    Case("GET", "/v1/mij/boekhouders", OWN_DATA),
    Case("POST", "/v1/mij/machtigingen", (400, 400, 403, 403, 403, 403, 403, 401), _mandate),
    Case("PATCH", "/v1/mij/machtigingen/{mandateId}", (404, 404, 403, 403, 403, 403, 403, 401), _mandate_end),
    Case("GET", "/v1/boekhouders", (403, 403, 200, 200, 200, 403, 200, 401)),
    Case("GET", "/v1/werkenden/{workerId}/machtigingen", CASE_READ),
    Case(
        "POST",
        "/v1/werkenden/{workerId}/machtigingen",
        (403, 403, 400, 404, 400, 403, 403, 401),
        _mandate,
    ),
    Case(
        "PATCH",
        "/v1/werkenden/{workerId}/machtigingen/{mandateId}",
        (403, 403, 404, 404, 404, 403, 403, 401),
        _mandate_end,
    ),
    Case("GET", "/v1/werkenden/{workerId}/facturen", CASE_READ),
    Case("GET", "/v1/werkenden/{workerId}/kosten", CASE_READ),
    Case("POST", "/v1/werkenden/{workerId}/facturen", CASE_WRITE, _invoice),
    Case("POST", "/v1/werkenden/{workerId}/kosten", CASE_WRITE, _cost),
    Case("POST", "/v1/werkenden/{workerId}/facturen/ubl", (403, 403, 415, 415, 415, 403, 403, 401), _invoice),
    # The consultant withdraws the end; after that the team lead finds none to withdraw.
    Case("DELETE", "/v1/werkenden/{workerId}/beeindiging", (403, 403, 204, 404, 404, 403, 403, 401)),
    Case("GET", "/v1/werkenden/{workerId}/bufferbudget", CASE_READ),
    # The test world's municipality does not use the bufferbudget.
    Case(
        "POST",
        "/v1/werkenden/{workerId}/bufferbudget",
        (403, 403, 409, 404, 409, 403, 403, 401),
        lambda world, caller: {"month": "2026-02", "kind": "aanvulling", "amount": "10.00"},
    ),
    Case("GET", "/v1/mij/bufferbudget", OWN_DATA),
    Case("GET", "/v1/werkenden/{workerId}/inschrijvingen", ENROLLMENT_READ),
    Case(
        "POST",
        "/v1/werkenden/{workerId}/inschrijvingen",
        (403, 403, 201, 404, 201, 403, 201, 401),
        lambda world, caller: {"agencyId": world.agency.id, "validFrom": "2026-03-01"},
    ),
    Case(
        "PATCH",
        "/v1/werkenden/{workerId}/inschrijvingen/{enrollmentId}",
        ENROLLMENT_READ,
        lambda world, caller: {"validTo": "2026-12-31"},
    ),
    Case("GET", "/v1/beheer/beleid", ADMIN_ONLY),
    Case("PATCH", "/v1/beheer/beleid", ADMIN_ONLY, lambda world, caller: {"payoutDay": 3}),
    Case("GET", "/v1/beheer/uitzendbureaus", ADMIN_ONLY),
    Case(
        "POST",
        "/v1/beheer/uitzendbureaus",
        (403, 403, 403, 403, 403, 403, 201, 401),
        lambda world, caller: {"name": f"Bureau {caller}", "clientId": f"bureau-{caller}"},
    ),
    Case("GET", "/v1/beheer/uitzendbureaus/{agencyId}", ADMIN_ONLY),
    Case(
        "POST",
        "/v1/beheer/uitzendbureaus/{agencyId}/sleutels",
        (403, 403, 403, 403, 403, 403, 201, 401),
        _new_key,
    ),
    Case(
        "DELETE",
        "/v1/beheer/uitzendbureaus/{agencyId}/sleutels/{kid}",
        (403, 403, 403, 403, 403, 403, 204, 401),
    ),
    Case("GET", "/v1/beheer/boekhouders", ADMIN_ONLY),
    Case(
        "POST",
        "/v1/beheer/boekhouders",
        (403, 403, 403, 403, 403, 403, 201, 401),
        lambda world, caller: {"name": f"Boekhouder {caller}", "clientId": f"boekhouder-{caller}"},
    ),
    Case("GET", "/v1/beheer/boekhouders/{bookkeeperId}", ADMIN_ONLY),
    Case(
        "POST",
        "/v1/beheer/boekhouders/{bookkeeperId}/sleutels",
        (403, 403, 403, 403, 403, 403, 201, 401),
        _new_key,
    ),
    Case(
        "DELETE",
        "/v1/beheer/boekhouders/{bookkeeperId}/sleutels/{kid}",
        (403, 403, 403, 403, 403, 403, 204, 401),
    ),
    Case("GET", "/v1/beheer/parameters", ADMIN_ONLY),
    Case("GET", "/v1/beheer/parameters/onbevestigd", ADMIN_ONLY),
    Case("GET", "/v1/beheer/parameters/{key}", ADMIN_ONLY),
    Case(
        "POST",
        "/v1/beheer/parameters",
        (403, 403, 403, 403, 403, 403, 201, 401),
        lambda world, caller: {
            "key": "norm.single",
            "validFrom": "2026-07-01",
            "value": "1430.24",
            "source": "https://wetten.overheid.nl/BWBR0015703/2026-07-01",
            "article": "art. 21 onderdeel a Participatiewet",
        },
    ),
    # No such proposal: the administrator reaches the route and hears 404 (tests/app_api/test_parameters.py).
    Case("POST", "/v1/beheer/parameters/{proposalId}/bevestiging", (403, 403, 403, 403, 403, 403, 404, 401)),
    Case("GET", "/v1/auditlog", (403, 403, 403, 403, 403, 200, 403, 401)),
    Case("GET", "/v1/auditlog/verificatie", (403, 403, 403, 403, 403, 200, 200, 401)),
)


def _headers(world: World, token: Tokens) -> dict[str, dict[str, str]]:
    staff = {
        "consultant": (Role.CONSULTANT, world.consultant.subject),
        "other_consultant": (Role.CONSULTANT, world.other_consultant.subject),
        "team_lead": (Role.TEAM_LEAD, world.team_lead.subject),
        "auditor": (Role.AUDITOR, world.auditor.subject),
        "admin": (Role.ADMIN, world.admin.subject),
    }
    headers = {
        "worker": bearer(token(Role.WORKER, TEST_BSNS[0])),
        "other_worker": bearer(token(Role.WORKER, TEST_BSNS[1])),
        "anonymous": {},
    }
    headers.update({caller: bearer(token(role, subject)) for caller, (role, subject) in staff.items()})
    return headers


# Flextensie placements (app_api.placements) are another helper's module, with their own access tests.
OTHER_MODULES = ("app_api.placements",)


def test_every_route_is_in_the_matrix() -> None:
    routes = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and not route.endpoint.__module__.startswith(OTHER_MODULES)
        for method in route.methods or ()
    }
    assert routes == {(case.method, case.template) for case in CASES}


def test_each_route_answers_each_caller_as_expected(
    client: TestClient, world: World, token: Tokens, session: Session
) -> None:
    bookkeeper = bookkeepers.create(
        session=session,
        name="Boekhouding Noord",
        client_id="boekhouding-noord",
        managed_by_municipality_id=world.agency.managed_by_municipality_id,
    )
    for caller in CALLERS:
        for party in (world.agency, bookkeeper):
            key = ECKey.generate_key("P-256", auto_kid=True).as_dict(private=False)
            agencies.add_key(
                session=session, agency_id=party.id, kid=f"kid-{caller}", public_jwk=key, alg="ES256"
            )
    session.commit()
    values = {
        "workerId": world.worker.id,
        "payslipId": world.pay_records[0].id,
        "agencyId": world.agency.id,
        "bookkeeperId": bookkeeper.id,
        "enrollmentId": enrollments.for_worker(session=session, worker_id=world.worker.id)[0].id,
        "week": "2026-W06",
        "month": "2026-02",
        "version": "1",
        "key": "norm.single",
        "proposalId": "00000000-0000-4000-8000-000000000000",
        "signalId": "00000000-0000-4000-8000-000000000000",
        "mandateId": "00000000-0000-4000-8000-000000000000",
    }
    headers = _headers(world, token)
    wrong = []
    for case in CASES:
        for caller, expected in zip(CALLERS, case.expected, strict=True):
            path = case.template.format(**values, kid=f"kid-{caller}")
            body = case.body(world, caller) if case.body is not None else None
            response = client.request(case.method, path, headers=headers[caller], json=body)
            if response.status_code != expected:
                wrong.append(f"{case.method} {path} as {caller}: {response.status_code}, expected {expected}")
            if response.status_code >= 400:
                assert response.headers["content-type"] == "application/problem+json"
                assert TEST_BSNS[0] not in response.text
    assert not wrong, "\n".join(wrong)
