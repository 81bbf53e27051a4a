"""Run the demo: the whole flow on the embedded default, through the real servers, clients and jobs.

1. keys and schema; 2. the made-up municipality, agencies, staff, workers and one Flextensie placement;
3. the agency API and the app API on their settings' URLs, in this process; 4. each agency pushes its
pay records through the real client (private_key_jwt, JWS-in-JWE); 5. the outbox job recomputes the
figures; 6. each worker's month is read back through the worker API with a development token;
7. URLs and ready-made tokens to try every role; the scheduler keeps running until Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading

from app_api.app import create_app as create_app_api
from app_api.auth.principal import Role
from app_api.config import AppApiSettings
from app_api.dev_issuer import DevIssuer
from app_api.dev_tokens import make_token
from gateway.demo import cast
from gateway.demo.flextensie import seed_flextensie
from gateway.demo.flow import push_pay_records, run_job, worker_view
from gateway.demo.seed import seed
from gateway.demo.servers import BackgroundServer, ServerFailed
from gateway.engine import dutch
from gateway.ingest.app import create_app as create_gateway
from gateway.jobs.leader import LeaderLock
from gateway.jobs.runtime import build_environment
from gateway.jobs.scheduler import start_background, stop
from gateway.security import keyring as keyrings
from gateway.security.gateway_keys import GatewayKeys
from gateway.settings import Environment, Settings
from gateway.store import migrate
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from schemas.periods import Month


def _say(text: str = "") -> None:
    print(text, flush=True)


def run_demo(*, settings: Settings, today: dt.date, serve: bool) -> int:
    """Run the demo against the settings' database; return the exit code."""
    if settings.environment is Environment.PRODUCTION:
        print("de demo draait niet in productie (LOONBRUG_ENVIRONMENT=production)", file=sys.stderr)
        return 2
    url = settings.resolved_database_url
    _say(f"1. sleutels en database ({url})")
    keyring = keyrings.load_for(settings)
    GatewayKeys.from_settings(settings).jwks()
    migrate.upgrade(url)
    database = Database.from_url(url)
    sealer = Sealer(keyring)
    try:
        _seed(database=database, sealer=sealer, today=today)
        servers = [
            BackgroundServer(
                app=create_gateway(settings, database=database, sealer=sealer),
                url=settings.gateway_url,
                name="aanlever-API",
            ),
            BackgroundServer(
                app=create_app_api(settings=settings, database=database, keyring=keyring),
                url=settings.app_url,
                name="app-API",
            ),
        ]
        try:
            for server in servers:
                server.start()
        except ServerFailed as failure:
            print(str(failure), file=sys.stderr)
            return 1
        try:
            _say(f"3. aanlever-API op {settings.gateway_url}, app-API op {settings.app_url}")
            return _flow(settings=settings, database=database, sealer=sealer, today=today, serve=serve)
        finally:
            for server in servers:
                server.stop()
    finally:
        database.dispose()


def _seed(*, database: Database, sealer: Sealer, today: dt.date) -> None:
    with database.transaction() as session:
        seeded = seed(session=session, sealer=sealer, today=today)
        placement = seed_flextensie(session=session, sealer=sealer, seeded=seeded, today=today)
    _say(
        f"2. {cast.MUNICIPALITY_NAME} ({cast.MUNICIPALITY_CODE}) "
        + ("aangemaakt" if seeded.created else "bestond al; de demo gaat verder met wat er staat")
    )
    for person in cast.workers(today):
        _say(f"   - {person.name} (BSN {person.bsn}, testnummer): {person.story}")
    _say(f"   - uit de voorbeeldbestanden in examples/ (bij {cast.EXAMPLE_AGENCY.value}, in 2026):")
    for example in cast.EXAMPLE_WORKERS:
        _say(f"     {example.name} (BSN {example.bsn}): {example.files}")
    for key in cast.AgencyKey:
        _say(f"   - {cast.AGENCY_NAMES[key]}: client id {key.value}")
    if placement is not None:
        invoices = f"met {len(placement.invoice_ids)} factuur/facturen" if placement.created else "bestond al"
        _say(f"   - Flextensie-plaatsing {placement.placement.id} {invoices}")


