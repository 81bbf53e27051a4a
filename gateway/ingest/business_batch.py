"""Read a decrypted batch of business documents (rule 11): the message must be right as a whole, each
document is judged alone.

A document is an invoice or a cost as JSON, or an invoice as an e-invoice (UBL 2.1, SI-UBL 2.0) carried
as XML text; the e-invoice is read by the same reader the worker page uses, and each of its problems is
named by the element it is about. Pure functions, no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Self

from pydantic import Field, TypeAdapter, ValidationError, ValidationInfo, WrapValidator, model_validator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from connectors.einvoice.ubl_invoice import MAX_BYTES, read_invoice
from gateway.ingest.judging import MessageId, check_message
from gateway.web.errors import InvalidInput
from gateway.web.validation import invalid_params
from schemas.base import ApiModel
from schemas.identifiers import Bsn
from schemas.problems import InvalidParam
from schemas.self_employed import BusinessCost, BusinessInvoice, DocumentNumber

ITEMS = "documents"
"""The batch field that holds the documents (and the first part of every problem's path)."""


class DocumentItem(ApiModel):
    """One document in a batch: whose it is and exactly one of an invoice, a cost or an e-invoice."""

    bsn: Bsn = Field(description="BSN van de werkende wiens onderneming het document betreft.")
    invoice: BusinessInvoice | None = Field(default=None, description="Een factuur als JSON.")
    cost: BusinessCost | None = Field(default=None, description="Een kostenpost als JSON.")
    ubl_invoice: str | None = Field(
        default=None,
        max_length=MAX_BYTES,
        description="Een e-factuur (UBL 2.1, SI-UBL 2.0) als XML-tekst.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [x for x in (self.invoice, self.cost, self.ubl_invoice) if x is not None]
        if len(given) != 1:
            raise ValueError("geef precies één van invoice, cost of ublInvoice")
        return self


class DocumentBatch(ApiModel):
    """The signed content of a push of business documents."""

    message_id: MessageId = Field(description="Uniek kenmerk van dit bericht.")
    created_at: dt.datetime = Field(description="Moment van aanmaken, met tijdzone.")
    documents: list[DocumentItem] = Field(min_length=1, description="De facturen en kostenposten.")


@dataclass(frozen=True, slots=True)
class _Invalid:
    raw: Any
    errors: list[Any]


def _judge(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    # One bad document must not fail the batch: keep its errors and go on.
    try:
        return handler(value)
    except ValidationError as exc:
        return _Invalid(raw=value, errors=exc.errors(include_url=False, include_input=False))


class _MixedBatch(ApiModel):
    message_id: MessageId
    created_at: dt.datetime
    documents: list[Annotated[DocumentItem, WrapValidator(_judge)]] = Field(min_length=1)


_MIXED = TypeAdapter(_MixedBatch)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A well-formed document: its place in the batch, the BSN, the document and which field carried it."""

    index: int
    bsn: str
    document: BusinessInvoice | BusinessCost
    carrier: str
    """invoice, cost or ublInvoice: the first part of a problem's path about this document."""

    @property
    def number(self) -> str:
        """The invoice number or the cost's own reference."""
        document = self.document
        return document.invoice_number if isinstance(document, BusinessInvoice) else document.cost_id

    @property
    def day(self) -> dt.date:
        """The document's date: the day a mandate must cover."""
        document = self.document
        return document.invoice_date if isinstance(document, BusinessInvoice) else document.cost_date


@dataclass(frozen=True, slots=True)
class Refused:
    """A document refused before any lookup, with every problem and a hash of what was sent."""

    index: int
    number: str | None
    problems: list[InvalidParam]
    raw_digest: str


@dataclass(frozen=True, slots=True)
class ParsedDocuments:
    """A batch whose message fields are valid; each document is a candidate or refused."""

    message_id: str
    created_at: dt.datetime
    documents: list[Candidate | Refused]


def parse(payload: bytes, *, max_documents: int) -> ParsedDocuments:
    """Validate the batch; raise `InvalidInput` listing every problem of the message itself."""
    try:
        batch = _MIXED.validate_json(payload)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        raise InvalidInput(
            "Het bericht is geen geldige batch.", invalid_params=invalid_params(errors)
        ) from None
    check_message(batch.created_at, len(batch.documents), field=ITEMS, limit=max_documents, noun="documenten")
    documents = [_judged(index, item) for index, item in enumerate(batch.documents)]
    return ParsedDocuments(message_id=batch.message_id, created_at=batch.created_at, documents=documents)


def _judged(index: int, item: DocumentItem | _Invalid) -> Candidate | Refused:
    if isinstance(item, _Invalid):
        return Refused(
            index=index,
            number=_readable_number(item.raw),
            problems=invalid_params(item.errors, prefix=(ITEMS, index)),
            raw_digest=_raw_digest(item.raw),
        )
    if item.invoice is not None:
        return Candidate(index, item.bsn, item.invoice, "invoice")
    if item.cost is not None:
        return Candidate(index, item.bsn, item.cost, "cost")
    assert item.ubl_invoice is not None
    read = read_invoice(item.ubl_invoice.encode("utf-8"))
    if read.invoice is None:
        return Refused(
            index=index,
            number=None,
            problems=[
                InvalidParam(
                    name=f"{ITEMS}[{index}].ublInvoice/{problem.element}",
                    code="invalid_einvoice",
                    reason=_without_amounts(problem.message)
                    if problem.line is None
                    else f"regel {problem.line}: {_without_amounts(problem.message)}",
                )
                for problem in read.problems
            ],
            raw_digest=hashlib.sha256(item.ubl_invoice.encode("utf-8")).hexdigest(),
        )
    return Candidate(index, item.bsn, read.invoice, "ublInvoice")


_BUSINESS_RULE = re.compile(r"\bBR-[A-Z]+-\d+\b")
_NUMBER_TEXT = re.compile(r"(?<![A-Z]-)\b\d[\d.,]*")


def _without_amounts(message: str) -> str:
    """The reader's reason without the amounts it quotes: the receipt is kept unencrypted and never
    repeats an amount, so a broken sum is named by its EN 16931 rule and the figures stay out."""
    if (rule := _BUSINESS_RULE.search(message)) is not None:
        return f"De bedragen kloppen niet ({rule.group()}); controleer dit bedrag en waar het uit volgt."
    return _NUMBER_TEXT.sub("…", message)


def _raw_digest(raw: Any) -> str:
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _readable_number(raw: Any) -> str | None:
    """The document's number when it is there and well-formed, to name it in the receipt."""
    if not isinstance(raw, dict):
        return None
    for carrier, field in (("invoice", "invoiceNumber"), ("cost", "costId")):
        body = raw.get(carrier)
        if isinstance(body, dict):
            value = body.get(field)
            try:
                return _NUMBER.validate_python(value)
            except ValidationError:
                return None
    return None


_NUMBER: TypeAdapter[str] = TypeAdapter(DocumentNumber)
