"""The README's bookkeeper steps against a fresh `loonbrug demo`: register, mandate, push the example
documents and the example e-invoice; everything is stored and the worker's month counts it."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.cli.main import main
from gateway.store import business_documents
from gateway.store.models import BusinessDocument
from tests.demo.test_examples_against_demo import fresh_demo

__all__ = ["fresh_demo"]

ROOT = Path(__file__).parents[2]


def readme_bookkeeper_commands() -> list[list[str]]:
    """Every `loonbrug bookkeeper` command in the README's "Try it" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Try it", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines()]
    commands = [line[3:-1] for line in lines if line.startswith("- `loonbrug bookkeeper ")]
    return [shlex.split(command)[1:] for command in commands]


def test_the_readme_bookkeeper_steps_store_the_examples(
    fresh_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = readme_bookkeeper_commands()
    assert [c[1] for c in commands] == ["create", "mandate", "push", "push"]
    capsys.readouterr()
    for command in commands:
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in command]
        code = main(args)
        out = capsys.readouterr().out
        assert code == 0, out
        if command[1] == "push":
            assert " 0 geweigerd" in out, out

    from gateway.security import keyring as keyrings
    from gateway.settings import get_settings
    from gateway.store.db import Database
    from gateway.store.sealing import Sealer

    settings = get_settings()
    database = Database.from_url(settings.resolved_database_url)
    try:
        with database.transaction() as session:
            worker_id = session.scalars(select(BusinessDocument.worker_id)).first()
            assert worker_id is not None
            stored = business_documents.for_worker(
                session=session, sealer=Sealer(keyrings.load_for(settings)), worker_id=worker_id
            )
    finally:
        database.dispose()
    assert (
        sorted((d.source.value, d.submitted_by) for d in stored) == [("boekhouding", "demo-boekhouder")] * 3
    )
