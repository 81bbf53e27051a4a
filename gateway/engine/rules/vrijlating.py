"""Rule 3, the disregards (vrijlatingen) of income from work: art. 31 lid 2 n, r, y and art. 34a.

A disregard applies only when the municipality granted it (`DisregardGrant`), only to the income from
work of the person it was granted to, and only inside its window. Windows count calendar months from
the grant's start month whether or not there was income, and end early at the grant's `endMonth`.
Ages and household facts are read on the first day of the month. In one month a person gets at most
one disregard: of those that apply, the one giving the largest amount.

Regimes: until art. 34a is in force (parameter `balans.in_force`) or the municipality opted in earlier
(policy `balansOptIn`), n, r and y apply; from then on art. 34a and y under art. 34a apply. A grant of
the other regime is shown as not applied, with the reason; transitional law is for the municipality.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from gateway.engine import rounding
from gateway.engine.days import month_index
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters import keys as k
from schemas.benefit_case import DisregardGrant, DisregardKind
from schemas.figures import Regime
from schemas.periods import Month

# Enum members bound once: on Python 3.11 reading one from its class costs more than a rule's arithmetic.
_N, _R, _Y, _BALANS = DisregardKind.N, DisregardKind.R, DisregardKind.Y, DisregardKind.BALANS
_BALANS_REGIME, _CURRENT_REGIME = Regime.BALANS, Regime.CURRENT
_N_REFERENCE = "art. 31 lid 2 onderdeel n Participatiewet"
_R_REFERENCE = "art. 31 lid 2 onderdeel r Participatiewet"
_Y_REFERENCE = "art. 31 lid 2 onderdeel y Participatiewet"
_BALANS_REFERENCE = "art. 34a Participatiewet"
BALANS_MEDICAL_REFERENCE = "art. 34a Participatiewet (medische urenbeperking)"
AGE_LIMIT_REFERENCE = "art. 31 lid 5 Participatiewet"


class DisregardRule(NamedTuple):
    """A disregard that applies this month: rate × income from work, at most `cap` when there is one."""

    kind: DisregardKind
    rate: ParameterValue
    cap: ParameterValue | None
    reference: str
    description: str

    def amount(self, income: Decimal) -> Decimal:
        """The disregard on `income`, rounded half up to the cent, then capped."""
        value = rounding.half_up(self.rate.number * income)
        if self.cap is not None and value > self.cap.number:
            return self.cap.number
        return value


class NotApplied(NamedTuple):
    """A granted disregard that does not apply this month, and why."""

    kind: DisregardKind
    reason: str
    reference: str
    parameters: tuple[ParameterValue, ...] = ()


class PersonFacts(NamedTuple):
    """What the disregards need to know about the person, on the first day of the month."""

    age: int
    at_pension_age: bool
    single_parent: bool
    youngest_child_age: int | None


def regime(
    *, month: Month, balans_opt_in: Month | None, parameters: ParameterSet
) -> tuple[Regime, ParameterValue]:
    """The disregard regime of `month`: art. 34a once in force, or earlier when the municipality opted in."""
    in_force = parameters.for_month(k.BALANS_IN_FORCE, month)
    if in_force.flag or (balans_opt_in is not None and month_index(month) >= month_index(balans_opt_in)):
        return _BALANS_REGIME, in_force
    return _CURRENT_REGIME, in_force


def _window(grant: DisregardGrant, month: Month, months: int | None) -> str | None:
    """Why `month` is outside the grant's window, or None when inside."""
    index, start = month_index(month), month_index(grant.start_month)
    if index < start:
        return f"gaat pas in vanaf {grant.start_month}"
    if grant.end_month is not None and index > month_index(grant.end_month):
        return f"door de gemeente beëindigd na {grant.end_month}"
    if months is not None and index - start >= months:
        return f"de {months} maanden vanaf {grant.start_month} zijn voorbij"
    return None


def _too_young(kind: DisregardKind, minimum_age: ParameterValue) -> NotApplied:
    """Art. 31 lid 5: the disregards n and r do not apply to a person under the age it names."""
    return NotApplied(
        kind,
        f"jonger dan {minimum_age.display}",
        AGE_LIMIT_REFERENCE,
        (minimum_age,),
    )


def _month_of(grant: DisregardGrant, month: Month) -> int:
    return month_index(month) - month_index(grant.start_month) + 1


