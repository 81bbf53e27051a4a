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

_REFERENCES = {
    DisregardKind.N: "art. 31 lid 2 onderdeel n Participatiewet",
    DisregardKind.R: "art. 31 lid 2 onderdeel r Participatiewet",
    DisregardKind.Y: "art. 31 lid 2 onderdeel y Participatiewet",
    DisregardKind.BALANS: "art. 34a Participatiewet",
}
BALANS_MEDICAL_REFERENCE = "art. 34a Participatiewet (medische urenbeperking)"


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
    if in_force.flag or (balans_opt_in is not None and month >= balans_opt_in):
        return Regime.BALANS, in_force
    return Regime.CURRENT, in_force


def _window(grant: DisregardGrant, month: Month, months: int | None) -> str | None:
    """Why `month` is outside the grant's window, or None when inside."""
    if month < grant.start_month:
        return f"gaat pas in vanaf {grant.start_month}"
    if grant.end_month is not None and month > grant.end_month:
        return f"door de gemeente beëindigd na {grant.end_month}"
    if months is not None and month_index(month) - month_index(grant.start_month) >= months:
        return f"de {months} maanden vanaf {grant.start_month} zijn voorbij"
    return None


def _month_of(grant: DisregardGrant, month: Month) -> int:
    return month_index(month) - month_index(grant.start_month) + 1


def vrijlating_n(
    *, grant: DisregardGrant, month: Month, person: PersonFacts, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 31 lid 2 n: 25% of income from work, capped, at most 6 months; not under 27 (lid 5);
    no time limit at pensionable age."""
    at = parameters.for_month
    reference = _REFERENCES[DisregardKind.N]
    minimum_age = at(k.DISREGARD_N_MINIMUM_AGE, month)
    if person.age < minimum_age.whole:
        return NotApplied(
            DisregardKind.N,
            f"jonger dan {minimum_age.display}",
            "art. 31 lid 5 Participatiewet",
            (minimum_age,),
        )
    months = at(k.DISREGARD_N_MONTHS, month)
    outside = _window(grant, month, None if person.at_pension_age else months.whole)
    if outside:
        return NotApplied(DisregardKind.N, outside, reference, (months,))
    description = (
        "AOW-leeftijd, geen termijn"
        if person.at_pension_age
        else f"maand {_month_of(grant, month)} van {months.whole}"
    )
    return DisregardRule(
        DisregardKind.N, at(k.DISREGARD_N_RATE, month), at(k.DISREGARD_N_CAP, month), reference, description
    )


def vrijlating_r(
    *, grant: DisregardGrant, month: Month, person: PersonFacts, n_applies: bool, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 31 lid 2 r: a single parent with a child under 12, 12.5% capped, 30 months, after n."""
    at = parameters.for_month
    reference = _REFERENCES[DisregardKind.R]
    child_age = at(k.DISREGARD_R_CHILD_AGE, month)
    if not person.single_parent:
        return NotApplied(DisregardKind.R, "geen alleenstaande ouder", reference)
    if person.youngest_child_age is None:
        return NotApplied(DisregardKind.R, "geboortedatum van het jongste kind onbekend", reference)
    if person.youngest_child_age >= child_age.whole:
        return NotApplied(
            DisregardKind.R, f"jongste kind niet jonger dan {child_age.display}", reference, (child_age,)
        )
    if n_applies:
        return NotApplied(DisregardKind.R, "vrijlating n loopt nog", reference)
    months = at(k.DISREGARD_R_MONTHS, month)
    outside = _window(grant, month, months.whole)
    if outside:
        return NotApplied(DisregardKind.R, outside, reference, (months,))
    return DisregardRule(
        DisregardKind.R,
        at(k.DISREGARD_R_RATE, month),
        at(k.DISREGARD_R_CAP, month),
        reference,
        f"maand {_month_of(grant, month)} van {months.whole}",
    )


def vrijlating_y(
    *, grant: DisregardGrant, month: Month, n_applies: bool, parameters: ParameterSet
) -> DisregardRule | NotApplied:
    """Art. 31 lid 2 y: medically limited in hours, 15% capped, no time limit, not while n applies."""
    reference = _REFERENCES[DisregardKind.Y]
    if n_applies:
        return NotApplied(DisregardKind.Y, "vrijlating n loopt nog", reference)
    outside = _window(grant, month, None)
    if outside:
        return NotApplied(DisregardKind.Y, outside, reference)
    at = parameters.for_month
    return DisregardRule(
        DisregardKind.Y,
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
    if grant.kind is DisregardKind.Y:
        outside = _window(grant, month, None)
        if outside:
            return NotApplied(DisregardKind.Y, outside, BALANS_MEDICAL_REFERENCE)
        return DisregardRule(
            DisregardKind.Y,
            at(k.BALANS_MEDICAL_RATE, month),
            None,
            BALANS_MEDICAL_REFERENCE,
            "medische urenbeperking, art. 34a, geen termijn",
        )
    reference = _REFERENCES[DisregardKind.BALANS]
    if person.at_pension_age:
        outside = _window(grant, month, None)
        if outside:
            return NotApplied(DisregardKind.BALANS, outside, reference)
        return DisregardRule(
            DisregardKind.BALANS,
            at(k.BALANS_PENSION_AGE_RATE, month),
            at(k.BALANS_PENSION_AGE_CAP, month),
            reference,
            "AOW-leeftijd, geen termijn",
        )
    months = at(k.BALANS_MONTHS, month)
    outside = _window(grant, month, months.whole)
    if outside:
        return NotApplied(DisregardKind.BALANS, outside, reference, (months,))
    return DisregardRule(
        DisregardKind.BALANS,
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

    if month_regime is Regime.BALANS:
        for grant in grants:
            if grant.kind in (DisregardKind.BALANS, DisregardKind.Y):
                add(vrijlating_34a(grant=grant, month=month, person=person, parameters=parameters))
            else:
                add(
                    NotApplied(
                        grant.kind, "geldt niet in het regime van art. 34a", _REFERENCES[DisregardKind.BALANS]
                    )
                )
        return tuple(applied), tuple(not_applied)
    for grant in grants:
        if grant.kind is DisregardKind.N:
            add(vrijlating_n(grant=grant, month=month, person=person, parameters=parameters))
        elif grant.kind is DisregardKind.BALANS:
            add(
                NotApplied(
                    grant.kind,
                    "art. 34a is in deze maand nog niet van toepassing",
                    _REFERENCES[DisregardKind.BALANS],
                )
            )
    n_applies = bool(applied)
    for grant in grants:
        if grant.kind is DisregardKind.R:
            add(
                vrijlating_r(
                    grant=grant, month=month, person=person, n_applies=n_applies, parameters=parameters
                )
            )
        elif grant.kind is DisregardKind.Y:
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
