"""The shipped deployment files (deploy/) against the real code, without a container engine.

Every command line the files run is parsed by the real CLI, and `serve` must resolve its trusted proxies
from the environment that deployment gives it; the env example and the Kubernetes config map set every
setting production needs, and both apps start from them in production mode; each probe path answers;
and the key files `loonbrug keys init` makes, handed to the image's user as deploy/README.md says, can be
read by that user.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from app_api.app import create_app as create_app_api
from app_api.config import AppApiSettings
from gateway.cli import serve
from gateway.cli.main import build_parser
from gateway.ingest.app import create_app as create_gateway
from gateway.ingest.config import IngestLimits
from gateway.jobs.policy import RetentionSettings
from gateway.security.gateway_keys import GatewayKeys
from gateway.security.keyring import Keyring
from gateway.settings import Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest import conftest as gateway_fixtures

gateway_key_dir = gateway_fixtures.gateway_key_dir
gateway_keys = gateway_fixtures.gateway_keys

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
IMAGE = "loonbrug"
SECRET_VALUES = {"LOONBRUG_DATABASE_URL": "postgresql+psycopg://loonbrug:geheim@db:5432/loonbrug"}
"""What the Kubernetes Secret `loonbrug-db` adds to the config map."""

NOT_FOR_PRODUCTION = {
    "data_dir": "the folder of the embedded SQLite file and generated keys; production names the database "
    "(LOONBRUG_DATABASE_URL) and the key folder (LOONBRUG_KEY_DIR) instead",
}


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {
        key.strip(): value for key, value, *_ in (p for p in pairs if len(p) == 2) if not key.startswith("#")
    }


@dataclass(frozen=True)
class Dockerfile:
    """The instructions of the final stage that decide how a container starts."""

    entrypoint: list[str]
    cmd: list[str]
    env: dict[str, str]
    user: str


def _dockerfile() -> Dockerfile:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    final = text.rsplit("\nFROM ", 1)[1]
    instructions = [line.split(None, 1) for line in final.splitlines() if line and not line.startswith("#")]
    found = {word.upper(): rest for word, rest in (i for i in instructions if len(i) == 2)}
    env = dict(pair.split("=", 1) for pair in shlex.split(found["ENV"]))
    return Dockerfile(json.loads(found["ENTRYPOINT"]), json.loads(found["CMD"]), env, found["USER"].strip())


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return document


def _k8s() -> list[dict[str, Any]]:
    return [
        document
        for path in sorted((DEPLOY / "k8s").glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8"))
        if document
    ]


def _config_map() -> dict[str, str]:
    (config,) = [d for d in _k8s() if d["kind"] == "ConfigMap"]
    return {key: str(value) for key, value in config["data"].items()}


def _pod_specs() -> Iterator[tuple[str, dict[str, Any]]]:
    for document in _k8s():
        if document["kind"] in ("Deployment", "Job"):
            yield document["metadata"]["name"], document["spec"]["template"]["spec"]


def _example() -> dict[str, str]:
    return _env_file(DEPLOY / "loonbrug.env.example")


@dataclass(frozen=True)
class CommandLine:
    """One way the image is started: where, the arguments after `loonbrug`, and the environment."""

    where: str
    argv: list[str]
    environment: dict[str, str]


def _command_lines() -> list[CommandLine]:
    image = _dockerfile()
    assert image.entrypoint == ["loonbrug"], "commands below are arguments of the loonbrug CLI"
    found = [CommandLine("Dockerfile CMD", image.cmd, image.env | _example())]
    for name, service in _compose()["services"].items():
        if service["image"].split(":")[0] == IMAGE:
            # compose.yaml reads loonbrug.env, the filled-in copy of the example.
            assert service["env_file"] == "loonbrug.env"
            found.append(CommandLine(f"compose {name}", service["command"], image.env | _example()))
    for name, pod in _pod_specs():
        for container in pod["containers"]:
            if container["image"] == IMAGE:
                command = container.get("command", image.entrypoint)
                assert command == ["loonbrug"], f"{name}: the command must be the loonbrug CLI"
                environment = image.env | _config_map() | SECRET_VALUES
                found.append(CommandLine(f"k8s {name}", container["args"], environment))
    return found


def _use(monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]) -> None:
    for variable in [v for v in os.environ if v.startswith("LOONBRUG_")]:
        monkeypatch.delenv(variable)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)


@pytest.mark.parametrize("line", _command_lines(), ids=lambda line: line.where)
def test_every_command_line_in_deploy_runs_with_the_real_cli(
    line: CommandLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, line.environment)
    args = build_parser(line.argv[0]).parse_args(line.argv)  # exits (code 2) on anything it refuses

    settings = Settings()  # the deployment's environment, in production mode
    if line.argv[0] == "serve" and args.app in serve.APPS:
        options = serve.uvicorn_options(args, settings)
        if args.proxy_headers:
            assert options["forwarded_allow_ips"], line.where


def test_the_env_example_and_the_config_map_set_every_setting_production_needs() -> None:
    example = _example()
    needed = {f"LOONBRUG_{name.upper()}" for name in Settings.model_fields if name not in NOT_FOR_PRODUCTION}
    # The app API refuses to start in production without an identity provider.
    needed.add("LOONBRUG_APP_ISSUERS")
    assert sorted(needed - example.keys()) == []
    assert set(_config_map()) | set(SECRET_VALUES) == set(example)

    # Every variable there is one Loonbrug reads: a misspelt one would be ignored without a word.
    known = {
        f"{model.model_config.get('env_prefix', '')}{name}".upper()
        for model in (Settings, AppApiSettings, IngestLimits, RetentionSettings)
        for name in model.model_fields
    }
    assert sorted(set(example) - known) == []


def _probe_paths() -> dict[str, set[str]]:
    """Each app's paths that a probe or health check calls, from both deployments."""
    paths: dict[str, set[str]] = {app: set() for app in serve.APPS}
    for _, pod in _pod_specs():
        for container in pod["containers"]:
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                if "httpGet" in container.get(probe, {}):
                    paths[container["args"][1]].add(container[probe]["httpGet"]["path"])
    for service in _compose()["services"].values():
        command = service.get("command", [])
        for url in re.findall(r"http://[^'\" ]+", " ".join(service.get("healthcheck", {}).get("test", []))):
            paths[command[1]].add("/" + url.split("/", 3)[3])
    return paths