def vrijlating_n(
    *, grant: DisregardGrant, month: Month, person: PersonFacts, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 31 lid 2 n: 25% of income from work, capped, at most 6 months; not under 27 (lid 5);
    no time limit at pensionable age."""
    at = parameters.for_month
    reference = _N_REFERENCE
    minimum_age = at(k.DISREGARD_N_MINIMUM_AGE, month)
    if person.age < minimum_age.whole:
        return _too_young(_N, minimum_age)
    months = at(k.DISREGARD_N_MONTHS, month)
    outside = _window(grant, month, None if person.at_pension_age else months.whole)
    if outside:
        return NotApplied(_N, outside, reference, (months,))
    description = (
        "AOW-leeftijd, geen termijn"
        if person.at_pension_age
        else f"maand {_month_of(grant, month)} van {months.whole}"
    )
    return DisregardRule(
        _N, at(k.DISREGARD_N_RATE, month), at(k.DISREGARD_N_CAP, month), reference, description
    )


def vrijlating_r(
    *, grant: DisregardGrant, month: Month, person: PersonFacts, n_applies: bool, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 31 lid 2 r: a single parent with a child under 12, 12.5% capped, 30 months, after n; not
    under 27 (lid 5)."""
    at = parameters.for_month
    reference = _R_REFERENCE
    minimum_age = at(k.DISREGARD_R_MINIMUM_AGE, month)
    if person.age < minimum_age.whole:
        return _too_young(_R, minimum_age)
    child_age = at(k.DISREGARD_R_CHILD_AGE, month)
    if not person.single_parent:
        return NotApplied(_R, "geen alleenstaande ouder", reference)
    if person.youngest_child_age is None:
        return NotApplied(_R, "geboortedatum van het jongste kind onbekend", reference)
    if person.youngest_child_age >= child_age.whole:
        return NotApplied(_R, f"jongste kind niet jonger dan {child_age.display}", reference, (child_age,))
    if n_applies:
        return NotApplied(_R, "vrijlating n loopt nog", reference)
    months = at(k.DISREGARD_R_MONTHS, month)
    outside = _window(grant, month, months.whole)
    if outside:
        return NotApplied(_R, outside, reference, (months,))
    return DisregardRule(
        _R,
        at(k.DISREGARD_R_RATE, month),
        at(k.DISREGARD_R_CAP, month),
        reference,
        f"maand {_month_of(grant, month)} van {months.whole}",
    )


def vrijlating_y(
    *, grant: DisregardGrant, month: Month, n_applies: bool, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 31 lid 2 y: medically limited in hours, 15% capped, no time limit, not while n applies."""
    reference = _Y_REFERENCE
    if n_applies:
        return NotApplied(_Y, "vrijlating n loopt nog", reference)
    outside = _window(grant, month, None)
    if outside:
        return NotApplied(_Y, outside, reference)
    at = parameters.for_month
    return DisregardRule(
        _Y,
        at(k.DISREGARD_Y_RATE, month),
        at(k.DISREGARD_Y_CAP, month),
        reference,
        "medische urenbeperking, geen termijn",
    )


def vrijlating_34a(
    *, grant: DisregardGrant, month: Month, person: PersonFacts, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 34a: 15% without cap for at most 12 months below pensionable age; at pensionable age 25%,
    capped, without time limit; when medically limited in hours (a y grant) 15% without time limit."""
    at = parameters.for_month
    if grant.kind is _Y:
        outside = _window(grant, month, None)
        if outside:
            return NotApplied(_Y, outside, BALANS_MEDICAL_REFERENCE)
        return DisregardRule(
            _Y,
            at(k.BALANS_MEDICAL_RATE, month),
            None,
            BALANS_MEDICAL_REFERENCE,
            "medische urenbeperking, art. 34a, geen termijn",
        )
    reference = _BALANS_REFERENCE
    if person.at_pension_age:
        outside = _window(grant, month, None)
        if outside:
            return NotApplied(_BALANS, outside, reference)
        return DisregardRule(
            _BALANS,
            at(k.BALANS_PENSION_AGE_RATE, month),
            at(k.BALANS_PENSION_AGE_CAP, month),
            reference,
            "AOW-leeftijd, geen termijn",
        )
    months = at(k.BALANS_MONTHS, month)
    outside = _window(grant, month, months.whole)
    if outside:
        return NotApplied(_BALANS, outside, reference, (months,))
    return DisregardRule(
        _BALANS,
        at(k.BALANS_RATE, month),
        None,
        reference,
        f"maand {_month_of(grant, month)} van {months.whole}",
    )


def vrijlatingen(
    *,
    grants: tuple[DisregardGrant, ...],
    month: Month,
    person: PersonFacts,
    month_regime: Regime,
    parameters: ParameterSet,
) -> tuple[tuple[DisregardRule, ...], tuple[NotApplied, ...]]:
    """Which of a person's granted disregards apply in `month` (art. 31 lid 2, art. 34a), and why the
    others do not."""
    applied: list[DisregardRule] = []
    not_applied: list[NotApplied] = []

    def add(result: DisregardRule | NotApplied) -> None:
        if isinstance(result, DisregardRule):
            applied.append(result)
        else:
            not_applied.append(result)

    if month_regime is _BALANS_REGIME:
        for grant in grants:
            if grant.kind in (_BALANS, _Y):
                add(vrijlating_34a(grant=grant, month=month, person=person, parameters=parameters))
            else:
                add(NotApplied(grant.kind, "geldt niet in het regime van art. 34a", _BALANS_REFERENCE))
        return tuple(applied), tuple(not_applied)
    for grant in grants:
        if grant.kind is _N:
            add(vrijlating_n(grant=grant, month=month, person=person, parameters=parameters))
        elif grant.kind is _BALANS:
            add(
                NotApplied(
                    grant.kind,
                    "art. 34a is in deze maand nog niet van toepassing",
                    _BALANS_REFERENCE,
                )
            )
    n_applies = bool(applied)
    for grant in grants:
        if grant.kind is _R:
            add(
                vrijlating_r(
                    grant=grant, month=month, person=person, n_applies=n_applies, parameters=parameters
                )
            )
        elif grant.kind is _Y:
            add(vrijlating_y(grant=grant, month=month, n_applies=n_applies, parameters=parameters))
    return tuple(applied), tuple(not_applied)


def vrijlating(*, income: Decimal, rules: tuple[DisregardRule, ...]) -> tuple[Decimal, DisregardRule | None]:
    """Art. 31 lid 2 / art. 34a: the disregard on a person's income from work this month, the largest of
    the applicable rules."""
    best: DisregardRule | None = None
    best_amount = rounding.ZERO
    for rule in rules:
        amount = rule.amount(income)
        if best is None or amount > best_amount:
            best, best_amount = rule, amount
    return best_amount, best
