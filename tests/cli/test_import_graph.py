"""The CLI sits on top: no module outside `gateway/cli` imports `gateway.cli` (the tests may)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
PACKAGES = ("app_api", "gateway", "connectors", "schemas", "bench")
CLI = ROOT / "gateway" / "cli"


def _imported(tree: ast.AST) -> set[str]:
    """Every module a source file names in an import, including `from gateway import cli`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _imports_cli(names: set[str]) -> bool:
    return any(name == "gateway.cli" or name.startswith("gateway.cli.") for name in names)


def test_no_module_outside_the_cli_imports_it() -> None:
    sources = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    assert len(sources) > 100, "the scan found the sources"
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in sources
        if not path.is_relative_to(CLI) and _imports_cli(_imported(ast.parse(path.read_text("utf-8"))))
    )
    assert offenders == []


def test_the_scan_sees_each_way_of_importing_the_cli() -> None:
    for source in (
        "import gateway.cli.token",
        "from gateway.cli.agency import key_path",
        "from gateway.cli import push",
        "from gateway import cli",
        "def f():\n    from gateway.cli.main import main",
    ):
        assert _imports_cli(_imported(ast.parse(source))), source
    assert not _imports_cli(_imported(ast.parse("from gateway.client import x\nimport gateway.clock")))
