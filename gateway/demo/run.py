"""Run the demo: keys, schema, seed, then the rest of the flow, printing what happens at each step."""

from __future__ import annotations

import datetime as dt
import sys

from gateway.demo import cast
from gateway.demo.seed import seed
from gateway.security import keyring as keyrings
from gateway.settings import Environment, Settings
from gateway.store import migrate
from gateway.store.db import Database
from gateway.store.sealing import Sealer


def _say(text: str) -> None:
    print(text, flush=True)


def run_demo(*, settings: Settings, today: dt.date, serve: bool) -> int:
    """Run the demo against the settings' database; return the exit code."""
    if settings.environment is Environment.PRODUCTION:
        print("de demo draait niet in productie (LOONBRUG_ENVIRONMENT=production)", file=sys.stderr)
        return 2
    url = settings.resolved_database_url
    _say(f"1. sleutels en database ({url})")
    keyring = keyrings.load_for(settings)
    migrate.upgrade(url)
    database = Database.from_url(url)
    try:
        sealer = Sealer(keyring)
        with database.transaction() as session:
            seeded = seed(session=session, sealer=sealer, today=today)
        _say(
            f"2. demo-gemeente {cast.MUNICIPALITY_NAME} ({cast.MUNICIPALITY_CODE}) "
            + ("aangemaakt" if seeded.created else "bestond al")
        )
        for person in cast.workers(today):
            _say(f"   - {person.name}: {person.story}")
        for key in cast.AgencyKey:
            _say(f"   - uitzendbureau {cast.AGENCY_NAMES[key]} (client id {key.value})")
    finally:
        database.dispose()
    return 0
