"""`loonbrug serve gateway`: run an API with uvicorn.

Each servable app is one entry in `APPS`: its ASGI factory and the setting that holds its public URL
(whose port is the default).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy import make_url

from gateway import proxies
from gateway.proxies import UntrustedProxies
from gateway.settings import Settings, get_settings


@dataclass(frozen=True)
class ServedApp:
    """An ASGI app factory that `loonbrug serve` can run."""

    factory: str
    url_setting: str
    description: str


APPS: dict[str, ServedApp] = {
    "gateway": ServedApp(
        "gateway.ingest.app:create_app", "gateway_url", "de aanlever-API voor uitzendbureaus"
    ),
    "app": ServedApp("app_api.app:create_app", "app_url", "de app-API voor werkenden, consulenten en beheer"),
}


JOBS_TARGET = "jobs"
"""Not an API: the scheduler of gateway.jobs (every process consumes the outbox; one, elected by an
advisory lock, runs the scheduled jobs)."""


def register(subparsers: Any) -> None:
    """Add `loonbrug serve APP`."""
    parser = subparsers.add_parser("serve")
    parser.add_argument(
        "app",
        choices=[*sorted(APPS), JOBS_TARGET],
        help="; ".join(f"{k}: {v.description}" for k, v in APPS.items()) + "; jobs: de geplande taken",
    )
    parser.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1)")
    parser.add_argument("--port", type=int, help="poort (standaard: de poort uit de URL in de instellingen)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="aantal processen (standaard: met PostgreSQL het aantal processorkernen dat dit proces mag "
        "gebruiken, met SQLite 1)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="jobs: aantal processen voor de gebeurtenissen (standaard 1; meer alleen op PostgreSQL)",
    )
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="neem het adres en het schema van de client over uit X-Forwarded-For en X-Forwarded-Proto, "
        "alleen bij verzoeken van de vertrouwde proxy's (--forwarded-allow-ips, anders "
        "LOONBRUG_TRUSTED_PROXIES)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        "--proxy",
        dest="proxies",
        action="append",
        default=[],
        metavar="ADRESSEN",
        help="IP-adressen of netwerken (CIDR) van de proxy's, met komma's; mag vaker; zet --proxy-headers "
        "aan. Nooit '*': dan kiest elke client zijn eigen adres",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="toegangslog aan (standaard uit: een verkeerd gebouwde client kan een token in de URL zetten)",
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    parser.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    if args.app == JOBS_TARGET:
        from gateway.jobs.scheduler import serve

        return serve(get_settings(), log_level=args.log_level, processes=max(args.processes, 1))
    try:
        options = uvicorn_options(args, get_settings())
    except UntrustedProxies as error:
        print(f"loonbrug serve: {error}", file=sys.stderr)
        return 2
    except ValidationError as error:
        for problem in error.errors():
            variable = "LOONBRUG_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(f"loonbrug serve: {variable}: {problem['msg']}", file=sys.stderr)
        return 2
    import uvicorn

    uvicorn.run(APPS[args.app].factory, factory=True, **options)
    return 0


def default_workers(settings: Settings) -> int:
    """One process per core this process may run on (a container's cpuset, not the host's count): a
    process runs Python on one core at a time. The embedded SQLite database serves one process."""
    if make_url(settings.resolved_database_url).get_backend_name() == "sqlite":
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def uvicorn_options(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """uvicorn's settings for `loonbrug serve APP` (everything but the app); `UntrustedProxies` when proxy
    headers are asked for without a usable list of trusted proxies."""
    url = getattr(settings, APPS[args.app].url_setting)
    trusted = proxies.parse(args.proxies) or settings.trusted_proxies
    use_proxy_headers = args.proxy_headers or bool(args.proxies)
    if use_proxy_headers and not trusted:
        raise UntrustedProxies(
            "--proxy-headers heeft de adressen van de proxy's nodig: --forwarded-allow-ips of "
            "LOONBRUG_TRUSTED_PROXIES (bijvoorbeeld 10.0.0.5 of 10.0.0.0/24)"
        )
    return {
        "host": args.host,
        "port": args.port or urlsplit(url).port or 8000,
        "workers": args.workers or default_workers(settings),
        # uvicorn's own default trusts X-Forwarded-* from 127.0.0.1 (or FORWARDED_ALLOW_IPS): say it here.
        "proxy_headers": use_proxy_headers,
        "forwarded_allow_ips": list(trusted) if use_proxy_headers else [],
        "access_log": args.access_log,
        "log_level": args.log_level,
        "server_header": False,
    }
