"""Published parameter values: list them, add one (proposed), confirm it (a second administrator).

National values are national law, so the added values are platform-wide (see
gateway.store.models.parameters): one administrator proposes a value with its source, another confirms
it (never the same person), and from then on every process layers it over the shipped files
(gateway.params.provider) and every worker with a case is recomputed in full, so approved months get
their correction lines (rule 7). Used by the admin API (audited there) and by `loonbrug params`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app_api.parameters.schemas import (
    NewValue,
    ParameterList,
    ParameterView,
    ParameterWarning,
    ProposalView,
    UnconfirmedList,
    UnconfirmedValue,
    ValueView,
)
from gateway.engine.parameters import ParameterSet, ParameterValue, display_value
from gateway.engine.parameters.layer import Layered, default_valid_to, parse_number, unconfirmed_in_use
from gateway.jobs import kinds
from gateway.params.provider import LayeredParameters
from gateway.store import outbox, parameter_values
from gateway.store.models import BenefitCaseFact
from gateway.store.parameter_values import Entry
from gateway.web.errors import Conflict, Forbidden, InvalidInput, NotFound
from schemas.problems import InvalidParam

_ONE_DAY = dt.timedelta(days=1)
PROPOSED = "voorgesteld"
IN_USE = "in_gebruik"
SUPERSEDED = "vervangen"


class FourEyesRequired(Forbidden):
    """The administrator who proposed a value cannot confirm it."""

    code = "four_eyes_required"

    def __init__(self) -> None:
        super().__init__("Een andere beheerder dan wie de waarde toevoegde, bevestigt haar (vier ogen).")


@dataclass(frozen=True, slots=True)
class Checked:
    """A proposed value that passed every check."""

    key: str
    valid_from: dt.date
    valid_to: dt.date | None
    number: Decimal
    source: str
    article: str


def _problem(name: str, code: str, reason: str) -> InvalidParam:
    return InvalidParam(name=name, code=code, reason=reason)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check(new: NewValue, shipped: ParameterSet) -> Checked:
    """`new` as a value to store, or InvalidInput naming every field that is wrong."""
    problems: list[InvalidParam] = []
    known = new.key in shipped.keys
    if not known:
        problems.append(_problem("key", "unknown_key", "Deze parameter bestaat niet (zie de lijst)."))
    valid_from = _day(new.valid_from)
    if valid_from is None:
        problems.append(_problem("validFrom", "invalid_date", "Verwacht een datum JJJJ-MM-DD."))
    elif valid_from.day != 1:
        problems.append(
            _problem("validFrom", "not_first_of_month", "Een waarde geldt vanaf de eerste van een maand.")
        )
        valid_from = None
    valid_to = None if new.valid_to is None else _day(new.valid_to)
    if new.valid_to is not None:
        if valid_to is None:
            problems.append(_problem("validTo", "invalid_date", "Verwacht een datum JJJJ-MM-DD."))
        elif (valid_to + _ONE_DAY).day != 1 or (valid_from is not None and valid_to < valid_from):
            problems.append(
                _problem(
                    "validTo", "not_end_of_month", "Verwacht de laatste dag van een maand na de begindatum."
                )
            )
            valid_to = None
    number = None
    if known:
        kind = shipped.series(new.key).values[-1].kind
        try:
            number = parse_number(kind, new.value)
        except ValueError as error:
            problems.append(
                _problem("value", "wrong_kind", f"De waarde past niet bij deze parameter: {error}.")
            )
    if not new.source.startswith("https://") or len(new.source) <= len("https://"):
        problems.append(_problem("source", "not_https", "Verwacht het https-adres van de publicatie."))
    if not new.article.strip():
        problems.append(
            _problem("article", "missing", "Noem het artikel of onderdeel waarin de waarde staat.")
        )
    first = shipped.series(new.key).values[0].valid_from if known else None
    if first is not None and valid_from is not None and valid_from < first:
        problems.append(
            _problem("validFrom", "before_coverage", f"Loonbrug rekent pas vanaf {first.isoformat()}.")
        )
        valid_from = None
    if known and valid_from is not None:
        series = shipped.series(new.key)
        end = valid_to if new.valid_to is not None else default_valid_to(series, valid_from)
        fixed = [
            value
            for value in series.values
            if value.confirmed
            and (value.valid_to is None or value.valid_to >= valid_from)
            and (end is None or value.valid_from <= end)
        ]
        if fixed:
            name = "validFrom" if fixed[0].valid_from <= valid_from else "validTo"
            problems.append(
                _problem(
                    name,
                    "already_shipped",
                    f"De meegeleverde bestanden hebben al een vastgestelde waarde vanaf "
                    f"{fixed[0].valid_from.isoformat()}.",
                )
            )
        valid_to = end
    if problems or not known or valid_from is None or number is None:
        raise InvalidInput("De waarde klopt niet.", invalid_params=problems)
    return Checked(new.key, valid_from, valid_to, number, new.source, new.article.strip())


def propose(
    *,
    session: Session,
    provider: LayeredParameters,
    new: NewValue,
    actor: str,
    municipality_id: str | None,
    now: dt.datetime,
) -> ProposalView:
    """Check and store a proposed value; it is used once a second administrator confirms it."""
    checked = check(new, provider.shipped)
    row = parameter_values.propose(
        session=session,
        key=checked.key,
        valid_from=checked.valid_from,
        valid_to=checked.valid_to,
        value=checked.number,
        source_url=checked.source,
        article=checked.article,
        actor=actor,
        municipality_id=municipality_id,
        now=now,
    )
    return _proposal(Entry(row, None), provider.shipped, provider.current(session))


def confirm(
    *,
    session: Session,
    provider: LayeredParameters,
    proposal_id: str,
    actor: str,
    municipality_id: str | None,
    now: dt.datetime,
) -> ProposalView:
    """Confirm a proposal as a second administrator, then recompute every worker with a case in full."""
    entry = parameter_values.get(session=session, proposal_id=proposal_id)
    if entry is None:
        raise NotFound("Deze voorgestelde waarde is niet gevonden.")
    if entry.confirmation is not None:
        raise Conflict("Deze waarde is al bevestigd.", code="already_confirmed")
    if entry.proposal.proposed_by == actor:
        raise FourEyesRequired()
    if provider.shipped.at(entry.proposal.key, entry.proposal.valid_from).confirmed:
        raise Conflict(
            "De meegeleverde bestanden hebben inmiddels een vastgestelde waarde voor deze maand.",
            code="already_shipped",
        )
    confirmation = parameter_values.confirm(
        session=session, proposal=entry.proposal, actor=actor, municipality_id=municipality_id, now=now
    )
    worker_ids = sorted(set(session.scalars(select(BenefitCaseFact.worker_id))))
    if worker_ids:
        # Every month from the value's start may change, approved ones too: recompute all of them.
        outbox.publish(
            session=session, topic=kinds.RECOMPUTE_REQUESTED, payload={"workerIds": worker_ids, "full": True}
        )
    return _proposal(Entry(entry.proposal, confirmation), provider.shipped, provider.current(session))


def _status(entry: Entry, layered: Layered) -> str:
    if entry.confirmation is None:
        return PROPOSED
    return SUPERSEDED if entry.proposal.id in layered.superseded else IN_USE


def _proposal(entry: Entry, shipped: ParameterSet, layered: Layered) -> ProposalView:
    proposal, confirmation = entry.proposal, entry.confirmation
    template = shipped.series(proposal.key).values[-1] if proposal.key in shipped.keys else None
    number = Decimal(proposal.value)
    return ProposalView(
        id=proposal.id,
        key=proposal.key,
        label=template.label if template is not None else proposal.key,
        valid_from=proposal.valid_from,
        valid_to=proposal.valid_to,
        value=proposal.value,
        display=display_value(template.kind, number) if template is not None else proposal.value,
        source=proposal.source_url,
        article=proposal.article,
        proposed_by=proposal.proposed_by,
        proposed_at=proposal.proposed_at,
        confirmed_by=confirmation.confirmed_by if confirmation is not None else None,
        confirmed_at=confirmation.confirmed_at if confirmation is not None else None,
        status=_status(entry, layered),
    )


def _warnings(layered: Layered, key: str | None = None) -> list[ParameterWarning]:
    return [
        ParameterWarning(
            key=conflict.key,
            valid_from=conflict.valid_from,
            proposal_id=conflict.added_id,
            text=(
                "Een nieuwere versie van Loonbrug levert voor deze maand een andere waarde mee dan de "
                "bevestigde toegevoegde waarde. De toegevoegde waarde blijft in gebruik; controleer welke "
                "klopt en voeg zo nodig de juiste waarde toe."
            ),
        )
        for conflict in layered.conflicts
        if key is None or conflict.key == key
    ]


def _value(value: ParameterValue, added: set[tuple[str, dt.date, str, str]]) -> ValueView:
    return ValueView(
        valid_from=value.valid_from,
        valid_to=value.valid_to,
        value=str(value.number),
        display=value.display,
        confirmed=value.confirmed,
        added=(value.key, value.valid_from, value.source_url, value.article) in added,
        source=value.source_url,
        article=value.article,
        note=value.note,
    )


def _with_beyond(values: tuple[ParameterValue, ...]) -> list[ParameterValue]:
    """The values, and after the last one's end the value the engine uses then: the last, voorlopig."""
    last = values[-1]
    if last.valid_to is None:
        return list(values)
    beyond = replace(
        last,
        valid_from=last.valid_to + _ONE_DAY,
        valid_to=None,
        confirmed=False,
        note="nog niet vastgesteld; laatst bekende waarde gebruikt",
    )
    return [*values, beyond]


