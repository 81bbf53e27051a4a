"""Fixtures for the jobs: a job context on the test database, the engine's parameters, a worker scenario."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.jobs.context import JobContext
from gateway.store.sealing import Sealer
from schemas.case import MunicipalPolicy
from tests.jobs.scenario import Scenario, build_scenario


@pytest.fixture(scope="session")
def parameters() -> ParameterSet:
    """The engine's shipped parameter files."""
    return load_parameters()


@pytest.fixture(scope="session")
def default_policy() -> MunicipalPolicy:
    """The engine's default municipal policy."""
    return load_default_policy()


@pytest.fixture
def context(session_factory: sessionmaker[Session], sealer: Sealer) -> JobContext:
    """A job context whose commits stay inside the test transaction."""
    return JobContext(sessions=session_factory, sealer=sealer)


@pytest.fixture
def scenario(session: Session, sealer: Sealer) -> Scenario:
    """A single worker on bijstand since 2026-01-01, enrolled with one agency from that day."""
    scenario = build_scenario(session, sealer, benefit_start=dt.date(2026, 1, 1))
    session.commit()
    return scenario
