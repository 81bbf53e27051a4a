"""`loonbrug params list | show KEY | add KEY ... | confirm ID`: keep the legal parameters current.

A value published after this release of Loonbrug (say the norms from 1 July) is added by one
administrator with its source and confirmed by another (four eyes: the same user is refused); from
then on it is layered over the shipped files and every worker is recomputed from the value's month
(app_api.parameters.service). Every read and change is written to the audit log as `cli:<user>`,
refusals too. Values are national law, so they hold for every municipality of this installation.
With --json each prints the document the admin API answers (`/v1/beheer/parameters...`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app_api.parameters import service
from app_api.parameters.schemas import NewValue, ParameterList, ParameterView, ProposalView
from gateway.cli.output import add_json_option, print_json
from gateway.params.provider import LayeredParameters
from gateway.settings import get_settings
from gateway.store import audit
from gateway.store.db import Database
from gateway.web.errors import ApiError, InvalidInput
from gateway.web.validation import invalid_params
from schemas.base import ApiModel

_FLAGS = {
    "key": "KEY",
    "validFrom": "--from",
    "validTo": "--to",
    "value": "--value",
    "source": "--source",
    "article": "--article",
}
_STATUS = {
    service.PROPOSED: "wacht op bevestiging door een tweede beheerder",
    service.IN_USE: "bevestigd, in gebruik",
    service.SUPERSEDED: "vervangen door dezelfde meegeleverde waarde",
}


def register(subparsers: Any) -> None:
    """Add `loonbrug params` and its subcommands."""
    parser = subparsers.add_parser("params")
    actions = parser.add_subparsers(dest="params_command", required=True, metavar="ACTIE")
    listing = actions.add_parser("list", help="alle parameters met hun waarden, voorlopige en toegevoegde")
    add_json_option(listing)
    listing.set_defaults(handler=_list)
    show = actions.add_parser("show", help="één parameter met al zijn waarden")
    show.add_argument("key", metavar="KEY", help="bijv. norm.single")
    add_json_option(show)
    show.set_defaults(handler=_show)
    add = actions.add_parser(
        "add", help="een gepubliceerde waarde toevoegen (een tweede beheerder bevestigt)"
    )
    add.add_argument("key", metavar="KEY", help="bijv. norm.single")
    add.add_argument("--from", dest="valid_from", required=True, help="eerste dag van een maand, JJJJ-MM-01")
    add.add_argument(
        "--to",
        dest="valid_to",
        help="laatste dag van een maand; zonder: tot de gebruikelijke volgende wijziging",
    )
    add.add_argument("--value", required=True, help="het getal met een punt, bijv. 1430.24 of 0.25")
    add.add_argument("--source", required=True, help="https-adres van de publicatie")
    add.add_argument("--article", required=True, help="artikel of onderdeel, bijv. 'art. 21 onderdeel a'")
    add_json_option(add)
    add.set_defaults(handler=_add)
    confirm = actions.add_parser("confirm", help="een toegevoegde waarde bevestigen (een andere beheerder)")
    confirm.add_argument("id", metavar="ID", help="id van de toegevoegde waarde (zie params list)")
    add_json_option(confirm)
    confirm.set_defaults(handler=_confirm)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _record(session: Session, action: str, result: str) -> None:
    audit.append(
        session=session,
        actor=_actor(),
        actor_role="admin",
        action=action,
        purpose="parameterbeheer",
        result=result,
        municipality_id=None,
    )


def _run(
    args: argparse.Namespace,
    action: str,
    work: Callable[[Session, LayeredParameters], ApiModel],
    text: Callable[[Any], str],
) -> int:
    """Do `work` in one transaction with its audit record; print its result as `text` or as JSON."""
    database = Database.from_settings(get_settings())
    provider = LayeredParameters()
    try:
        try:
            with database.transaction() as session:
                result = work(session, provider)
                _record(session, action, "success")
        except ApiError as exc:
            with database.transaction() as session:
                _record(session, action, exc.instance_code)
            print(f"geweigerd: {_reason(exc)}", file=sys.stderr)
            return 1
    finally:
        database.dispose()
    if args.json:
        print_json(result.model_dump(mode="json", by_alias=True))
    else:
        print(text(result))
    return 0


def _reason(error: ApiError) -> str:
    if isinstance(error, InvalidInput):
        named = (f"\n  {_FLAGS.get(p.name, p.name)}: {p.reason}" for p in error.invalid_params)
        return f"{error.detail}{''.join(named)}"
    return error.detail or error.instance_code


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{start.isoformat()} t/m {end.isoformat() if end else '...':<10}"


def _proposal_line(proposal: ProposalView) -> str:
    who = f"toegevoegd door {proposal.proposed_by}"
    if proposal.confirmed_by:
        who += f", bevestigd door {proposal.confirmed_by}"
    return (
        f"  [{proposal.id}] {proposal.key} {_period(proposal.valid_from, proposal.valid_to)} "
        f"{proposal.display}: {_STATUS[proposal.status]} ({who})"
    )


def _parameter_text(view: ParameterView, *, sources: bool) -> list[str]:
    lines = [f"{view.key}  {view.label} ({view.unit})"]
    for value in view.values:
        marks = [] if value.confirmed else ["VOORLOPIG"]
        if value.added:
            marks.append("toegevoegd")
        line = f"  {_period(value.valid_from, value.valid_to)}  {value.display:>16}"
        if marks:
            line += f"  {', '.join(marks)}"
        lines.append(line)
        if sources:
            lines.append(f"      bron: {value.source} ({value.article})")
    lines.extend(_proposal_line(proposal) for proposal in view.proposals)
    lines.extend(f"  LET OP: {warning.text}" for warning in view.warnings)
    return lines


def _list_text(overview: ParameterList) -> str:
    lines: list[str] = []
    for view in overview.parameters:
        lines.extend(_parameter_text(view, sources=False))
    if overview.waiting:
        lines.append("")
        lines.append("Wachten op bevestiging door een tweede beheerder (loonbrug params confirm ID):")
        lines.extend(_proposal_line(proposal) for proposal in overview.waiting)
    for warning in overview.warnings:
        lines.append(f"LET OP: {warning.key} vanaf {warning.valid_from.isoformat()}: {warning.text}")
    return "\n".join(lines)


def _list(args: argparse.Namespace) -> int:
    def work(session: Session, provider: LayeredParameters) -> ParameterList:
        return service.overview(session=session, provider=provider)

    return _run(args, "parameters.list", work, _list_text)


def _show(args: argparse.Namespace) -> int:
    def work(session: Session, provider: LayeredParameters) -> ParameterView:
        return service.detail(session=session, provider=provider, key=args.key)

    return _run(args, "parameters.show", work, lambda view: "\n".join(_parameter_text(view, sources=True)))


def _add(args: argparse.Namespace) -> int:
    def work(session: Session, provider: LayeredParameters) -> ProposalView:
        try:
            new = NewValue(
                key=args.key,
                valid_from=args.valid_from,
                valid_to=args.valid_to,
                value=args.value,
                source=args.source,
                article=args.article,
            )
        except ValidationError as exc:
            raise InvalidInput("De waarde klopt niet.", invalid_params=invalid_params(exc.errors())) from None
        return service.propose(
            session=session,
            provider=provider,
            new=new,
            actor=_actor(),
            municipality_id=None,
            now=dt.datetime.now(dt.UTC),
        )

    return _run(
        args, "parameters.add", work, lambda proposal: f"{proposal.id}\n{_proposal_line(proposal).strip()}"
    )


def _confirm(args: argparse.Namespace) -> int:
    def work(session: Session, provider: LayeredParameters) -> ProposalView:
        return service.confirm(
            session=session,
            provider=provider,
            proposal_id=args.id,
            actor=_actor(),
            municipality_id=None,
            now=dt.datetime.now(dt.UTC),
        )

    return _run(
        args,
        "parameters.confirm",
        work,
        lambda proposal: (
            f"{_proposal_line(proposal).strip()}\n"
            "Alle maanden vanaf deze datum worden herberekend (goedgekeurde maanden met een correctie)."
        ),
    )
