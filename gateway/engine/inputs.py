"""What the engine is given besides the benefit case: pay records with their source, enrollments, the
ledger state carried between months, and the settlements already approved.

These are plain frozen dataclasses so that settling does not construct pydantic models on its hot path;
`gateway.engine.contract` builds them from the contract types (`PayRecord`, `MonthSettlement`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gateway.engine.errors import EngineInputError
from gateway.engine.rounding import ZERO
from schemas.benefit_case import Person
from schemas.periods import Month


@dataclass(frozen=True, slots=True, order=True)
class RecordRef:
    """Which pay record version a figure used: the agency, the record's id there, and its version."""

    agency: str
    record_id: str
    version: int

    def __str__(self) -> str:
        return f"{self.agency}/{self.record_id} v{self.version}"


@dataclass(frozen=True, slots=True)
class IncomeRecord:
    """One pay period's income of one person at one agency, as the engine reads it.

    `net` is the net wage paid (art. 31 lid 3 Pw: after wage tax, premiums and pension), including the
    net holiday pay and reserves paid out with it and excluding untaxed allowances; `holiday_pay` is the
    net holiday pay inside `net`, which rule 5 treats on its own.
    """

    ref: RecordRef
    person: Person
    period_start: dt.date
    period_end: dt.date
    pay_date: dt.date
    hours: Decimal
    gross: Decimal
    net: Decimal
    holiday_pay: Decimal = ZERO
    corrects: str | None = None
    work_net: Decimal = field(init=False)
    """Net income from work apart from holiday pay: what rule 2 attributes to months."""

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise EngineInputError("periodEnd", "ligt voor periodStart")
        for name, value in (("hours", self.hours), ("grossWage", self.gross), ("netWage", self.net)):
            if value < 0:
                raise EngineInputError(name, "mag niet negatief zijn")
        if not ZERO <= self.holiday_pay <= self.net:
            raise EngineInputError(
                "holidayPayPaid", "moet tussen 0 en het nettoloon liggen (het is er een deel van)"
            )
        object.__setattr__(self, "work_net", self.net - self.holiday_pay)


@dataclass(frozen=True, slots=True)
class EnrollmentPeriod:
    """A person works through an agency from `valid_from` to `valid_to` (inclusive; open when None).

    Days in an enrollment without a pay record of that agency are reported as missing, never estimated.
    """

    agency: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    person: Person = Person.CLAIMANT

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise EngineInputError("validTo", "ligt voor validFrom")


@dataclass(frozen=True, slots=True)
class Overpayment:
    """An advance paid too much in `month`, still to be set off against payouts up to `last_month`."""

    month: Month
    amount: Decimal
    last_month: Month


@dataclass(frozen=True, slots=True)
class LedgerState:
    """What one month hands to the next: the holiday allowance reserve and open overpayments."""

    holiday_allowance_balance: Decimal = ZERO
    overpayments: tuple[Overpayment, ...] = ()


@dataclass(frozen=True, slots=True)
class Correction:
    """A change to an approved month's figures, carried into an open month (DESIGN §4.7)."""

    month: Month
    """The approved month whose figures changed."""
    payout_delta: Decimal
    """Added to what is paid in the open month."""
    holiday_allowance_delta: Decimal
    """Added to the holiday allowance reserve in the open month."""


@dataclass(frozen=True, slots=True)
class ApprovedMonth:
    """The figures of an approved settlement that a recomputation is compared with."""

    month: Month
    payout: Decimal
    holiday_allowance_reserve: Decimal
    holiday_pay_set_off: Decimal
    closing: LedgerState
    corrections: tuple[Correction, ...] = ()
    """Corrections of earlier approved months that this settlement carried."""
    advance: Decimal = ZERO
    to_pay: Decimal = ZERO
    not_offset: Decimal = ZERO
    buffer_used: Decimal = ZERO
    """What the approved version paid, left not set off and took from the bufferbudget: a new version of
    an approved final settlement pays only what is new."""


SELF_EMPLOYED_INVOICES = "eigen-onderneming/factuur"
"""The source named in a `RecordRef` of an invoice: the worker's own business, not an agency."""
SELF_EMPLOYED_COSTS = "eigen-onderneming/kosten"
"""The source named in a `RecordRef` of a business cost."""


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    """One invoice of a self-employed person as the engine reads it (rule 11); `amount` excludes VAT.

    `period_start`..`period_end` is the work the invoice is for, or the invoice date when it names no
    period (`has_period` False): an invoice without a period counts in its invoice month.
    """

    ref: RecordRef
    person: Person
    invoice_date: dt.date
    period_start: dt.date
    period_end: dt.date
    client: str
    amount: Decimal
    paid: bool = False
    has_period: bool = True
    corrects: str | None = None

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise EngineInputError("periodEnd", "ligt voor periodStart")
        if self.amount < 0:
            raise EngineInputError("amountExclVat", "mag niet negatief zijn")

    @property
    def number(self) -> str:
        """The invoice number."""
        return self.ref.record_id

    @property
    def document_date(self) -> dt.date:
        """The date that counts when the invoice names no period, or for attribution by pay date."""
        return self.invoice_date


@dataclass(frozen=True, slots=True)
class CostRecord:
    """One business cost of a self-employed person (rule 11), excluding VAT.

    `period_start`..`period_end` is the span the cost is for, or its date when it names none.
    `invoice_number` ties it to one invoice, whose months it then follows (policy `per_factuur`).
    """

    ref: RecordRef
    person: Person
    cost_date: dt.date
    period_start: dt.date
    period_end: dt.date
    amount: Decimal
    category: str
    invoice_number: str | None = None
    corrects: str | None = None

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise EngineInputError("periodEnd", "ligt voor periodStart")
        if self.amount < 0:
            raise EngineInputError("amountExclVat", "mag niet negatief zijn")

    @property
    def cost_id(self) -> str:
        """The cost's own reference."""
        return self.ref.record_id

    @property
    def document_date(self) -> dt.date:
        """The date that counts for attribution by pay date."""
        return self.cost_date
