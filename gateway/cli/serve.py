"""`loonbrug serve gateway`: run an API with uvicorn.

Each servable app is one entry in `APPS`: its ASGI factory and the setting that holds its public URL
(whose port is the default).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from gateway.settings import get_settings


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
    parser.add_argument("--workers", type=int, default=1, help="aantal processen (standaard 1)")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="jobs: aantal processen voor de gebeurtenissen (standaard 1; meer alleen op PostgreSQL)",
    )
    parser.add_argument(
        "--proxy",
        action="append",
        default=[],
        metavar="ADRES",
        help="vertrouw X-Forwarded-* van dit adres (de TLS-proxy); mag vaker",
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
    import uvicorn

    served = APPS[args.app]
    url = getattr(get_settings(), served.url_setting)
    port = args.port or urlsplit(url).port or 8000
    uvicorn.run(
        served.factory,
        factory=True,
        host=args.host,
        port=port,
        workers=args.workers,
        proxy_headers=bool(args.proxy),
        forwarded_allow_ips=",".join(args.proxy) or None,
        access_log=args.access_log,
        log_level=args.log_level,
        server_header=False,
    )
    return 0
