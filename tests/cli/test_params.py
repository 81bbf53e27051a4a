"""`loonbrug params`: a value published after the release, added by one administrator and confirmed by
another, is used for the months it covers, which are recomputed (approved ones with a correction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gateway.cli.main import main
from gateway.engine.parameters.loader import load_default_policy
from gateway.jobs.handlers import handlers
from gateway.jobs.outbox_consumer import process_outbox
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.params.provider import LayeredParameters
from gateway.settings import get_settings
from gateway.store import settlements
from gateway.store.db import Database
from gateway.store.models import AuditEvent, MonthSettlement, OutboxEvent, SettlementStatus
from gateway.store.sealing import Sealer
from schemas.periods import Month
from tests.jobs.scenario import PUSHED_AT, build_scenario

NOW = dt.datetime(2026, 9, 10, 12, 0, tzinfo=dt.UTC)
JUNE, JULY, AUGUST, SEPTEMBER = (Month(2026, m) for m in (6, 7, 8, 9))
SOURCE = "https://wetten.overheid.nl/BWBR0015703/2026-07-01"
ARTICLE = "art. 21 onderdeel a Participatiewet"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, migrated_database: str) -> Iterator[None]:
    """The command runs on the test database."""
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LOONBRUG_DATABASE_URL", migrated_database)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _as(monkeypatch: pytest.MonkeyPatch, user: str) -> None:
    """Run the next command as this operating-system user (the CLI's administrator)."""
    monkeypatch.setenv("LOGNAME", user)


def _drain(database: Database, sealer: Sealer, provider: LayeredParameters) -> None:
    """What the jobs process does: the outbox, with the parameters as they are now."""
    with database.sessions() as session:
        parameters = provider.parameters(session)
    table = handlers(
        sealer=sealer,
        parameters=parameters,
        default_policy=load_default_policy(),
        ytd_tolerance=Decimal("0.05"),
        missing=jobs_policy().missing_data,
        sender=None,
    )
    report = process_outbox(sessions=database.sessions, handlers=table, now=NOW, policy=jobs_policy().outbox)
    assert report.count("failed") == 0, report.summary()


@dataclass(frozen=True)
class Stored:
    """The newest stored version of a month."""

    id: str
    status: str
    result: dict[str, Any]


def _latest(database: Database, sealer: Sealer, worker_id: str, month: Month) -> Stored:
    with database.sessions() as session:
        row = settlements.latest_month_settlement(session=session, worker_id=worker_id, month=month)
        assert row is not None
        return Stored(row.id, row.status, settlements.result(sealer=sealer, row=row))


def _approve(database: Database, sealer: Sealer, settlement_id: str) -> None:
    with database.transaction() as session:
        row = session.get(MonthSettlement, settlement_id)
        assert row is not None
        for status in (SettlementStatus.PROPOSED, SettlementStatus.APPROVED):
            settlements.transition(
                session=session, sealer=sealer, settlement=row, to_status=status, actor="tl"
            )


def _norm_used(result: dict[str, Any]) -> tuple[str, bool]:
    (used,) = [p for p in result["parameters"] if p["key"] == "norm.single"]
    return used["validFrom"], used["confirmed"]


def _provisional_texts(result: dict[str, Any]) -> list[str]:
    return [line["text"] for line in result["lines"] if line["code"] == "VOORLOPIG"]


def test_a_published_value_added_and_confirmed_is_used_and_recomputes_the_months(
    environment: None,
    committed_database: Database,
    sealer: Sealer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = committed_database
    provider = LayeredParameters()
    with database.sessions() as session:
        scenario = build_scenario(session, sealer, benefit_start=dt.date(2026, 6, 1))
        for week in range(12):
            scenario.push(dt.date(2026, 6, 1) + dt.timedelta(weeks=week), net="150.00", gross="200.00")
        session.commit()
        worker_id = scenario.worker.id
    _drain(database, sealer, provider)
    july = _latest(database, sealer, worker_id, JULY)
    _approve(database, sealer, july.id)
    assert _norm_used(july.result) == ("2026-01-01", False)
    assert any("Norm alleenstaande" in text for text in _provisional_texts(july.result))
    june_before = _latest(database, sealer, worker_id, JUNE).id

    _as(monkeypatch, "beheerder-a")
    assert main(["params", "list"]) == 0
    listed = capsys.readouterr().out
    assert "norm.single" in listed
    assert "VOORLOPIG" in listed
    added = [
        "params", "add", "norm.single", "--from", "2026-07-01", "--value", "1430.24",
        "--source", SOURCE, "--article", ARTICLE,
    ]  # fmt: skip
    assert main(added) == 0
    proposal_id = capsys.readouterr().out.splitlines()[0]
    assert main(["params", "confirm", proposal_id]) == 1
    assert "vier ogen" in capsys.readouterr().err
    with database.sessions() as session:  # proposed only: nothing to recompute yet
        assert not session.scalars(select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).all()

    _as(monkeypatch, "beheerder-b")
    assert main(["params", "confirm", proposal_id]) == 0
    assert "herberekend" in capsys.readouterr().out
    assert main(["params", "show", "norm.single"]) == 0
    shown = capsys.readouterr().out
    assert "2026-07-01 t/m 2026-12-31" in shown
    assert "toegevoegd door cli:beheerder-a, bevestigd door cli:beheerder-b" in shown

    with database.transaction() as session:  # due by the test's clock, as the pushes above are
        event = session.scalars(select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).one()
        assert event.payload == {"workerIds": [worker_id], "full": True}
        event.available_at = PUSHED_AT
    _drain(database, sealer, provider)
    recomputed_july = _latest(database, sealer, worker_id, JULY)
    assert recomputed_july.id != july.id
    assert recomputed_july.status == SettlementStatus.DRAFT.value
    assert recomputed_july.result["kind"] == "herberekening"
    assert recomputed_july.result["correctionTo"] == str(AUGUST)
    # The norm rose by 1430.24 - 1401.50 = 28.74; the payout by 95% of it, the rest is holiday allowance.
    assert recomputed_july.result["correctionCarried"]["payoutDelta"] == "27.30"
    corrections = _latest(database, sealer, worker_id, AUGUST).result["corrections"]
    assert {"month": "2026-07", "payoutDelta": "27.30", "holidayAllowanceDelta": "1.44"} in corrections
    for month in (JULY, AUGUST, SEPTEMBER):
        result = _latest(database, sealer, worker_id, month).result
        assert _norm_used(result) == ("2026-07-01", True)
        assert not any("Norm alleenstaande" in text for text in _provisional_texts(result))
    assert _latest(database, sealer, worker_id, JUNE).id == june_before  # before the value: unchanged

    with database.sessions() as session:
        actions = [
            (event.action, event.result, event.actor)
            for event in session.scalars(select(AuditEvent).order_by(AuditEvent.sequence))
            if event.action.startswith("parameters.")
        ]
    assert actions == [
        ("parameters.list", "success", "cli:beheerder-a"),
        ("parameters.add", "success", "cli:beheerder-a"),
        ("parameters.confirm", "four_eyes_required", "cli:beheerder-a"),
        ("parameters.confirm", "success", "cli:beheerder-b"),
        ("parameters.show", "success", "cli:beheerder-b"),
    ]


def test_bad_input_names_each_flag(
    environment: None,
    committed_database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _as(monkeypatch, "beheerder-a")
    bad = [
        "params", "add", "norm.single", "--from", "2026-07-15", "--value", "14,30",
        "--source", "http://example.org", "--article", " ",
    ]  # fmt: skip
    assert main(bad) == 1
    err = capsys.readouterr().err
    for flag in ("--from", "--value", "--source", "--article"):
        assert f"{flag}:" in err
    assert main(["params", "add", "norm.nergens", "--from", "2026-07-01", "--value", "1", "--source", SOURCE,
                 "--article", ARTICLE]) == 1  # fmt: skip
    assert "KEY:" in capsys.readouterr().err
    # A month the shipped files already settle cannot be added.
    assert main(["params", "add", "norm.single", "--from", "2026-01-01", "--value", "1401.50", "--source",
                 SOURCE, "--article", ARTICLE]) == 1  # fmt: skip
    assert "vastgestelde waarde" in capsys.readouterr().err
    assert main(["params", "show", "norm.nergens"]) == 1
