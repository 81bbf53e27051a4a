"""What the invoice and cost routes answer: the document as sent, who sent it, and what corrects it."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from schemas.base import ApiModel
from schemas.self_employed import BusinessCost, BusinessInvoice


class _Submitted(ApiModel):
    source: str = Field(description="Wie het indiende: werkende, gemeente of boekhouding.")
    submitted_at: dt.datetime = Field(description="Wanneer het is ingediend.")
    corrected_by: str | None = Field(
        default=None, description="Het nummer van het document dat dit vervangt; leeg als het geldt."
    )


class InvoiceView(_Submitted):
    """An invoice of the worker's own business as it was sent in."""

    invoice: BusinessInvoice


class CostView(_Submitted):
    """A business cost as it was sent in."""

    cost: BusinessCost


class InvoiceList(ApiModel):
    """Every invoice of the worker, in the order they were sent (corrected ones included)."""

    items: list[InvoiceView]


class CostList(ApiModel):
    """Every business cost of the worker, in the order they were sent (corrected ones included)."""

    items: list[CostView]
