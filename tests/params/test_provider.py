"""The layered parameter set of a running process: rebuilt after a confirmation, a shipped value that
differs from a confirmed one logged without amounts, and the jobs' environment taking the newest set."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from gateway.engine.parameters.loader import load_default_policy
from gateway.jobs.context import JobContext
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.registry import JobEnvironment
from gateway.params.provider import LayeredParameters
from gateway.store import parameter_values
from gateway.store.sealing import Sealer
from tests.params.kit import release_with_july

JULY = dt.date(2026, 7, 1)
NOW = dt.datetime(2026, 7, 2, 9, 0, tzinfo=dt.UTC)


def _confirm(session: Session, number: str) -> str:
    proposal = parameter_values.propose(
        session=session,
        key="norm.single",
        valid_from=JULY,
        valid_to=dt.date(2026, 12, 31),
        value=Decimal(number),
        source_url="https://wetten.overheid.nl/BWBR0015703/2026-07-01",
        article="art. 21 onderdeel a Participatiewet",
        actor="cli:beheerder-a",
        municipality_id=None,
        now=NOW,
    )
    parameter_values.confirm(
        session=session, proposal=proposal, actor="cli:beheerder-b", municipality_id=None, now=NOW
    )
    return proposal.id


def test_the_set_is_layered_again_once_a_value_is_confirmed(session: Session) -> None:
    provider = LayeredParameters()
    before = provider.parameters(session)
    assert provider.parameters(session) is before  # nothing confirmed since: the same set
    assert not before.at("norm.single", JULY).confirmed
    _confirm(session, "1430.24")
    after = provider.parameters(session)
    assert after is not before
    assert (after.at("norm.single", JULY).number, after.at("norm.single", JULY).confirmed) == (
        Decimal("1430.24"),
        True,
    )


def test_a_release_that_differs_is_logged_by_key_and_date_without_amounts(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    proposal_id = _confirm(session, "1430.24")
    caplog.set_level(logging.WARNING, logger="gateway.params.provider")
    layered = LayeredParameters(release_with_july("1431.00")).current(session)
    assert [c.added_id for c in layered.conflicts] == [proposal_id]
    assert layered.parameters.at("norm.single", JULY).number == Decimal("1430.24")
    # Only this module's lines: other loggers' records depend on which tests ran before.
    (record,) = [r for r in caplog.records if r.name == "gateway.params.provider"]
    assert "norm.single" in record.getMessage()
    assert "2026-07-01" in record.getMessage()
    assert "1430" not in record.getMessage()
    assert "1431" not in record.getMessage()

    caplog.clear()
    equal = LayeredParameters(release_with_july("1430.24")).current(session)
    assert (equal.conflicts, equal.superseded) == ((), frozenset({proposal_id}))
    assert not [r for r in caplog.records if r.name == "gateway.params.provider"]


def test_the_jobs_take_the_newest_set_before_each_run(
    session: Session, session_factory: sessionmaker[Session], sealer: Sealer
) -> None:
    provider = LayeredParameters()
    environment = JobEnvironment(
        context=JobContext(sessions=session_factory, sealer=sealer),
        parameters=provider.parameters(session),
        default_policy=load_default_policy(),
        policy=jobs_policy(),
        sender=None,
        refresh=lambda: provider.parameters(session),
    )
    assert environment.fresh() is environment
    _confirm(session, "1430.24")
    fresh = environment.fresh()
    assert fresh.parameters.at("norm.single", JULY).confirmed
    assert fresh.context is environment.context
