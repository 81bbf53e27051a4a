"""The consultant actor: what the income consultants and team leads of the pilot do, through the app API.

Each staff member signs in once (a development token of the built-in issuer) and works through the
real routes of the app API, with its authentication, four-eyes rule and audit records:

- the advance (voorschot) for a month, recorded on its first day: the estimate both regimes share
  (gateway.simulation.advance), from the last month the consultant approved, less the overpayments that
  month still carries forward: Loonbrug sets an overpayment off against the next payments (art. 58 lid 4)
  where the baseline claims it, and the engine sets off only against what is still to be paid, so the
  advance leaves that room;
- on the settlement day: the consultant proposes each worker's month (unless the proposals job already
  did), a team lead approves it (the second pair of eyes), and the team lead exports the month's approved
  settlements in one file for the benefit system; when the settlement offers a bufferbudget use (art.
  34b, where the municipality opted in) the consultant takes it first;
- a worker who leaves the benefit for a job: the consultant ends the case (`beeindiging`) the first
  working day after the last day of entitlement, and the final settlement (`eindafrekening`) is settled
  and exported like a month, on the settlement day of the last month.

Every action is one method; `ActorLog` counts the calls that changed something, per worker, and keeps
the advances recorded, so the metrics can compare them with what the store holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

import httpx

from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer
from app_api.dev_tokens import make_token
from gateway.simulation.advance import AdvanceRule
from gateway.simulation.asgi import Portal
from gateway.simulation.installation import APP_URL, Installation
from gateway.simulation.seeding import Seeded
from schemas.periods import Month

TOKEN_LIFETIME = dt.timedelta(hours=12)
"""Long enough for the longest run; the tokens are checked against the real clock."""
SETTLED = frozenset({"goedgekeurd", "geexporteerd"})


class Action(StrEnum):
    """The actions that change something, as counted per worker-month."""

    ADVANCE = "voorschot"
    PROPOSE = "voorstellen"
    APPROVE = "goedkeuren"
    EXPORT = "exporteren"
    END_CASE = "beeindigen"
    BUFFER = "bufferbudget"


class ActorFailed(Exception):
    """The app API answered a request of the actor unexpectedly: a fault in the simulation or the API."""

    def __init__(self, what: str, response: httpx.Response) -> None:
        super().__init__(f"{what}: HTTP {response.status_code} {response.text[:300]}")
        self.status = response.status_code


@dataclass
class ActorLog:
    """What the actor did: changing calls per action and per worker, reads, and the advances recorded."""

    actions: Counter[str] = field(default_factory=Counter)
    per_worker: Counter[str] = field(default_factory=Counter)
    """Changing calls per worker key (a month's export file counts once, for nobody in particular)."""
    reads: int = 0
    advances: dict[tuple[str, Month], Decimal] = field(default_factory=dict)
    approved: dict[tuple[str, Month], int] = field(default_factory=dict)
    """The version approved of each worker-month."""
    refused: Counter[str] = field(default_factory=Counter)
    """Steps the API refused, by problem code (e.g. a recomputation that is settled elsewhere)."""

    def count(self, action: Action, worker_key: str | None) -> None:
        """Count one changing call."""
        self.actions[action.value] += 1
        if worker_key is not None:
            self.per_worker[worker_key] += 1

    @property
    def total(self) -> int:
        """All changing calls."""
        return sum(self.actions.values())


@dataclass(frozen=True)
class Settled:
    """What the consultant remembers of a worker's last approved month: the income it counted, and the
    overpayments it still carries forward to be set off."""

    month: Month
    income: Decimal
    to_set_off: Decimal


class _Staff:
    """One signed-in staff member: an HTTP client with their bearer token."""

    def __init__(self, http: httpx.Client, log: ActorLog) -> None:
        self.http = http
        self.log = log

    def get(self, path: str) -> httpx.Response:
        self.log.reads += 1
        return self.http.get(path)

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.post(path, json=body)


def _ok(what: str, response: httpx.Response, status: int = 200) -> Any:
    if response.status_code != status:
        raise ActorFailed(what, response)
    return response.json()


class ConsultantActor:
    """The pilot's consultants and team leads (see the module docstring)."""

    def __init__(
        self,
        *,
        portal: Portal,
        app: Any,
        installation: Installation,
        seeded: Seeded,
        rule: AdvanceRule,
    ) -> None:
        self.seeded = seeded
        self.rule = rule
        self.log = ActorLog()
        self._settled: dict[str, Settled] = {}
        self._withheld: dict[tuple[str, Month], Decimal] = {}
        self._buffer_decided: set[tuple[str, Month]] = set()
        """What was withheld from each worker-month's advance to set an overpayment off."""
        self._clients: list[httpx.Client] = []
        issuer = DevIssuer.from_settings(installation.settings, AppApiSettings(issuers=[]))

        def sign_in(role: Role, subject: str) -> _Staff:
            token = make_token(
                issuer=issuer,
                database=installation.database,
                sealer=installation.sealer,
                role=role,
                who=subject,
                lifetime=TOKEN_LIFETIME,
            )
            http = portal.client(app=app, base_url=APP_URL, headers={"Authorization": f"Bearer {token}"})
            self._clients.append(http)
            return _Staff(http, self.log)

        self._consultants = {subject: sign_in(Role.CONSULTANT, subject) for subject in seeded.consultants}
        self._team_leads = [sign_in(Role.TEAM_LEAD, subject) for subject in seeded.team_leads]

    def close(self) -> None:
        """Sign out: close every connection."""
        for http in self._clients:
            http.close()

    def _consultant(self, worker_key: str) -> _Staff:
        return self._consultants[self.seeded.consultant_of[worker_key]]

    def _team_lead(self, worker_key: str) -> _Staff:
        consultants = self.seeded.consultants
        team = consultants.index(self.seeded.consultant_of[worker_key]) * len(self._team_leads)
        return self._team_leads[team // len(consultants)]

    def _month_path(self, worker_key: str, month: Month) -> str:
        return f"/v1/werkenden/{self.seeded.worker_ids[worker_key]}/maanden/{month}"

    def read_month(self, worker_key: str, month: Month) -> dict[str, Any] | None:
        """The newest version of a worker's month as the consultant sees it, or None when none exists."""
        response = self._consultant(worker_key).get(self._month_path(worker_key, month))
        if response.status_code == 404:
            return None
        detail: dict[str, Any] = _ok("maand lezen", response)
        return detail

    def advance_for(self, worker_key: str, month: Month) -> Decimal:
        """The advance of `month`: the shared estimate from the last month this actor approved, less what
        that month still carries forward to be set off (art. 58 lid 4: set off against the next payment)
        and was not withheld from an advance since, never below zero."""
        settled = self._settled.get(worker_key)
        if settled is None:
            return self.rule.amount(worker_key, month, None)
        estimate = self.rule.amount(worker_key, month, settled.income)
        withheld = sum(
            (
                amount
                for (key, later), amount in self._withheld.items()
                if key == worker_key and later > settled.month
            ),
            Decimal("0.00"),
        )
        deduction = min(estimate, max(Decimal("0.00"), settled.to_set_off - withheld))
        self._withheld[(worker_key, month)] = deduction
        return estimate - deduction

    def record_advance(self, worker_key: str, month: Month, amount: Decimal, paid_on: dt.date) -> None:
        """POST the advance of a month."""
        body = {"month": str(month), "amount": f"{amount:.2f}", "paidOn": paid_on.isoformat()}
        path = f"/v1/werkenden/{self.seeded.worker_ids[worker_key]}/voorschotten"
        _ok("voorschot vastleggen", self._consultant(worker_key).post(path, body), 201)
        self.log.count(Action.ADVANCE, worker_key)
        self.log.advances[(worker_key, month)] = amount

    def _move(
        self, staff: _Staff, worker_key: str, month: Month, to: str, version: int
    ) -> dict[str, Any] | None:
        response = staff.post(
            f"{self._month_path(worker_key, month)}/overgangen", {"to": to, "version": version}
        )
        if response.status_code == 409:
            self.log.refused[str(response.json().get("code", "conflict"))] += 1
            return None
        detail: dict[str, Any] = _ok(f"maand naar {to}", response, 201)
        return detail

    def propose(self, worker_key: str, month: Month, version: int) -> bool:
        """The consultant proposes a draft; False when the API refused the step."""
        done = self._move(self._consultant(worker_key), worker_key, month, "voorgesteld", version)
        if done is not None:
            self.log.count(Action.PROPOSE, worker_key)
        return done is not None

    def approve(self, worker_key: str, month: Month, version: int) -> bool:
        """A team lead approves a proposed month (four eyes); remembers its counted income."""
        detail = self._move(self._team_lead(worker_key), worker_key, month, "goedgekeurd", version)
        if detail is None:
            return False
        self.log.count(Action.APPROVE, worker_key)
        self.log.approved[(worker_key, month)] = version
        figures = detail["settlement"]
        carried = sum((Decimal(item["amount"]) for item in figures["carryForward"]), Decimal("0.00"))
        self._settled[worker_key] = Settled(month, Decimal(figures["income"]), carried)
        return True

    def export(self, month: Month) -> int:
        """A team lead exports the month's approved settlements in one JSON file; how many it holds."""
        response = self._team_leads[0].post("/v1/exporten", {"month": str(month), "format": "json"})
        if response.status_code == 404:
            return 0
        if response.status_code != 201:
            raise ActorFailed("exporteren", response)
        self.log.count(Action.EXPORT, None)
        document = response.json()
        rows = document.get("verrekeningen") if isinstance(document, dict) else document
        return len(rows) if isinstance(rows, list) else 0

    def end_case(self, worker_key: str, end_date: dt.date) -> Month:
        """End the worker's benefit for work from `end_date` (the last day with a right to bijstand);
        returns the month the final settlement is kept as."""
        path = f"/v1/werkenden/{self.seeded.worker_ids[worker_key]}/beeindiging"
        body = {"endDate": end_date.isoformat(), "reason": "werk"}
        ended = _ok("bijstand beëindigen", self._consultant(worker_key).post(path, body), 201)
        self.log.count(Action.END_CASE, worker_key)
        return Month.parse(ended["finalMonth"])

    def decide_buffer(self, worker_key: str, month: Month, proposal: dict[str, Any]) -> None:
        """Take what Loonbrug proposes from the bufferbudget (art. 34b) for a month: pay a month that fell
        below the norm, or not recover an overpayment caused by earnings."""
        path = f"/v1/werkenden/{self.seeded.worker_ids[worker_key]}/bufferbudget"
        body = {"month": str(month), "kind": proposal["kind"], "amount": proposal["amount"]}
        _ok("bufferbudget inzetten", self._consultant(worker_key).post(path, body), 201)
        self.log.count(Action.BUFFER, worker_key)
        self._buffer_decided.add((worker_key, month))

    def settle(self, worker_key: str, month: Month) -> bool:
        """Settle a worker's month (see `_settle`); True when it is settled afterwards."""
        return self._settle(worker_key, month, self.read_month(worker_key, month), kind="verrekening")

    def settle_final(self, worker_key: str, final_month: Month) -> bool:
        """Settle the final settlement of an ended case like a month; False while it is not computed."""
        response = self._consultant(worker_key).get(
            f"/v1/werkenden/{self.seeded.worker_ids[worker_key]}/eindafrekening"
        )
        detail: dict[str, Any] | None = (
            None if response.status_code == 404 else _ok("eindafrekening", response)
        )
        return self._settle(worker_key, final_month, detail, kind="eindafrekening")

    def _settle(self, worker_key: str, month: Month, detail: dict[str, Any] | None, *, kind: str) -> bool:
        """Decide on a bufferbudget proposal first (the month is then recomputed: settle it another day);
        else propose the newest version when it is still a draft and let a team lead approve it."""
        if detail is None:
            return False
        status, version = detail["status"], int(detail["version"])
        if status in SETTLED:
            return True
        figures = detail["settlement"]
        if figures["kind"] != kind:
            return False
        proposal = figures.get("bufferProposal")
        if proposal and (worker_key, month) not in self._buffer_decided:
            self.decide_buffer(worker_key, month, proposal)
            return False
        if status == "concept" and not self.propose(worker_key, month, version):
            return False
        return self.approve(worker_key, month, version)
