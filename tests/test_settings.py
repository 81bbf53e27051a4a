"""Settings: defaults for a first look, and production refusing every development shortcut."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from gateway.settings import Environment, Settings


def test_development_defaults_to_an_sqlite_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LOONBRUG_DATABASE_URL", raising=False)
    monkeypatch.delenv("LOONBRUG_KEY_DIR", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path}/loonbrug.sqlite3"
    assert settings.resolved_key_dir == tmp_path / "keys"


@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        ({"database_url": "postgresql+psycopg://db/lb", "dev_keys": False}, "DEV_ISSUER"),
        ({"database_url": "postgresql+psycopg://db/lb", "dev_issuer": False}, "DEV_KEYS"),
        ({"dev_issuer": False, "dev_keys": False}, "PostgreSQL"),
        ({"database_url": "sqlite:///x.db", "dev_issuer": False, "dev_keys": False}, "PostgreSQL"),
    ],
)
def test_production_refuses_development_features(overrides: dict[str, object], refused: str) -> None:
    with pytest.raises(ValidationError, match=refused):
        Settings(environment=Environment.PRODUCTION, **overrides)  # type: ignore[arg-type]


def test_production_reads_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOONBRUG_ENVIRONMENT", "production")
    monkeypatch.setenv("LOONBRUG_DATABASE_URL", "postgresql+psycopg://db/lb")
    monkeypatch.setenv("LOONBRUG_DEV_KEYS", "false")
    monkeypatch.setenv("LOONBRUG_DEV_ISSUER", "false")
    assert Settings().environment is Environment.PRODUCTION
    monkeypatch.setenv("LOONBRUG_DEV_ISSUER", "true")
    with pytest.raises(ValidationError, match="DEV_ISSUER"):
        Settings()
