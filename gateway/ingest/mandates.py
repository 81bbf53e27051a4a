"""Judge and store a bookkeeper's documents: each for a worker who gave it a mandate, or refused.

A document's BSN is looked up among the workers who gave this bookkeeper a mandate, by blind index
(per municipality and index key, as workers are stored), never among all workers: a bookkeeper can
neither reach nor probe anyone else. A BSN that is unknown and one of a worker without a mandate on the
document's date get the same refusal, so the answer never tells whether a BSN is known.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from gateway.ingest import receipts
from gateway.ingest.business_batch import ITEMS, Candidate
from gateway.security.keyring import Keyring
from gateway.store import bookkeepers, business_documents
from gateway.store.bookkeepers import MandatedWorker
from gateway.store.business_documents import DocumentRefused, Source
from gateway.store.models import Worker
from gateway.store.sealing import Sealer
from schemas.problems import InvalidParam
from schemas.receipt import Outcome

NO_MANDATE = "no_mandate"
NO_MANDATE_REASON = (
    "Voor deze BSN heeft u geen machtiging die op de datum van het document geldt; de werkende of de"
    " gemeente legt een machtiging voor uw boekhouding vast."
)


@dataclass
class Judgement:
    """The outcome of every candidate in receipt form, and whom the stored documents concern."""

    outcomes: list[dict[str, Any]] = field(default_factory=list)
    corrections: int = 0
    affected_workers: set[str] = field(default_factory=set)


class _Finder:
    """Finds a mandated worker by BSN: blind indexes of the mandated workers, grouped by municipality."""

    def __init__(self, keyring: Keyring, mandated: list[MandatedWorker]) -> None:
        self._keyring = keyring
        self._by_index: dict[tuple[str, str, str], list[MandatedWorker]] = defaultdict(list)
        for entry in mandated:
            worker = entry.worker
            self._by_index[(worker.municipality_id, worker.bsn_index_kid, worker.bsn_index)].append(entry)
        self._municipalities = sorted({entry.worker.municipality_id for entry in mandated})

    def worker(self, candidate: Candidate) -> Worker | None:
        """The worker with this BSN whose mandate runs on the document's date; the latest such mandate
        when a person moved and both municipalities' records carry one."""
        covering: list[MandatedWorker] = []
        for municipality_id in self._municipalities:
            for kid, index in self._keyring.bsn_indexes(
                candidate.bsn, municipality_id=municipality_id
            ).items():
                covering.extend(
                    entry
                    for entry in self._by_index.get((municipality_id, kid, index), [])
                    if entry.covers(candidate.day)
                )
        if not covering:
            return None
        return max(covering, key=lambda entry: entry.valid_from).worker


def judge_and_store(
    *,
    session: Session,
    sealer: Sealer,
    bookkeeper_id: str,
    client_id: str,
    candidates: list[Candidate],
) -> Judgement:
    """Store each candidate for its mandated worker (a correction as a new version), in batch order."""
    judgement = Judgement()
    if not candidates:
        return judgement
    earliest = min(candidate.day for candidate in candidates)
    finder = _Finder(
        sealer.keyring,
        bookkeepers.mandated_workers(session=session, bookkeeper_id=bookkeeper_id, on_or_after=earliest),
    )
    placed: list[tuple[Candidate, Worker]] = []
    for candidate in candidates:
        worker = finder.worker(candidate)
        if worker is None:
            problem = InvalidParam(
                name=f"{ITEMS}[{candidate.index}].bsn", code=NO_MANDATE, reason=NO_MANDATE_REASON
            )
            judgement.outcomes.append(_refused(candidate, problem))
        else:
            placed.append((candidate, worker))
    results = business_documents.submit_many(
        session=session,
        sealer=sealer,
        items=[(worker.id, candidate.document) for candidate, worker in placed],
        source=Source.BOOKKEEPING,
        submitted_by=client_id,
    )
    for (candidate, worker), result in zip(placed, results, strict=True):
        if isinstance(result, DocumentRefused):
            code = "number_taken" if result.conflict else "invalid_correction"
            name = f"{ITEMS}[{candidate.index}].{candidate.carrier}.{result.field}"
            judgement.outcomes.append(
                _refused(candidate, InvalidParam(name=name, code=code, reason=result.message))
            )
            continue
        _stored, created = result
        kind = Outcome.STORED if created else Outcome.DUPLICATE
        judgement.outcomes.append(
            receipts.outcome(index=candidate.index, record_id=candidate.number, kind=kind)
        )
        if created:
            judgement.affected_workers.add(worker.id)
            if candidate.document.corrects is not None:
                judgement.corrections += 1
    return judgement


def _refused(candidate: Candidate, problem: InvalidParam) -> dict[str, Any]:
    return receipts.outcome(
        index=candidate.index, record_id=candidate.number, kind=Outcome.REFUSED, problems=[problem]
    )