def test_both_apps_start_in_production_from_the_env_example_and_answer_every_probe(
    monkeypatch: pytest.MonkeyPatch, committed_database: Database, keyring: Keyring, gateway_keys: GatewayKeys
) -> None:
    # A database without a test transaction open: the readiness probe opens a connection of its own.
    database = committed_database
    _use(monkeypatch, _dockerfile().env | _example())
    settings = Settings()
    apps = {
        "gateway": create_gateway(settings, database=database, sealer=Sealer(keyring), keys=gateway_keys),
        "app": create_app_api(
            settings=settings, api_settings=AppApiSettings(), database=database, keyring=keyring
        ),
    }
    probes = _probe_paths()
    assert all(probes.values()), probes
    for name, paths in probes.items():
        with TestClient(apps[name]) as client:
            for path in sorted(paths):
                assert client.get(path).status_code == 200, (name, path)


def _image_user() -> tuple[int, int]:
    user, _, group = _dockerfile().user.partition(":")
    return int(user), int(group or user)


def test_the_image_and_every_pod_run_as_the_same_non_root_user_who_can_read_the_mounted_keys() -> None:
    uid, gid = _image_user()
    assert uid != 0
    assert gid != 0
    for name, pod in _pod_specs():
        context = pod["securityContext"]
        assert (context["runAsNonRoot"], context["runAsUser"], context["runAsGroup"]) == (True, uid, gid), (
            name
        )
        for volume in pod["volumes"]:
            if "secret" in volume:
                mode = volume["secret"]["defaultMode"]
                # Secret files belong to root: the group (fsGroup) must read them, others never (the key
                # loaders refuse files that others may read).
                assert (context["fsGroup"], mode & 0o040, mode & 0o007) == (gid, 0o040, 0), name


