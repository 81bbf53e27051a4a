"""Which pay record versions count, and which enrolled days have no pay record at all.

A correction is a new record whose `corrects` names the record it replaces at the same agency; only
the newest version of each chain counts. Days of an enrollment without a record of that agency are
missing: they are shown as missing and nothing is estimated for them (DESIGN §4.2).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from gateway.engine.errors import EngineInputError
from gateway.engine.inputs import EnrollmentPeriod, IncomeRecord, RecordRef
from gateway.engine.results import MissingSpan
from schemas.benefit_case import Person

_ONE_DAY = dt.timedelta(days=1)


class Versioned(Protocol):
    """A record that a later record of the same source may correct: pay records, invoices, costs."""

    @property
    def ref(self) -> RecordRef: ...
    @property
    def corrects(self) -> str | None: ...
    @property
    def period_start(self) -> dt.date: ...
    @property
    def period_end(self) -> dt.date: ...


V = TypeVar("V", bound=Versioned)


def huidige_versies(records: Sequence[V]) -> tuple[V, ...]:
    """The records no other record corrects, sorted by period, source and record id.

    Refused: the same record id twice at one agency, or two records correcting the same record.
    """
    by_id: dict[tuple[str, str], int] = {}
    corrected_by: dict[tuple[str, str], int] = {}
    for index, record in enumerate(records):
        key = (record.ref.agency, record.ref.record_id)
        if key in by_id:
            raise EngineInputError(
                f"records[{index}]", f"recordId komt twee keer voor bij {record.ref.agency}"
            )
        by_id[key] = index
        if record.corrects is not None:
            target = (record.ref.agency, record.corrects)
            if target in corrected_by:
                raise EngineInputError(
                    f"records[{index}].corrects",
                    f"{record.corrects} is al gecorrigeerd door records[{corrected_by[target]}]",
                )
            corrected_by[target] = index
    current = [record for record in records if (record.ref.agency, record.ref.record_id) not in corrected_by]
    current.sort(key=lambda r: (r.period_start, r.period_end, r.ref.agency, r.ref.record_id))
    return tuple(current)


class Coverage:
    """Which days each (agency, person) has pay records for, to find the missing days of enrollments."""

    __slots__ = ("_enrollments", "_spans")

    def __init__(self, *, records: Iterable[IncomeRecord], enrollments: Sequence[EnrollmentPeriod]) -> None:
        spans: dict[tuple[str, Person], list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for record in records:
            spans[(record.ref.agency, record.person)].append((record.period_start, record.period_end))
        self._spans = {key: sorted(value) for key, value in spans.items()}
        self._enrollments = sorted(enrollments, key=lambda e: (e.agency, e.person, e.valid_from))

    def missing(self, *, start: dt.date, end: dt.date) -> tuple[MissingSpan, ...]:
        """Spans from `start` to `end` inside an enrollment without a record of its agency."""
        result: list[MissingSpan] = []
        for enrollment in self._enrollments:
            first = max(start, enrollment.valid_from)
            last = end if enrollment.valid_to is None else min(end, enrollment.valid_to)
            day = first
            for span_start, span_end in self._spans.get((enrollment.agency, enrollment.person), ()):
                if span_end < day:
                    continue
                if span_start > last:
                    break
                if span_start > day:
                    result.append(
                        MissingSpan(enrollment.agency, enrollment.person, day, span_start - _ONE_DAY)
                    )
                day = max(day, span_end + _ONE_DAY)
            if day <= last:
                result.append(MissingSpan(enrollment.agency, enrollment.person, day, last))
        return tuple(result)
