"""Build the jobs' environment from the settings: database, keys, engine parameters, webhook sender."""

from __future__ import annotations

from dataclasses import replace

from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.jobs.context import JobContext, Progress, no_progress
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.jobs.registry import JobEnvironment
from gateway.jobs.webhooks import WebhookSender, new_client
from gateway.security import keyring as keyrings
from gateway.security.gateway_keys import GatewayKeys
from gateway.settings import Environment, Settings
from gateway.store.db import Database
from gateway.store.sealing import Sealer


def build_environment(
    *, settings: Settings, database: Database, progress: Progress = no_progress
) -> JobEnvironment:
    """The environment the jobs of this installation run in; the caller owns (and disposes) `database`.

    Key material is read once here; a missing keyring is an error outside development (as everywhere).
    """
    gateway_keys = GatewayKeys.from_settings(settings)
    sender = WebhookSender(
        issuer=settings.gateway_url,
        signing_key=lambda: gateway_keys.signing_key,
        client=new_client(),
        allow_http=settings.environment is Environment.DEVELOPMENT,
    )
    return JobEnvironment(
        context=JobContext(
            sessions=database.sessions, sealer=Sealer(keyrings.load_for(settings)), progress=progress
        ),
        parameters=load_parameters(),
        default_policy=load_default_policy(),
        policy=jobs_policy(),
        sender=sender,
    )


def with_progress(environment: JobEnvironment, progress: Progress) -> JobEnvironment:
    """The same environment reporting progress to `progress`."""
    return replace(environment, context=replace(environment.context, progress=progress))
