"""The monthly overview of active placements and hours per worker and per client (werkproces stap 8).

The municipality watches it for displacement of regular work: which clients lean on Flextensie, and how
many hours each worker makes. A placement counts in a month when its period touches the month or when
it has hours there; only approved hours count as hours, submitted ones are shown apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gateway.engine.flextensie import rounding
from schemas.periods import Month

ZERO = rounding.ZERO


@dataclass(frozen=True, slots=True)
class PlacementMonth:
    """One placement's figures in the month."""

    placement_id: str
    worker_id: str
    client_name: str
    start_date: dt.date
    last_day: dt.date
    active: bool
    hours: Decimal
    unapproved_hours: Decimal


@dataclass(frozen=True, slots=True)
class WorkerMonth:
    """A worker's approved hours over their placements in the month."""

    worker_id: str
    placements: int
    hours: Decimal


@dataclass(frozen=True, slots=True)
class ClientMonth:
    """A client's placements, workers and approved hours in the month."""

    client_name: str
    placements: int
    workers: int
    hours: Decimal


@dataclass(frozen=True, slots=True)
class Overview:
    """The month's placements, workers and clients, each list in a stable order."""

    month: Month
    hours: Decimal
    placements: tuple[PlacementMonth, ...]
    workers: tuple[WorkerMonth, ...]
    clients: tuple[ClientMonth, ...]


def maandoverzicht(*, month: Month, placements: Iterable[PlacementMonth]) -> Overview:
    """The overview of `month`; placements that neither touch the month nor have hours in it are left out."""
    shown = sorted(
        (
            p
            for p in placements
            if (p.start_date <= month.last_day and p.last_day >= month.first_day)
            or p.hours
            or p.unapproved_hours
        ),
        key=lambda p: (p.client_name, p.start_date, p.placement_id),
    )
    worker_hours: dict[str, Decimal] = defaultdict(lambda: ZERO)
    worker_count: dict[str, int] = defaultdict(int)
    client_hours: dict[str, Decimal] = defaultdict(lambda: ZERO)
    client_count: dict[str, int] = defaultdict(int)
    client_workers: dict[str, set[str]] = defaultdict(set)
    for p in shown:
        worker_hours[p.worker_id] += p.hours
        worker_count[p.worker_id] += 1
        client_hours[p.client_name] += p.hours
        client_count[p.client_name] += 1
        client_workers[p.client_name].add(p.worker_id)
    workers = tuple(WorkerMonth(w, worker_count[w], worker_hours[w]) for w in sorted(worker_hours))
    clients = tuple(
        ClientMonth(c, client_count[c], len(client_workers[c]), client_hours[c]) for c in sorted(client_hours)
    )
    return Overview(month, sum((p.hours for p in shown), ZERO), tuple(shown), workers, clients)
