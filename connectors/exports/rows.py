"""One export row per approved month settlement or final settlement, and the columns both formats share.

The layout is documented in docs/export-layout.md; change both together. Amounts are two-decimal
strings with a point and, when negative, a leading minus; never floats. Rows sort by month, then BSN,
then settlement id, so the same settlements always give the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from schemas.figures import MonthSettlement, ResultKind
from schemas.money import CENT, ZERO

EXPORTED_KINDS = frozenset({ResultKind.SETTLEMENT, ResultKind.FINAL})
"""Month settlements and final settlements are paid; a recomputation's difference goes with an open month."""


class ExportError(ValueError):
    """A settlement cannot be exported as it is (e.g. it is a recomputation, not a settlement)."""


def money(value: Decimal) -> str:
    """An amount as the export writes it: two decimals, a point, a leading minus when negative."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ExportError("an amount must be a finite Decimal")
    if value != value.quantize(CENT):
        raise ExportError("an amount must have at most two decimals")
    return format(value.quantize(CENT), "f")


@dataclass(frozen=True, slots=True, repr=False)
class ExportRow:
    """An approved settlement with whom it is for and who approved it; holds a BSN, so never log it."""

    municipality_code: str
    bsn: str
    settlement_id: str
    version: int
    approved_by: str
    approved_at: dt.datetime
    settlement: MonthSettlement

    def __repr__(self) -> str:
        return f"ExportRow(settlement_id={self.settlement_id!r})"

    def required(self, value: Decimal | None, name: str) -> Decimal:
        """A settling amount, which an approved settlement always has."""
        if value is None:
            raise ExportError(f"settlement {self.settlement_id} has no {name}")
        return value


Column = tuple[str, str, Callable[[ExportRow], str]]
"""(CSV header, JSON name, value as text)."""

COLUMNS: tuple[Column, ...] = (
    ("gemeente", "gemeente", lambda r: r.municipality_code),
    ("bsn", "bsn", lambda r: r.bsn),
    ("maand", "maand", lambda r: str(r.settlement.month)),
    ("verrekening_id", "verrekeningId", lambda r: r.settlement_id),
    ("versie", "versie", lambda r: str(r.version)),
    ("soort", "soort", lambda r: r.settlement.kind.value),
    ("norm", "norm", lambda r: money(r.settlement.norm)),
    ("inkomen", "inkomen", lambda r: money(r.settlement.income)),
    ("vrijlating", "vrijlating", lambda r: money(r.settlement.disregard)),
    ("bijstand", "bijstand", lambda r: money(r.settlement.bijstand)),
    ("uitbetaling", "uitbetaling", lambda r: money(r.settlement.payout)),
    ("vt_reservering", "vtReservering", lambda r: money(r.settlement.holiday_allowance_reserve)),
    ("vakantiegeld_verrekend", "vakantiegeldVerrekend", lambda r: money(r.settlement.holiday_pay_set_off)),
    (
        "vt_uitbetaald",
        "vtUitbetaald",
        lambda r: money(r.required(r.settlement.holiday_allowance_paid_out, "holidayAllowancePaidOut")),
    ),
    ("voorschot", "voorschot", lambda r: money(r.settlement.advance)),
    (
        "correcties",
        "correcties",
        lambda r: money(r.required(r.settlement.corrections_total, "correctionsTotal")),
    ),
    ("verschil", "verschil", lambda r: money(r.required(r.settlement.difference, "difference"))),
    ("verrekend", "verrekend", lambda r: money(r.required(r.settlement.offset, "offset"))),
    ("nabetaling", "nabetaling", lambda r: money(r.required(r.settlement.to_pay, "toPay"))),
    ("te_veel_betaald", "teVeelBetaald", lambda r: money(r.required(r.settlement.overpaid, "overpaid"))),
    ("niet_verrekend", "nietVerrekend", lambda r: money(r.required(r.settlement.not_offset, "notOffset"))),
    ("bufferbudget", "bufferbudget", lambda r: money(r.settlement.buffer_used or ZERO)),
    ("betaaldatum", "betaaldatum", lambda r: r.settlement.payout_date.isoformat()),
    ("goedgekeurd_door", "goedgekeurdDoor", lambda r: r.approved_by),
    (
        "goedgekeurd_op",
        "goedgekeurdOp",
        lambda r: r.approved_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    ),
)


def check(row: ExportRow) -> ExportRow:
    """The row if its settlement can be exported; an `ExportError` otherwise."""
    if row.settlement.kind not in EXPORTED_KINDS:
        raise ExportError(f"settlement {row.settlement_id} is a recomputation; only settlements are exported")
    return row


def ordered(rows: Iterable[ExportRow]) -> list[ExportRow]:
    """The rows in export order: month, BSN, settlement id."""
    return sorted(
        (check(row) for row in rows), key=lambda r: (str(r.settlement.month), r.bsn, r.settlement_id)
    )


def values(row: ExportRow) -> list[str]:
    """The row's values in column order."""
    return [value(row) for _, _, value in COLUMNS]
