"""Build the jobs' environment from the settings: database, keys, engine parameters, webhook sender.

The engine parameters are the shipped files with the confirmed added values layered over them
(gateway.params.provider); the scheduler asks for them again before each run (`JobEnvironment.fresh`),
which costs one count query and layers again only after a value was confirmed.
"""

from __future__ import annotations

from dataclasses import replace

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_default_policy
from gateway.jobs.context import JobContext, Progress, no_progress
from gateway.jobs.policy import configured_policy
from gateway.jobs.registry import JobEnvironment
from gateway.jobs.webhooks import WebhookSender, new_client
from gateway.params.provider import LayeredParameters
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
    layered = LayeredParameters()

    def current_parameters() -> ParameterSet:
        with database.sessions() as session:
            return layered.parameters(session)

    return JobEnvironment(
        context=JobContext(
            sessions=database.sessions, sealer=Sealer(keyrings.load_for(settings)), progress=progress
        ),
        parameters=current_parameters(),
        refresh=current_parameters,
        default_policy=load_default_policy(),
        policy=configured_policy(),
        sender=sender,
    )


def with_progress(environment: JobEnvironment, progress: Progress) -> JobEnvironment:
    """The same environment reporting progress to `progress`."""
    return replace(environment, context=replace(environment.context, progress=progress))
