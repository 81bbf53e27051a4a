"""`loonbrug simulate`: bad input is one line and exit code 2, production is refused, --json is JSON only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli.main import main
from gateway.settings import get_settings


@pytest.fixture(autouse=True)
def development(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Development settings on the embedded default, read afresh."""
    monkeypatch.delenv("LOONBRUG_ENVIRONMENT", raising=False)
    monkeypatch.delenv("LOONBRUG_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["simulate", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--workers", "-5"], "--workers"),
        (["--workers", "0"], "--workers"),
        (["--months", "0"], "--months"),
        (["--seeds", "0"], "--seeds"),
        (["--first-month", "2025-13"], "--first-month"),
        (["--first-month", "januari"], "--first-month"),
        (["--first-month", "2024-06"], "2025-02"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    assert named in _refused(capsys, *argv)


def test_an_unreadable_policy_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "kan het bestand niet lezen" in _refused(capsys, "--policy", str(tmp_path / "nergens.json"))
    broken = tmp_path / "kapot.json"
    broken.write_text("{niet json", encoding="utf-8")
    assert "geen geldige JSON" in _refused(capsys, "--policy", str(broken))


def test_an_invalid_policy_names_the_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "beleid.json"
    policy.write_text(json.dumps({"policy": {"payoutDay": 40}}), encoding="utf-8")
    assert "policy.payout_day" in _refused(capsys, "--policy", str(policy))
    policy.write_text(json.dumps({"simulation": {"hours": {"mean": "-1"}}}), encoding="utf-8")
    assert "simulation.hours.mean" in _refused(capsys, "--policy", str(policy))


def test_production_is_refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOONBRUG_ENVIRONMENT", "production")
    assert "productie" in _refused(capsys)


@pytest.mark.slow
def test_json_prints_only_the_figures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    code = main(["simulate", "--workers", "3", "--months", "1", "--seed", "5", "--out", str(out), "--json"])
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    for regime in ("loonbrug", "baseline"):
        assert {"recoveryClaims", "recoveryTotal", "notOffset", "investigationShare"} <= figures[
            regime
        ].keys()
    assert (out / "report.md").is_file()
