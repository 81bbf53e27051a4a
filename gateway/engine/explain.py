"""Explanation lines: what was computed, from which inputs, under which article.

A line keeps its values (`amount`, `args`) and the Dutch `template` they go into; `text` renders it on
reading, so settling many months does not spend its time formatting prose nobody may read. The codes
and how each line's amount takes part in the sum are listed in `RULES.md` ("Explanation lines"), which
is what lets a consultant redo a settlement by hand from its lines alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Final, NamedTuple

from gateway.engine import dutch
from gateway.engine.inputs import RecordRef
from gateway.engine.parameters import Kind, ParameterValue
from schemas.benefit_case import Person
from schemas.periods import IsoWeek, Month


class Code:
    """Line codes (stable, for machines); the meaning of each is in RULES.md."""

    NORM: Final = "NORM"
    INCOME: Final = "INKOMEN"
    INCOME_EXCLUDED: Final = "INKOMEN_TELT_NIET"
    HOLIDAY_PAY_SET_OFF: Final = "VAKANTIEGELD_VERREKEND"
    HOLIDAY_PAY_INCOME: Final = "VAKANTIEGELD_INKOMEN"
    INCOME_TOTAL: Final = "INKOMEN_TOTAAL"
    DISREGARD: Final = "VRIJLATING"
    DISREGARD_NOT_APPLIED: Final = "VRIJLATING_NIET"
    REGIME: Final = "REGIME"
    BIJSTAND: Final = "BIJSTAND"
    PAYOUT: Final = "UITBETALING"
    HOLIDAY_ALLOWANCE_RESERVE: Final = "VT_RESERVERING"
    HOLIDAY_ALLOWANCE_OPENING: Final = "VT_SALDO_BEGIN"
    HOLIDAY_ALLOWANCE_PAID: Final = "VT_UITBETAALD"
    HOLIDAY_ALLOWANCE_CORRECTION: Final = "VT_CORRECTIE"
    HOLIDAY_ALLOWANCE_CLOSING: Final = "VT_SALDO"
    ADVANCE: Final = "VOORSCHOT"
    ADVANCE_BELOW_MINIMUM: Final = "VOORSCHOT_ONDER_MINIMUM"
    CORRECTION: Final = "CORRECTIE"
    DIFFERENCE: Final = "VERSCHIL"
    OFFSET: Final = "VERREKEND"
    BACK_PAYMENT: Final = "NABETALING"
    OVERPAID: Final = "TE_VEEL_BETAALD"
    CARRIED_FORWARD: Final = "NOG_TE_VERREKENEN"
    NOT_OFFSET: Final = "NIET_VERREKEND"
    APPROVED: Final = "GOEDGEKEURD"
    CORRECTION_CARRIED: Final = "CORRECTIE_NAAR"
    HOLIDAY_ALLOWANCE_CORRECTION_CARRIED: Final = "VT_CORRECTIE_NAAR"
    EXPECTED_DIFFERENCE: Final = "VERWACHT_VERSCHIL"
    PAYOUT_DATE: Final = "BETAALDATUM"
    MISSING: Final = "ONTBREEKT"
    PROVISIONAL: Final = "VOORLOPIG"
    WEEK_PART: Final = "WEEKDEEL"
    WEEK_TOTAL: Final = "WEEK_TOTAAL"
    EXIT_INCOME: Final = "UITSTROOMINKOMEN"
    EXIT_REMAINING: Final = "NOG_TE_VERDIENEN"
    EXIT_WAGE: Final = "LOONGEGEVENS"
    EXIT_WEEKLY: Final = "PER_WEEK"
    END: Final = "EINDE"
    NORM_PRO_RATA: Final = "NORM_NAAR_RATO"
    EXIT_FORECAST: Final = "UITSTROOMSIGNAAL"
    HOLD: Final = "BETALING_WACHT"
    HOLD_ESTIMATE: Final = "ONTBREKEND_MEEGETELD"
    ADVANCE_AFTER_END: Final = "VOORSCHOT_NA_EINDE"
    PAID_BEFORE: Final = "EERDER_BETAALD"
    CORRECTION_EXPECTED: Final = "CORRECTIE_VERWACHT"
    BUFFER: Final = "BUFFERBUDGET"
    BUFFER_REFUSED: Final = "BUFFERBUDGET_NIET"
    BUFFER_PROPOSAL: Final = "BUFFERBUDGET_VOORSTEL"
    BUSINESS_REVENUE: Final = "OMZET"
    BUSINESS_COST: Final = "KOSTEN"
    BUSINESS_COSTS: Final = "KOSTEN_TOTAAL"
    BUSINESS_LOSS: Final = "VERLIES"
    BUSINESS_INCOME: Final = "INKOMEN_ONDERNEMING"


class Line(NamedTuple):
    """One explanation line. `args` fill the `{}` of `template` in Dutch notation; a `€ {}` in the
    template is an amount in euros and reads `€ 1.401,50` or `− € 214,83`."""

    code: str
    amount: Decimal | None
    reference: str
    template: str
    args: tuple[object, ...] = ()
    person: Person | None = None
    records: tuple[RecordRef, ...] = ()
    parameters: tuple[ParameterValue, ...] = ()
    inputs: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The line in Dutch."""
        return fill(self.template, self.args)


def reading(line: Line) -> tuple[tuple[type, ...], bool]:
    """What tells apart lines that are equal but read differently, for caches keyed by a line: the type
    of each argument (`2` and `Decimal(2)` are equal, but read `2` and `2,00`) and the sign of a zero
    amount (`-0.00`)."""
    return tuple(map(type, line.args)), line.amount is not None and line.amount.is_signed()


_EURO_SIGN = "€ "


def fill(template: str, args: tuple[object, ...]) -> str:
    """`template` with each `{}` replaced by the next argument in Dutch notation, and `€ {}` by an amount
    in euros (the minus sign goes before the euro sign, so the template cannot spell it)."""
    slots, last = _slots(template)
    if len(args) < len(slots):
        raise IndexError(f"template {template!r} takes {len(slots)} values, got {len(args)}")
    text = []
    for (before, before_euro, arg_is_euro), arg in zip(slots, args, strict=False):
        money = _money(arg) if arg_is_euro else None
        if money is None:
            text.append(before)
            text.append(render(arg))
        else:
            text.append(before_euro)
            text.append(dutch.euro(money))
    text.append(last)
    return "".join(text)


# A few hundred templates are filled again and again: each is split once.
@functools.lru_cache(maxsize=1024)
def _slots(template: str) -> tuple[tuple[tuple[str, str, bool], ...], str]:
    """Per `{}` of `template`: the text before it, that text without a closing `€ `, and whether it has
    one; then the text after the last `{}`."""
    pieces = template.split("{}")
    slots = tuple(
        (piece, piece.removesuffix(_EURO_SIGN), piece.endswith(_EURO_SIGN)) for piece in pieces[:-1]
    )
    return slots, pieces[-1]


def _money(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, ParameterValue) and value.kind is Kind.MONEY:
        return value.number
    return None


def render(value: object) -> str:
    """One value in Dutch notation: a decimal comma, dates as `2 februari 2026`, months by name."""
    if isinstance(value, Decimal):
        return dutch.amount(value)
    if isinstance(value, ParameterValue):
        return value.display
    if isinstance(value, Month):
        return dutch.month(value)
    if isinstance(value, dt.date):
        return dutch.date(value)
    if isinstance(value, IsoWeek):
        return f"week {value.week} van {value.year}"
    return str(value)
