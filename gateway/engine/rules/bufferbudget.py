"""Rule 13, the bufferbudget (art. 34b Participatiewet, Participatiewet in balans).

The college may use a budget of at most a yearly maximum per person (a dated parameter) to pay a month
that fell below the norm through settlement, or to absorb an overpayment caused by earnings instead of
recovering it. It is a municipal opt-in (policy `bufferbudgetFrom`). Every use is a consultant's
decision; the engine only applies decided uses, within what is left of the calendar year, and proposes
a use where a month or a final settlement would otherwise leave an amount not set off or a month below
the norm.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.explain import Code, Line
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from gateway.engine.results import BufferProposalResult
from schemas.benefit_case import BufferUse, BufferUseKind
from schemas.case import MunicipalPolicy
from schemas.periods import Month

REFERENCE = "art. 34b Participatiewet (bufferbudget)"


class BufferLedger:
    """What was used of the bufferbudget per calendar year, in month order."""

    __slots__ = ("_used",)

    def __init__(self) -> None:
        self._used: dict[int, Decimal] = {}

    def maximum(
        self, *, month: Month, policy: MunicipalPolicy, parameters: ParameterSet
    ) -> ParameterValue | None:
        """The yearly maximum in force for `month`, or None when the municipality does not use it then."""
        opt_in = policy.bufferbudget_from
        if opt_in is None or month < opt_in:
            return None
        return parameters.for_month(k.BUFFERBUDGET_MAX_PER_YEAR, month)

    def left(self, *, month: Month, maximum: ParameterValue) -> Decimal:
        """What is left of the year of `month`."""
        return max(maximum.number - self._used.get(month.year, rounding.ZERO), rounding.ZERO)

    def take(self, *, month: Month, amount: Decimal) -> None:
        """Record a use in the year of `month`."""
        if amount:
            self._used[month.year] = self._used.get(month.year, rounding.ZERO) + amount


class BufferOutcome(NamedTuple):
    """What the decided uses of one month came to, and what Loonbrug proposes next."""

    absorbed: Decimal
    top_up: Decimal
    lines: tuple[Line, ...]
    proposal: BufferProposalResult | None


def bufferbudget_gebruik(
    *,
    month: Month,
    uses: Sequence[BufferUse],
    ledger: BufferLedger,
    maximum: ParameterValue | None,
    not_offset: Decimal,
    offset: Decimal,
    shortfall: Decimal,
) -> BufferOutcome:
    """Apply the decided uses of `month` (art. 34b Pw) and propose one where still useful.

    An absorbing use takes at most what is not set off (`not_offset`), a top-up at most what was set off
    this month (`offset`): the budget answers for settlement, never for more. Both stay within what is
    left of the calendar year. Without the municipality's opt-in nothing is taken and the line says so.
    """
    lines: list[Line] = []
    absorbed = top_up = rounding.ZERO
    for use in uses:
        if maximum is None:
            lines.append(
                Line(
                    Code.BUFFER_REFUSED,
                    None,
                    REFERENCE,
                    "Besluit bufferbudget € {} ({}) niet verwerkt: de gemeente zet het bufferbudget in {}"
                    " niet in",
                    (use.amount, _KIND_NAMES[use.kind], month),
                )
            )
            continue
        room = not_offset - absorbed if use.kind is BufferUseKind.ABSORB else offset - top_up
        left = ledger.left(month=month, maximum=maximum)
        granted = min(use.amount, max(room, rounding.ZERO), left)
        # The maximum is named (and, unconfirmed, makes the month provisional) only where it decides.
        capped = (maximum,) if granted == left < min(use.amount, room) else ()
        ledger.take(month=month, amount=granted)
        if use.kind is BufferUseKind.ABSORB:
            absorbed += granted
            template = "Bufferbudget: € {} van wat niet te verrekenen is, wordt niet teruggevorderd"
        else:
            top_up += granted
            template = "Bufferbudget: € {} aanvulling omdat de verrekening de maand onder de norm brengt"
        lines.append(Line(Code.BUFFER, granted, REFERENCE, template, (granted,), parameters=capped))
        if granted < use.amount:
            lines.append(
                Line(
                    Code.BUFFER_REFUSED,
                    use.amount - granted,
                    REFERENCE,
                    "Van het besluit € {} gaat € {} niet uit het bufferbudget: meer dan nodig is of dan er"
                    " in {} nog over is (ten hoogste € {} per kalenderjaar)",
                    (use.amount, use.amount - granted, month.year, maximum),
                    parameters=capped,
                )
            )
    proposal = None
    if maximum is not None:
        left = ledger.left(month=month, maximum=maximum)
        wanted = rounding.ZERO
        if not_offset - absorbed > 0 and left > 0:
            wanted = not_offset - absorbed
            proposal = BufferProposalResult(BufferUseKind.ABSORB, min(wanted, left), left)
        elif shortfall > 0 and offset - top_up > 0 and left > 0:
            wanted = min(shortfall, offset - top_up)
            proposal = BufferProposalResult(BufferUseKind.TOP_UP, min(wanted, left), left)
        if proposal is not None:
            lines.append(
                Line(
                    Code.BUFFER_PROPOSAL,
                    proposal.amount,
                    REFERENCE,
                    "Voorstel: € {} uit het bufferbudget ({}), als de consulent daartoe besluit; er is in {}"
                    " nog € {}",
                    (proposal.amount, _KIND_NAMES[proposal.kind], month.year, left),
                    parameters=(maximum,) if left < wanted else (),
                )
            )
    return BufferOutcome(absorbed, top_up, tuple(lines), proposal)


_KIND_NAMES = {BufferUseKind.ABSORB: "niet terugvorderen", BufferUseKind.TOP_UP: "aanvulling"}
