"""Rule 12, the end of a case (beëindiging): the last month for the days with a right to bijstand.

Participatiewet art. 45: bijstand is set per calendar month. When the right ends during a month, the norm
of that month is taken for the calendar days with a right to bijstand: norm × days / days of the month,
rounded half up to the cent (`rules.norm.maandnorm`, the same rule as for a benefit that starts during a
month; a day amount per calendar day is the usual municipal practice). Income earned after the last day
does not count (art. 32): the attribution leaves those days out.
"""

from __future__ import annotations

import datetime as dt

from gateway.engine.days import calendar_days, last_day
from schemas.benefit_case import EndReason
from schemas.periods import Month

REFERENCE = "art. 11 en art. 45 Participatiewet"
PRO_RATA_REFERENCE = "art. 45 Participatiewet; naar rato van de kalenderdagen met recht op bijstand"
REASONS = {EndReason.WORK: "werk", EndReason.MOVE: "verhuizing", EndReason.OTHER: "overige reden"}
FINAL_REFERENCE = "art. 45 Participatiewet (vakantietoeslag bij beëindiging); art. 58 lid 4 (verrekening)"


def dagen_met_recht(*, month: Month, benefit_start: dt.date, end_date: dt.date) -> tuple[int, int]:
    """Calendar days of `month` with a right to bijstand, and the days of the month (art. 45 Pw)."""
    first, final = month.first_day, last_day(month)
    return calendar_days(max(first, benefit_start), min(final, end_date)), calendar_days(first, final)
