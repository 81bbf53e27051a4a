"""Age and pensionable (AOW) age, as the norm and the disregards need them."""

from __future__ import annotations

import datetime as dt

from gateway.engine.days import add_months, age_on
from gateway.engine.parameters import ParameterSet, ParameterValue, Series
from gateway.engine.parameters import keys as k
from schemas.periods import Month


def leeftijd(*, birth_date: dt.date, month: Month) -> int:
    """Age in years on the first day of `month`: that age decides for the whole month.

    Participatiewet art. 20-22 and art. 31 lid 5 name ages; the engine reads them on the first day of the
    month (a birthday later in the month counts from the next month). See RULES.md.
    """
    return age_on(birth_date, month.first_day)


def aow_datum(*, birth_date: dt.date, pension_age: Series) -> tuple[dt.date, ParameterValue]:
    """The day a person reaches the pensionable age (AOW art. 7a), and the parameter value it came from.

    The pensionable age depends on the year in which it is reached: for each dated value the earliest
    day inside its validity on which the person is at least that old is a candidate, and the earliest
    candidate wins. The last value also counts after its `valid_to` (marked unconfirmed), so that a
    pensionable age that is not yet published is never silently skipped.
    """
    values = pension_age.values
    for index, value in enumerate(values):
        reached = add_months(birth_date, value.whole)
        candidate = max(reached, value.valid_from)
        is_last = index == len(values) - 1
        if is_last or value.valid_to is None or candidate <= value.valid_to:
            return candidate, pension_age.at(candidate)
    raise AssertionError("unreachable: the last value always yields a candidate")


def op_aow_leeftijd(
    *, birth_date: dt.date, month: Month, parameters: ParameterSet
) -> tuple[bool, ParameterValue]:
    """Whether a person is at pensionable age on the first day of `month`, and the value that decided.

    Not yet at that age, the deciding value is the one valid in `month` itself: later values cannot
    change the answer for this month.
    """
    day, value = parameters.memo(
        ("aow_datum", birth_date),
        lambda: aow_datum(birth_date=birth_date, pension_age=parameters.series(k.PENSION_AGE)),
    )
    if day <= month.first_day:
        return True, value
    return False, parameters.for_month(k.PENSION_AGE, month)