def _flow(*, settings: Settings, database: Database, sealer: Sealer, today: dt.date, serve: bool) -> int:
    _say("4. de uitzendbureaus sturen hun loonstroken (ondertekend en versleuteld) naar de aanlever-API")
    for pushed in push_pay_records(settings=settings, database=database, today=today):
        _say(
            f"   - {pushed.client_id}: {pushed.sent} verstuurd, {pushed.accepted} opgeslagen, "
            f"{pushed.duplicates} al ontvangen, {pushed.refused} geweigerd"
        )
    environment = build_environment(settings=settings, database=database)
    # The jobs run on the real clock: outbox events become due at real time, and every month from the
    # first enrollment up to now is settled, also when --today put the pay data in an earlier month.
    now = dt.datetime.now(dt.UTC)
    _say(f"5. herberekenen uit de wachtrij: {run_job(environment=environment, name='outbox', now=now)}")
    # The weekly missing-data check as it runs on the demo's day (the day the pay data was made for).
    checked_on = dt.datetime.combine(today, now.timetz())
    missing = run_job(environment=environment, name="missing_data", now=checked_on)
    _say(f"   ontbrekende loonstroken: {missing}")

    issuer = DevIssuer.from_settings(settings, AppApiSettings())
    month = Month.of(today)
    _say(f"6. wat elke werkende in de app ziet over {dutch.month(month)} (gelezen via de werkenden-API):")
    for person in cast.workers(today):
        token = make_token(issuer=issuer, database=database, sealer=sealer, role=Role.WORKER, who=person.bsn)
        view = worker_view(app_url=settings.app_url, token=token, month=str(month))
        hours = f" ({dutch.amount(view.remaining_hours)} uur)" if view.remaining_hours is not None else ""
        pay_date = dutch.date(dt.date.fromisoformat(view.payout_date))
        _say(
            f"   - {person.name}: verdiend {dutch.euro(view.earned)}, bijstand {dutch.euro(view.benefit)}, "
            f"uitbetaling {dutch.euro(view.payout)} op {pay_date}; nog te verdienen tot uitstroom "
            f"{dutch.euro(view.remaining_net)} netto{hours}"
            + ("; voorlopig: een parameter voor deze maand is nog niet bevestigd" if view.unconfirmed else "")
        )

    _print_try_it(settings=settings, database=database, sealer=sealer, issuer=issuer)
    if not serve:
        return 0
    leader = LeaderLock(database.engine)
    scheduler = start_background(environment=environment, leader=leader)
    _say("\nDe aanlever-API, de app-API en de geplande taken draaien. Stoppen: Ctrl-C.")
    stopping = threading.Event()
    # Ctrl-C and a service manager's SIGTERM both end the demo cleanly: servers finish their requests,
    # the scheduler waits for running jobs.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stopping.set())
    try:
        stopping.wait()
        _say("gestopt")
    finally:
        stop(scheduler, leader)
    return 0


def _print_try_it(*, settings: Settings, database: Database, sealer: Sealer, issuer: DevIssuer) -> None:
    def token(role: Role, who: str) -> str:
        return make_token(
            issuer=issuer,
            database=database,
            sealer=sealer,
            role=role,
            who=who,
            lifetime=dt.timedelta(hours=8),
        )

    consultant = token(Role.CONSULTANT, cast.STAFF[0].subject)
    worker = token(Role.WORKER, cast.workers(dt.date.today())[0].bsn)
    app = settings.app_url
    _say("\n7. zelf proberen (tokens 8 uur geldig; nieuwe met `loonbrug token --help`):")
    _say(f"   consulentenportaal:  {app}/portaal/   (inloggen als {cast.STAFF[0].subject})")
    _say(
        f"   app voor werkenden:  {app}/mij/       (inloggen met BSN {cast.workers(dt.date.today())[0].bsn})"
    )
    _say(f"   OpenAPI:             {app}/v1/openapi.json  en  {settings.gateway_url}/v1/openapi.json")
    _say(f"   API-documentatie:    {app}/v1/documentatie  en  {settings.gateway_url}/v1/documentatie")
    _say(f"   export CONSULENT='{consultant}'")
    _say(f"   export WERKENDE='{worker}'")
    _say(f'   curl -H "Authorization: Bearer $WERKENDE" {app}/v1/mij/nog-te-verdienen')
    _say(f'   curl -H "Authorization: Bearer $CONSULENT" {app}/v1/caseload')
