"""`loonbrug` itself: the command overview, `--version`, the exit codes, and what each command imports."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from gateway.cli.main import COMMANDS, main

ROOT = Path(__file__).parents[2]
CASE = ROOT / "examples" / "case-single-two-agencies.json"
# What the web apps, the database and the HTTP client bring in; a calculation needs none of it.
HEAVY = ("fastapi", "starlette", "sqlalchemy", "httpx", "cryptography", "uvicorn", "joserfc", "authlib")


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def _overview_lines(text: str) -> list[str]:
    section = text.split("commando's:\n", 1)[1].split("\n\n", 1)[0]
    return section.splitlines()


def test_help_lists_every_command_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _overview_lines(_help(capsys))
    assert [line.split()[0] for line in lines] == list(COMMANDS)
    for line, entry in zip(lines, COMMANDS.values(), strict=True):
        assert line.endswith(entry.summary)
        assert len(line) <= 79, f"fits an 80-column terminal: {line!r}"


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    section = text.split("afsluitcodes:\n", 1)[1]
    codes = [line.split()[0] for line in section.splitlines() if line[:5].strip().isdigit()]
    assert codes == ["0", "1", "2", "3", "130"]


def test_every_module_registers_the_command_it_is_listed_for() -> None:
    for name, entry in COMMANDS.items():
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(entry.module).register(subparsers)
        assert list(subparsers.choices) == [name], entry.module


def test_every_command_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    for name in COMMANDS:
        assert _help(capsys, name).startswith(f"usage: loonbrug {name}")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"loonbrug {version('loonbrug')}\n"


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["bestaat-niet"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def _modules_after(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter has loaded after running `loonbrug argv`."""
    script = (
        "import contextlib, io, json, sys\n"
        "from gateway.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def test_help_imports_no_command() -> None:
    loaded = _modules_after(["--help"])
    assert not {entry.module for entry in COMMANDS.values()} & loaded
    assert not set(HEAVY) & loaded


def test_calc_imports_only_what_a_calculation_needs() -> None:
    loaded = _modules_after(["calc", str(CASE)])
    assert "gateway.cli.calc" in loaded
    assert not set(HEAVY) & loaded
    others = {entry.module for name, entry in COMMANDS.items() if name != "calc"}
    assert not others & loaded
