"""The engine's dated national parameters, loaded once per process for the Flextensie routes."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_parameters


@lru_cache(maxsize=1)
def get_parameters() -> ParameterSet:
    """The shipped parameter files, read and checked on first use."""
    return load_parameters()


ParametersDep = Annotated[ParameterSet, Depends(get_parameters)]
