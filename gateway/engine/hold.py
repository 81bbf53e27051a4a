"""Rule 12, hold until complete (municipal policy `holdUntilComplete`, on by default).

The payout of a month in which the exit forecast fired, or of the last month of a case, waits until the
month's pay data is complete (every enrolled agency's periods present) or until `holdWorkingDays` working
days after the month's end, whichever comes first. Released by the deadline with periods still missing,
only the amount that is certain is paid: the missing working days are counted at the worker's recent net
pay, so that a pay slip arriving later brings a back payment rather than a debt (DESIGN §4.2 forbids an
estimate that creates a debt; this one only keeps a payment back, and is corrected by rule 7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from gateway.engine import rounding
from gateway.engine.days import add_working_days, last_day, working_days
from gateway.engine.explain import Code, Line
from gateway.engine.results import HoldResult, MissingSpan
from schemas.benefit_case import Person
from schemas.case import MunicipalPolicy
from schemas.figures import HoldReason, HoldStatus
from schemas.periods import Month

REFERENCE = "art. 52 en art. 58 Participatiewet; gemeentelijk beleid (betaling wacht op volledige gegevens)"
_REASONS = {
    HoldReason.EXIT_FORECAST: "het inkomen deze maand op of boven het bedrag komt waarmee u uit de"
    " bijstand gaat",
    HoldReason.LAST_MONTH: "dit de laatste maand van de bijstand is",
}


def betaling_wacht(
    *,
    month: Month,
    reason: HoldReason,
    policy: MunicipalPolicy,
    complete: bool,
    as_of: dt.date,
    missing: Sequence[MissingSpan],
    weekly_net: Decimal | None,
) -> tuple[HoldResult, tuple[Line, ...]]:
    """The hold of `month` as it stands on `as_of`, with its explanation lines (see the module docstring)."""
    until = add_working_days(last_day(month), policy.hold_working_days)
    estimate = rounding.ZERO
    if complete:
        status = HoldStatus.RELEASED_COMPLETE
        template = "De betaling over {} wachtte omdat {}; alle loonstroken zijn binnen, de betaling gaat door"
        args: tuple[object, ...] = (month, _REASONS[reason])
    elif as_of > until:
        status = HoldStatus.RELEASED_DEADLINE
        days = sum(
            [working_days(span.start, span.end) for span in missing if span.person is Person.CLAIMANT], 0
        )
        if weekly_net and days:
            estimate = rounding.half_up(weekly_net * days / 5)
        template = (
            "De betaling over {} wachtte omdat {}; de termijn tot {} is verstreken: alleen het zekere bedrag"
            " wordt betaald, met € {} voor {} werkdagen zonder loonstrook (recent nettoloon per week € {})"
        )
        args = (month, _REASONS[reason], until, estimate, days, weekly_net or rounding.ZERO)
    else:
        status = HoldStatus.HELD
        template = "De betaling over {} wacht omdat {}: tot alle loonstroken binnen zijn, uiterlijk tot {}"
        args = (month, _REASONS[reason], until)
    hold = HoldResult(reason, until, status, estimate)
    return hold, (Line(Code.HOLD, estimate or None, REFERENCE, template, args),)
