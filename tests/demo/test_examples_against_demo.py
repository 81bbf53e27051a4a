"""The README's agency steps against a fresh `loonbrug demo`: every example file is stored, none refused.

The commands are read from the README itself, so the test follows exactly what a new user types; the
apps are served in process on free ports, as the demo serves them.
"""

from __future__ import annotations

import re
import shlex
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli.main import main

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def readme_agency_commands() -> list[list[str]]:
    """Every `loonbrug import` and `loonbrug push` command in the README's "Try it" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Try it", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"`(loonbrug (?:import|push) [^`]+)`", section)
    return [shlex.split(command)[1:] for command in found]


@pytest.fixture
def fresh_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """`loonbrug demo` run in an empty folder, then both apps served again on its settings."""
    from gateway.security import keyring as keyrings
    from gateway.settings import get_settings
    from gateway.store.db import Database
    from gateway.store.sealing import Sealer
    from tests.servers import running_apps

    monkeypatch.chdir(tmp_path)
    for name in ("LOONBRUG_DATABASE_URL", "LOONBRUG_KEY_DIR", "LOONBRUG_ENVIRONMENT", "LOONBRUG_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOONBRUG_GATEWAY_URL", f"http://127.0.0.1:{_free_port()}")
    monkeypatch.setenv("LOONBRUG_APP_URL", f"http://127.0.0.1:{_free_port()}")
    get_settings.cache_clear()
    assert main(["demo", "--no-serve"]) == 0
    settings = get_settings()
    keyring = keyrings.load_for(settings)
    database = Database.from_url(settings.resolved_database_url)
    try:
        with running_apps(settings=settings, database=database, sealer=Sealer(keyring), keyring=keyring):
            yield tmp_path
    finally:
        database.dispose()
        get_settings.cache_clear()


def _counts(out: str) -> dict[str, tuple[str, str]]:
    """Per summary line its count and what follows it."""
    found = re.findall(r"^  (gelezen|geldig|geweigerd|verstuurd|dubbel) +(\d+)(.*)$", out, re.MULTILINE)
    return {label: (count, rest) for label, count, rest in found}


def test_the_readme_steps_store_every_example_and_loonbrug_refuses_none(
    fresh_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = readme_agency_commands()
    sent = {Path(c[1]) for c in commands if "--dry-run" not in c}
    examples = {p.relative_to(ROOT) for p in EXAMPLES.glob("*/*") if p.parent.name in ("import", "push")}
    assert sent == {p for p in examples if ".quarantaine" not in p.name}, "every example is sent once"
    before = sorted(EXAMPLES.rglob("*"))
    capsys.readouterr()

    for command in commands:
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in command]
        code = main(args)
        out = capsys.readouterr().out
        name = Path(command[1]).name
        if command[0] == "push":
            assert code == 0, out
            assert (
                "3 loonstroken in 1 berichten: 3 opgeslagen (waarvan 1 correcties), 0 dubbel, 0 geweigerd"
                in out
            )
            continue
        counts = _counts(out)
        assert "Loonbrug zou weigeren" not in out, out
        assert "door Loonbrug" not in out, out
        if name == "loonstroken-met-fouten.csv":
            # Five rows with a fault of their own are kept back; the good row (and its repeat) pass.
            assert code == 1, out
            assert counts["geweigerd"][0] == "5"
            assert "loonbrug-data/quarantaine/loonstroken-met-fouten.quarantaine.csv" in out
        else:
            assert code == 0, out
            assert counts["geweigerd"][0] == "0", out
        if "--dry-run" in command:
            assert "in orde: Loonbrug kent uitzendbureau demo-flex" in out
            assert "ZOU WEIGEREN" not in out
        else:
            assert counts["verstuurd"][0] == counts["geldig"][0], out

    assert sorted(EXAMPLES.rglob("*")) == before, "nothing is written into examples/"


def test_a_dry_run_as_an_agency_the_workers_are_not_enrolled_with_says_a_real_run_would_refuse(
    fresh_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = main(
        ["import", str(EXAMPLES / "import" / "loonstroken.csv"), "--agency", "demo-payroll", "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert _counts(out)["geweigerd"] == ("6", " (waarvan 6 die Loonbrug zou weigeren)")
    assert "regel 2, kolom BSN: Deze werknemer staat niet over het hele tijdvak" in out
    assert "(worker_not_enrolled)" in out
    # The payroll tax return's refusals name the element, at the line of the income relationship.
    code = main(
        ["import", str(EXAMPLES / "import" / "loonaangifte.xml"), "--agency", "demo-payroll", "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "element NatuurlijkPersoon/SofiNr: Deze werknemer staat niet over het hele tijdvak" in out
