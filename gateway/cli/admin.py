"""`loonbrug admin municipality add | staff add | policy show | policy set`: set up a municipality.

The first administrator of a municipality cannot be made through the API (nobody may sign in yet), so
municipalities and staff are registered here. Every change is written to the audit log with the actor
`cli:<user>`. Agencies and their keys: `loonbrug agency`; everything else: the admin API.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app_api.policy import service as policy
from app_api.policy.schemas import PolicyChange
from gateway.settings import get_settings
from gateway.store import audit, municipalities, staff
from gateway.store.db import Database
from gateway.store.models import Municipality
from gateway.web.errors import InvalidInput

CBS_HELP = "CBS-code van de gemeente, bijv. GM0599"


def register(subparsers: Any) -> None:
    """Add `loonbrug admin` and its subcommands."""
    parser = subparsers.add_parser("admin")
    areas = parser.add_subparsers(dest="admin_area", required=True, metavar="ONDERDEEL")

    municipality = areas.add_parser("municipality", help="gemeenten").add_subparsers(
        dest="admin_command", required=True, metavar="ACTIE"
    )
    add = municipality.add_parser("add", help="een gemeente registreren")
    add.add_argument("--cbs-code", required=True, help=CBS_HELP)
    add.add_argument("--name", required=True, help="naam van de gemeente")
    add.set_defaults(handler=_add_municipality)

    members = areas.add_parser("staff", help="medewerkers").add_subparsers(
        dest="admin_command", required=True, metavar="ACTIE"
    )
    member = members.add_parser("add", help="een medewerker registreren bij zijn IdP-subject")
    member.add_argument("--municipality", required=True, help=CBS_HELP)
    member.add_argument(
        "--subject", required=True, help="de `sub` van de medewerker bij de IdP van de gemeente"
    )
    member.add_argument("--name", required=True, help="weergavenaam")
    member.add_argument(
        "--role", action="append", required=True, choices=sorted(staff.ROLES), help="rol; mag vaker"
    )
    member.set_defaults(handler=_add_staff)

    rules = areas.add_parser("policy", help="gemeentelijk beleid").add_subparsers(
        dest="admin_command", required=True, metavar="ACTIE"
    )
    show = rules.add_parser("show", help="het beleid van een gemeente tonen (JSON)")
    show.add_argument("--municipality", required=True, help=CBS_HELP)
    show.set_defaults(handler=_show_policy)
    change = rules.add_parser("set", help="beleidswaarden zetten, bijv. fourEyes=false payoutDay=3")
    change.add_argument("--municipality", required=True, help=CBS_HELP)
    change.add_argument(
        "values", nargs="+", metavar="NAAM=WAARDE", help='waarde als JSON (false, 3, "pay_date")'
    )
    change.set_defaults(handler=_set_policy)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _record(session: Session, action: str, municipality_id: str | None) -> None:
    audit.append(
        session=session,
        actor=_actor(),
        actor_role="admin",
        action=action,
        purpose="inrichting",
        result="success",
        municipality_id=municipality_id,
    )


def _municipality(session: Session, cbs_code: str) -> Municipality:
    found = municipalities.by_cbs_code(session=session, cbs_code=cbs_code)
    if found is None:
        raise LookupError(f"geen gemeente met CBS-code {cbs_code}")
    return found


def _run(args: argparse.Namespace, work: Callable[[Session, argparse.Namespace], str]) -> int:
    database = Database.from_settings(get_settings())
    try:
        with database.transaction() as session:
            output = work(session, args)
    except (LookupError, ValueError) as exc:
        print(f"geweigerd: {exc}", file=sys.stderr)
        return 1
    except InvalidInput as exc:
        reasons = "; ".join(f"{param.name}: {param.reason}" for param in exc.invalid_params)
        print(f"geweigerd: {exc.detail} {reasons}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(output)
    return 0


def _add_municipality(args: argparse.Namespace) -> int:
    def work(session: Session, args: argparse.Namespace) -> str:
        if municipalities.by_cbs_code(session=session, cbs_code=args.cbs_code) is not None:
            raise ValueError(f"gemeente {args.cbs_code} bestaat al")
        created = municipalities.create(session=session, cbs_code=args.cbs_code, name=args.name)
        _record(session, "municipality.create", created.id)
        return created.id

    return _run(args, work)


def _add_staff(args: argparse.Namespace) -> int:
    def work(session: Session, args: argparse.Namespace) -> str:
        municipality = _municipality(session, args.municipality)
        if (
            staff.by_subject(session=session, municipality_id=municipality.id, subject=args.subject)
            is not None
        ):
            raise ValueError(f"medewerker {args.subject} bestaat al in {args.municipality}")
        member = staff.create(
            session=session,
            municipality_id=municipality.id,
            subject=args.subject,
            display_name=args.name,
            roles=args.role,
        )
        _record(session, "staff.create", municipality.id)
        return member.id

    return _run(args, work)


def _show_policy(args: argparse.Namespace) -> int:
    def work(session: Session, args: argparse.Namespace) -> str:
        view = policy.describe(_municipality(session, args.municipality))
        return view.model_dump_json(by_alias=True, indent=2)

    return _run(args, work)


def _parse(values: list[str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for item in values:
        name, separator, text = item.partition("=")
        if not separator:
            raise ValueError(f"verwacht NAAM=WAARDE, niet {item}")
        try:
            parsed[name] = json.loads(text)
        except json.JSONDecodeError:
            parsed[name] = text
    return parsed


def _set_policy(args: argparse.Namespace) -> int:
    def work(session: Session, args: argparse.Namespace) -> str:
        municipality = _municipality(session, args.municipality)
        try:
            changes = PolicyChange.model_validate(_parse(args.values))
        except ValidationError as exc:
            raise ValueError(f"ongeldige beleidswaarde ({exc.error_count()} fout(en))") from None
        view = policy.apply(session=session, municipality=municipality, changes=changes)
        _record(session, "policy.change", municipality.id)
        return view.model_dump_json(by_alias=True, indent=2)

    return _run(args, work)