def _parameter(key: str, shipped: ParameterSet, layered: Layered, entries: list[Entry]) -> ParameterView:
    series = layered.parameters.series(key)
    template = series.values[-1]
    mine = [entry for entry in entries if entry.proposal.key == key]
    added = {
        (p.key, p.valid_from, p.source_url, p.article)
        for p in (entry.proposal for entry in mine)
        if p.id in layered.used
    }
    return ParameterView(
        key=key,
        label=template.label,
        kind=template.kind.value,
        unit=template.unit,
        values=[_value(value, added) for value in _with_beyond(series.values)],
        proposals=[_proposal(entry, shipped, layered) for entry in mine],
        warnings=_warnings(layered, key),
    )


def overview(*, session: Session, provider: LayeredParameters) -> ParameterList:
    """Every parameter with its values, the proposals waiting for confirmation, and the warnings."""
    layered = provider.current(session)
    entries = parameter_values.entries(session=session)
    return ParameterList(
        parameters=[
            _parameter(key, provider.shipped, layered, entries) for key in sorted(provider.shipped.keys)
        ],
        waiting=[
            _proposal(entry, provider.shipped, layered) for entry in entries if entry.confirmation is None
        ],
        warnings=_warnings(layered),
    )


def detail(*, session: Session, provider: LayeredParameters, key: str) -> ParameterView:
    """One parameter with its values and proposals; 404 for a key that does not exist."""
    if key not in provider.shipped.keys:
        raise NotFound("Deze parameter bestaat niet.")
    entries = parameter_values.entries(session=session)
    return _parameter(key, provider.shipped, provider.current(session), entries)


def unconfirmed(*, session: Session, provider: LayeredParameters, since: dt.date) -> UnconfirmedList:
    """The values in use from `since` that nobody confirmed: the results using them are voorlopig."""
    values = unconfirmed_in_use(provider.parameters(session), since)
    return UnconfirmedList(
        since=since,
        values=[
            UnconfirmedValue(
                key=value.key,
                label=value.label,
                valid_from=value.valid_from,
                valid_to=value.valid_to,
                display=value.display,
                note=value.note,
            )
            for value in values
        ],
    )
