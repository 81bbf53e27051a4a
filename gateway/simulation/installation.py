"""A fresh, throw-away Loonbrug installation for one simulated run: database, keys and settings.

Without a database URL the run gets an SQLite file in a temporary folder. With a PostgreSQL URL it gets
its own schema in that database (`loonbrug_simulatie_<random>`, reached through the connection's
`search_path`), migrated from scratch and dropped with everything in it when the run ends; no other
schema is read or changed. Keys (field encryption, the gateway's keys, the development identity
issuer) are generated in the temporary folder and deleted with it. Nothing is left behind.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

from gateway.security import keyring as keyrings
from gateway.security.keyring import Keyring
from gateway.settings import Environment, Settings
from gateway.store import migrate
from gateway.store.db import Database, create_db_engine, normalise_url
from gateway.store.sealing import Sealer

GATEWAY_URL = "https://aanlever.simulatie.invalid"
"""Where the in-process agency API says it lives (token issuer and audience); never resolved."""
APP_URL = "https://app.simulatie.invalid"
SCHEMA_PREFIX = "loonbrug_simulatie_"


@dataclass(frozen=True)
class Installation:
    """Everything a simulated run stores into and reads from."""

    url: str
    """The database URL the run uses (with the run's own schema on PostgreSQL)."""
    settings: Settings
    database: Database
    keyring: Keyring
    sealer: Sealer


def _own_schema(url: URL, schema: str) -> URL:
    options = url.query.get("options")
    existing = options if isinstance(options, str) else " ".join(options or ())
    return url.update_query_dict({"options": f"{existing} -csearch_path={schema}".strip()})


@contextmanager
def _postgres_schema(url: str) -> Iterator[str]:
    parsed = normalise_url(url)
    schema = SCHEMA_PREFIX + secrets.token_hex(4)
    admin = create_db_engine(parsed)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            yield _own_schema(parsed, schema).render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


@contextmanager
def _database_url(database_url: str | None, folder: Path) -> Iterator[str]:
    if database_url is None:
        yield f"sqlite:///{folder / 'simulatie.sqlite3'}"
        return
    backend = normalise_url(database_url).get_backend_name()
    if backend != "postgresql":
        raise ValueError("een simulatie draait op de ingebouwde SQLite of op PostgreSQL")
    with _postgres_schema(database_url) as url:
        yield url


@contextmanager
def fresh_installation(database_url: str | None = None) -> Iterator[Installation]:
    """A migrated, empty installation (see the module docstring); removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="loonbrug-simulatie-") as name:
        folder = Path(name)
        with _database_url(database_url, folder) as url:
            migrate.upgrade(url)
            settings = Settings(
                environment=Environment.DEVELOPMENT,
                data_dir=folder,
                key_dir=folder / "keys",
                database_url=url,
                dev_keys=True,
                dev_issuer=True,
                gateway_url=GATEWAY_URL,
                app_url=APP_URL,
            )
            keyring = keyrings.load_for(settings)
            database = Database.from_url(url)
            try:
                yield Installation(url, settings, database, keyring, Sealer(keyring))
            finally:
                database.dispose()