KEY_FOLDERS = {
    "gateway": ("key_dir", "gateway_key_dir"),
    "jobs": ("key_dir", "gateway_key_dir"),
    "app": ("key_dir",),
}
"""The key folders each served role reads: the keyring, and the gateway's keys (tokens, receipts, webhooks)
that the jobs use to sign webhook calls too."""


def test_every_pod_mounts_the_key_folders_its_role_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, _dockerfile().env | _config_map() | SECRET_VALUES)
    settings = Settings()
    folders = {"key_dir": settings.resolved_key_dir, "gateway_key_dir": settings.resolved_gateway_key_dir}
    for name, pod in _pod_specs():
        for container in pod["containers"]:
            if container["args"][0] == "serve":
                mounted = {Path(mount["mountPath"]) for mount in container.get("volumeMounts", [])}
                for folder in KEY_FOLDERS[container["args"][1]]:
                    assert folders[folder] in mounted, (name, folder)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="acting as the image's user needs root and setpriv",
)
def test_keys_made_by_keys_init_and_given_to_the_image_user_are_readable_by_that_user() -> None:
    uid, gid = _image_user()
    folder = Path(tempfile.mkdtemp(prefix="loonbrug-secrets-"))
    try:
        folder.chmod(0o755)  # like /run/secrets: the user can reach the mount
        keys = folder / "keys"
        base = {"PATH": os.environ.get("PATH", ""), "LOONBRUG_KEY_DIR": str(keys)}
        made = subprocess.run(
            [sys.executable, "-m", "gateway.cli.main", "keys", "init"],
            cwd=ROOT,
            env=base | {"LOONBRUG_DATA_DIR": str(folder)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert made.returncode == 0, made.stderr
        production = (
            base
            | {key: value for key, value in _dockerfile().env.items() if key != "LOONBRUG_KEY_DIR"}
            | SECRET_VALUES
        )
        read_keys = (
            "from gateway.settings import Settings; from gateway.security import keyring;"
            " from gateway.security.gateway_keys import GatewayKeys; settings = Settings();"
            " keyring.load_for(settings); GatewayKeys.from_settings(settings).jwks()"
        )
        as_user = [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={gid}",
            "--clear-groups",
            sys.executable,
            "-c",
            read_keys,
        ]

        def read() -> subprocess.CompletedProcess[str]:
            return subprocess.run(  # noqa: S603 (our own interpreter and a fixed argument list)
                as_user, cwd=ROOT, env=production, capture_output=True, text=True, check=False
            )

        assert read().returncode != 0  # made by root, 0600: not the service user's until handed over
        # deploy/README.md: chown -R 10001:10001 secrets/keys
        for path in [keys, *keys.rglob("*")]:
            os.chown(path, uid, gid)
        result = read()
        assert result.returncode == 0, result.stderr
    finally:
        shutil.rmtree(folder)


DATA_FILES_NOT_SHIPPED = {
    "*.md": "documentation beside the code; read in the repository, not by the running service",
    "gateway/store/migrations/script.py.mako": "the template of `alembic revision`, for developers",
}


def _globbed(path: Path, glob: str) -> bool:
    # As setuptools globs: `*` stays within one folder (fnmatch alone would let it cross a `/`).
    parts = glob.split("/")
    return len(parts) == len(path.parts) and all(map(fnmatch.fnmatchcase, path.parts, parts))


def test_the_image_carries_every_data_file_of_the_packages() -> None:
    # The Dockerfile installs a wheel: a data file that pyproject's package-data does not name is missing
    # from the image though every test here (running from the checkout) can read it.
    document = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = document["tool"]["setuptools"]["package-data"]
    listed = subprocess.run(
        ["git", "ls-files", "schemas", "gateway", "connectors", "app_api"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    missing = []
    for name in listed:
        path = Path(name)
        if path.suffix == ".py" or any(fnmatch.fnmatch(name, skip) for skip in DATA_FILES_NOT_SHIPPED):
            continue
        owners = [p for p in path.parents if ".".join(p.parts) in patterns]
        if not any(
            _globbed(path.relative_to(owner), glob)
            for owner in owners
            for glob in patterns[".".join(owner.parts)]
        ):
            missing.append(name)
    assert missing == []
