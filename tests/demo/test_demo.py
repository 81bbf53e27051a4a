"""`loonbrug demo` as a new user runs it: seeds, pushes through the real servers, recomputes, reads back."""

import datetime as dt
import re
import socket
from pathlib import Path

import pytest

from gateway.cli.main import main


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def demo_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from gateway.settings import get_settings

    monkeypatch.chdir(tmp_path)
    for name in ("LOONBRUG_DATABASE_URL", "LOONBRUG_KEY_DIR", "LOONBRUG_ENVIRONMENT", "LOONBRUG_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOONBRUG_GATEWAY_URL", f"http://127.0.0.1:{_free_port()}")
    monkeypatch.setenv("LOONBRUG_APP_URL", f"http://127.0.0.1:{_free_port()}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_the_demo_runs_the_whole_flow_and_a_second_run_stores_nothing_twice(
    demo_environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = "2026-03-18"
    assert main(["demo", "--no-serve", "--today", today]) == 0
    first = capsys.readouterr().out

    assert "aangemaakt" in first
    assert "demo-flex: 12 verstuurd, 12 opgeslagen, 0 al ontvangen, 0 geweigerd" in first
    assert "demo-payroll: 8 verstuurd, 8 opgeslagen, 0 al ontvangen, 0 geweigerd" in first
    # Lotte's agency skipped one week, and on this day the people of the example files are enrolled over
    # periods whose files are not imported yet: the missing-data check finds and signals them.
    found = re.search(r"missing_periods=(\d+) signals_raised=(\d+)", first)
    assert found is not None
    assert int(found[1]) >= 1
    assert int(found[2]) >= 1
    # Sanne, March 2026, n-disregard: weeks 9 (2 of 5 working days in March) to 11 were pushed.
    sanne = next(line for line in first.splitlines() if "Sanne de Vries: verdiend" in line)
    earned = re.search(r"verdiend €\xa0([\d.]+,\d\d)", sanne)
    assert earned is not None
    assert "op 1 april 2026" in sanne
    assert "voorlopig" not in sanne, "March 2026 parameters are confirmed"
    assert (demo_environment / "loonbrug-data" / "loonbrug.sqlite3").exists()

    assert main(["demo", "--no-serve", "--today", today]) == 0
    second = capsys.readouterr().out
    assert "bestond al" in second
    assert "demo-flex: 12 verstuurd, 0 opgeslagen, 12 al ontvangen, 0 geweigerd" in second
    assert sanne in second.splitlines()


def test_the_demo_refuses_production(demo_environment: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gateway.demo.run import run_demo
    from gateway.settings import Environment, Settings

    settings = Settings.model_construct(
        environment=Environment.PRODUCTION
    )  # the checks only look at environment
    assert run_demo(settings=settings, today=dt.date(2026, 3, 18), serve=False) == 2
