"""The engine's dated national parameters for the Flextensie and leaving routes.

The shipped files with the confirmed added values layered over them (gateway.params.provider): the
app keeps one layered set and layers again only after a value was confirmed, which it notices by one
count query per request that uses the parameters.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app_api.context import app_context
from gateway.engine.parameters import ParameterSet


def get_parameters(request: Request) -> ParameterSet:
    """The parameter set in use now (a synchronous dependency: FastAPI runs it off the event loop)."""
    context = app_context(request)
    with context.database.sessions() as session:
        return context.parameters.parameters(session)


ParametersDep = Annotated[ParameterSet, Depends(get_parameters)]
