"""One outbox consumer in a process of its own, as a `loonbrug serve jobs` process runs it.

    python -m tests.jobs.consumer_process DATABASE_URL KEYRING_FILE NOW BATCH_SIZE [HALT_FILE]

With HALT_FILE, the consumer stops in the middle of the first batch in which it recomputes workers:
after that recompute it writes HALT_FILE and waits (its transaction open, its events locked) until it
is killed, so a test can kill a consumer mid-batch at a known point.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.jobs.handlers import RecomputeHandler, handlers
from gateway.jobs.outbox_consumer import Batch, Handler, process_outbox
from gateway.jobs.policy import OutboxPolicy
from gateway.jobs.policy import default_policy as jobs_policy
from gateway.security import keyring as keyrings
from gateway.store.db import Database
from gateway.store.models import OutboxEvent
from gateway.store.sealing import Sealer


@dataclass(frozen=True)
class HaltsMidBatch(RecomputeHandler):
    """The real recompute handler that, once it has recomputed a worker, signals and waits."""

    halt_file: Path = Path("halted")

    def run_units(
        self, session: Session, events: Sequence[OutboxEvent], now: dt.datetime, batch: Batch
    ) -> None:
        """Handle the events; after the first recompute, halt with the batch's transaction open."""
        super().run_units(session, events, now, batch)
        if batch.done:
            session.flush()
            self.halt_file.write_text("halted")
            time.sleep(600)


def main(argv: list[str]) -> None:
    """Drain the outbox once (see the module docstring)."""
    url, keyring_file, now_text, batch_size, *halt = argv
    database = Database.from_url(url)
    sealer = Sealer(keyrings.load(Path(keyring_file)))
    parameters, policy, tolerance = load_parameters(), load_default_policy(), Decimal("0.05")
    table: dict[str, Handler] = handlers(
        sealer=sealer,
        parameters=parameters,
        default_policy=policy,
        ytd_tolerance=tolerance,
        missing=jobs_policy().missing_data,
        sender=None,
    )
    if halt:
        missing = jobs_policy().missing_data
        halting = HaltsMidBatch(sealer, parameters, policy, tolerance, missing, halt_file=Path(halt[0]))
        table = {topic: halting if isinstance(h, RecomputeHandler) else h for topic, h in table.items()}
    process_outbox(
        sessions=database.sessions,
        handlers=table,
        now=dt.datetime.fromisoformat(now_text),
        policy=OutboxPolicy(batch_size=int(batch_size), retry_base_seconds=5, retry_max_seconds=60),
    )
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
