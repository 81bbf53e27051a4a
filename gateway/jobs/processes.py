"""`loonbrug serve jobs --processes N`: N jobs processes on one machine, each a full scheduler.

Each child runs `scheduler.serve` as a single `loonbrug serve jobs` would: its own engine and connection
pool (the children are spawned, not forked, so no connection crosses a process), the outbox consumer
claiming with SKIP LOCKED next to the others, and the leader election, so the scheduled jobs run in
exactly one process of all replicas. The parent only supervises: on SIGTERM or SIGINT it passes SIGTERM
to every child and waits for them to finish the batch in hand; when a child ends by itself, the parent
stops the others and exits with an error, so the container's restart policy starts a clean set.

Only on PostgreSQL: SQLite has one writing process, so more than one is refused.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import time
from multiprocessing.context import SpawnProcess

from sqlalchemy import make_url

from gateway.settings import Settings, get_settings

logger = logging.getLogger(__name__)

STOP_SECONDS = 60
"""How long a child gets to finish its batch after SIGTERM before it is killed."""
_POLL_SECONDS = 0.5


def _child(log_level: str) -> None:
    from gateway.jobs.scheduler import serve

    # Ctrl-C reaches the whole process group; the parent decides when the children stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(get_settings(), log_level=log_level)


def run(settings: Settings, *, processes: int, log_level: str = "info") -> int:
    """Run `processes` jobs processes until SIGTERM or SIGINT; the exit code (1 when a child failed)."""
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if make_url(settings.resolved_database_url).get_backend_name() != "postgresql":
        logger.error("more than one jobs process needs PostgreSQL; SQLite runs one process")
        return 2
    context = multiprocessing.get_context("spawn")
    children = [
        context.Process(target=_child, args=(log_level,), name=f"loonbrug-jobs-{n + 1}")
        for n in range(processes)
    ]
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.start()
    logger.info("%d jobs processes started", processes)
    while not stopping and all(child.is_alive() for child in children):
        time.sleep(_POLL_SECONDS)
    failed = not stopping
    if failed:
        logger.error("a jobs process ended by itself; stopping the others")
    _stop_all(children)
    # A child stopped by our SIGTERM before it set its own handler ends with -SIGTERM: that is a stop too.
    clean = (0, -signal.SIGTERM)
    return 1 if failed or any(child.exitcode not in clean for child in children) else 0


def _stop_all(children: list[SpawnProcess]) -> None:
    for child in children:
        if child.is_alive():
            child.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        child.join(max(deadline - time.monotonic(), 0))
        if child.is_alive():
            logger.warning("%s did not stop in %d s; killed", child.name, STOP_SECONDS)
            child.kill()
            child.join()
