"""The parameter set a running process uses: the shipped files plus the confirmed added values.

Each process (the app API, the jobs) holds one `LayeredParameters`. It reads the files once and layers
the confirmed values from the store; `current` asks the store for a version first (one count of the
append-only confirmations, cheap) and layers again only when it changed, so a value confirmed in any
process is used by every process from its next call on. A shipped value that contradicts a confirmed
added value is logged when layered, by key and date only (no amounts).
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.layer import Layered, layer
from gateway.engine.parameters.loader import load_parameters
from gateway.store import parameter_values

logger = logging.getLogger(__name__)


class LayeredParameters:
    """The layered parameter set of one process, rebuilt when a value was confirmed since."""

    def __init__(self, shipped: ParameterSet | None = None) -> None:
        self.shipped = shipped if shipped is not None else load_parameters()
        self._lock = threading.Lock()
        self._state: tuple[int, Layered] | None = None

    def current(self, session: Session) -> Layered:
        """The layered set as the store has it now (see the module docstring)."""
        version = parameter_values.version(session=session)
        state = self._state
        if state is not None and state[0] == version:
            return state[1]
        with self._lock:
            state = self._state
            if state is not None and state[0] == version:
                return state[1]
            layered = layer(self.shipped, parameter_values.confirmed(session=session))
            for conflict in layered.conflicts:
                logger.warning(
                    "parameter %s vanaf %s: de meegeleverde waarde wijkt af van bevestigde toegevoegde "
                    "waarde %s, die in gebruik blijft; controleer dit (loonbrug params list)",
                    conflict.key,
                    conflict.valid_from.isoformat(),
                    conflict.added_id,
                )
            self._state = (version, layered)
            return layered

    def parameters(self, session: Session) -> ParameterSet:
        """The parameter set the engine uses now."""
        return self.current(session).parameters
