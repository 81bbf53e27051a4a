"""The engine is pure (DESIGN §2, STYLE "pure core"): no framework, database, network or clock inside it.

Every module of `gateway.engine` is parsed; its imports and calls are checked. Only the parameter
loader may read files.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import gateway.engine

ENGINE_DIR = Path(gateway.engine.__file__).parent


def _path(name: str, is_package: bool) -> Path:
    base = ENGINE_DIR.joinpath(*name.split(".")[2:])
    return base / "__init__.py" if is_package else base.with_suffix(".py")


MODULES = [
    ("gateway.engine", ENGINE_DIR / "__init__.py"),
    *sorted(
        (info.name, _path(info.name, info.ispkg))
        for info in pkgutil.walk_packages([str(ENGINE_DIR)], prefix="gateway.engine.")
    ),
]

FORBIDDEN_IMPORTS = (
    "fastapi",
    "sqlalchemy",
    "httpx",
    "starlette",
    "uvicorn",
    "apscheduler",
    "alembic",
    "psycopg",
    "requests",
    "socket",
    "subprocess",
    "urllib",
    "http",
    "asyncio",
    "threading",
    "random",
    "time",
    "os",
    "logging",
    "gateway.store",
    "gateway.ingest",
    "gateway.web",
    "gateway.jobs",
    "gateway.security",
    "gateway.cli",
    "gateway.settings",
    "app_api",
    "connectors",
)
FILE_ACCESS_IMPORTS = ("json", "importlib", "pathlib", "io")
LOADER = "gateway.engine.parameters.loader"
CLOCK_CALLS = {"now", "today", "utcnow", "time", "perf_counter", "monotonic"}


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _refused(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def test_every_module_is_checked() -> None:
    names = {name for name, _ in MODULES}
    assert {
        "gateway.engine.settlement",
        "gateway.engine.parameters",
        "gateway.engine.rules.norm",
        LOADER,
    } <= names
    assert all(path.is_file() for _, path in MODULES)


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_module_imports_no_framework_database_network_or_clock(name: str, path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    refused = [i for i in _imports(tree) if _refused(i, FORBIDDEN_IMPORTS)]
    if name != LOADER:
        refused += [i for i in _imports(tree) if _refused(i, FILE_ACCESS_IMPORTS)]
    assert not refused, f"{name} imports {refused}"


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_module_reads_no_clock_and_opens_no_file(name: str, path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
    clock = [f.attr for f in calls if isinstance(f, ast.Attribute) and f.attr in CLOCK_CALLS]
    opened = [f.id for f in calls if isinstance(f, ast.Name) and f.id in {"open", "input", "print"}]
    assert not clock, f"{name} reads the clock: {clock}"
    assert not opened, f"{name} does I/O: {opened}"


def test_the_checks_catch_a_forbidden_import() -> None:
    tree = ast.parse("import sqlalchemy.orm\nfrom fastapi import APIRouter\nimport json\n")
    assert [i for i in _imports(tree) if _refused(i, FORBIDDEN_IMPORTS)] == ["sqlalchemy.orm", "fastapi"]
    assert [i for i in _imports(tree) if _refused(i, FILE_ACCESS_IMPORTS)] == ["json"]
