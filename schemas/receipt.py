"""The receipt the gateway returns for a push: counts and the outcome of every record (DESIGN §5).

One receipt form serves every push: an agency's pay slips and timesheets, a bookkeeper's invoices and
costs; a "record" is one item of the pushed batch. A receipt names records by their position and the
sender's own identifier, and problems by field path and code; it never repeats a BSN or an amount.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from schemas.base import ApiModel
from schemas.problems import InvalidParam

RECEIPT_SIGNATURE_HEADER = "JWS-Signature"
"""Response header with the gateway's detached JWS (RFC 7515 appendix F) over the exact receipt body."""

REPLAYED_HEADER = "Idempotent-Replayed"
"""Set to `true` on a push answered with the stored receipt of an earlier push with the same records."""

RECEIPT_SIGNATURE_TYPE = "loonbrug-receipt+jws"
"""The `typ` in that signature's protected header."""


class Outcome(StrEnum):
    """What happened to one record."""

    STORED = "opgeslagen"
    """Stored: a new record, or a correction stored as the next version."""
    DUPLICATE = "dubbel"
    """The same record was already stored (earlier, or earlier in this batch); stored once."""
    REFUSED = "geweigerd"
    """Not stored; `problems` says why."""


class RecordOutcome(ApiModel):
    """The outcome of the record at `index` in the batch."""

    index: int = Field(
        ge=0,
        description="Positie van het item (loonstrook, urenbriefje, factuur of kostenpost) in de batch"
        " (vanaf 0).",
    )
    record_id: str | None = Field(
        default=None, description="Het kenmerk dat de afzender het item gaf, als dat leesbaar was."
    )
    outcome: Outcome
    version: int | None = Field(
        default=None, ge=1, description="Versie van het opgeslagen item; hoger dan 1 bij een correctie."
    )
    problems: list[InvalidParam] = Field(
        default_factory=list, description="Alle redenen van weigering, met veldpad en foutcode."
    )


class ReceiptCounts(ApiModel):
    """How many records had which outcome."""

    received: int = Field(ge=0)
    stored: int = Field(ge=0)
    corrections: int = Field(ge=0, description="Het deel van `stored` dat een eerder item corrigeert.")
    duplicates: int = Field(ge=0)
    refused: int = Field(ge=0)


class Receipt(ApiModel):
    """Ontvangstbewijs: what the gateway did with one pushed message."""

    submission_id: str = Field(description="Kenmerk van de inzending; opvraagbaar via /v1/inzendingen/{id}.")
    message_id: str = Field(
        description="Het berichtkenmerk dat de afzender (uitzendbureau of boekhouder) meestuurde."
    )
    received_at: dt.datetime = Field(description="Moment van ontvangst door de gateway.")
    counts: ReceiptCounts
    records: list[RecordOutcome] = Field(description="De uitkomst per item, in de volgorde van de batch.")


EXPORTED_MODELS = (Receipt,)
