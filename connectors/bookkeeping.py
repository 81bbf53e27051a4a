"""The bookkeeper client: pushes the invoices and costs of self-employed workers (rule 11) to the gateway.

    with BookkeepingClient(base_url="https://loonbrug.example.nl", client_id="boekhouding-x",
                           signing_key=load_signing_key(Path("boekhouding-x.jwk.json"))) as client:
        delivery = client.push_documents([invoice_document(bsn, invoice), ubl_document(bsn, xml_bytes)])
        print(delivery.receipt.counts)

It signs in, signs, encrypts, retries and checks receipts exactly as the agency client does (it is one,
with the scope `bedrijfsdocumenten:schrijven`); only the resource and the content differ. The gateway
stores a document only for a worker who gave this bookkeeper a mandate on the document's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from connectors.client import MAX_BATCH, AgencyClient, Delivery, PushedBatch
from schemas.self_employed import BusinessCost, BusinessInvoice

SCOPE = "bedrijfsdocumenten:schrijven"
PATH = "/v1/bedrijfsdocumenten"


def invoice_document(bsn: str, invoice: BusinessInvoice | Mapping[str, Any]) -> dict[str, Any]:
    """One document of a batch: an invoice (a model, or its JSON form sent as is) of the worker `bsn`."""
    return {"bsn": bsn, "invoice": _as_json(invoice)}


def cost_document(bsn: str, cost: BusinessCost | Mapping[str, Any]) -> dict[str, Any]:
    """One document of a batch: a business cost of the worker `bsn`."""
    return {"bsn": bsn, "cost": _as_json(cost)}


def ubl_document(bsn: str, xml: bytes) -> dict[str, Any]:
    """One document of a batch: an e-invoice (UBL 2.1, SI-UBL 2.0) of the worker `bsn`, as UTF-8 XML."""
    return {"bsn": bsn, "ublInvoice": xml.decode("utf-8")}


class BookkeepingClient(AgencyClient):
    """Talks to one Loonbrug gateway as one bookkeeper; reuse it (it caches tokens and keys)."""

    scope: ClassVar[str] = SCOPE

    def push_documents(self, documents: Sequence[Mapping[str, Any]]) -> Delivery:
        """Push one message of 1 to 10,000 documents; its verified receipt and whether it was a replay."""
        if not 1 <= len(documents) <= MAX_BATCH:
            raise ValueError(f"a message holds 1..{MAX_BATCH} documents")
        return self.deliver_sealed(PATH, "documents", documents)

    def push_all(self, documents: Iterable[Mapping[str, Any]]) -> list[PushedBatch]:
        """Push `documents` in messages of `batch_size`; each message's verified receipt in order."""
        items = list(documents)
        pushed = []
        for offset in range(0, len(items), self.batch_size):
            delivery = self.push_documents(items[offset : offset + self.batch_size])
            pushed.append(PushedBatch(offset=offset, receipt=delivery.receipt, replayed=delivery.replayed))
        return pushed


def _as_json(document: BusinessInvoice | BusinessCost | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(document, BusinessInvoice | BusinessCost):
        return document.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dict(document)
