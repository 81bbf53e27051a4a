"""`loonbrug calc CASE.json [--explain]`: settle a case file and print the result.

Prints the result as JSON (lowerCamelCase, money as strings), or with `--explain` as a readable Dutch
table. Bad input gives one message per bad field on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gateway.engine import dutch
from gateway.engine.contract import calculate
from gateway.engine.errors import EngineInputError, ParameterError
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.web.validation import invalid_params
from schemas.case import CaseFile
from schemas.figures import (
    AttributionRule,
    CalcResult,
    MonthSettlement,
    Regime,
    RemainingToExit,
    ResultKind,
    WeekFigures,
)

_INPUT_ERROR = 2
_PARAMETER_ERROR = 1
_KINDS = {
    ResultKind.SETTLEMENT: "verrekening",
    ResultKind.RECOMPUTATION: "herberekening van een goedgekeurde maand",
}
_REGIMES = {Regime.CURRENT: "vrijlatingen art. 31 lid 2", Regime.BALANS: "vrijlatingen art. 34a"}
_ATTRIBUTION = {
    AttributionRule.WORKING_DAYS: "naar werkdagen",
    AttributionRule.CALENDAR_DAYS: "naar kalenderdagen",
    AttributionRule.PAY_DATE: "naar betaaldatum",
}


def register(subparsers: Any) -> None:
    """Add the `calc` subcommand."""
    parser = subparsers.add_parser(
        "calc",
        description="Reken een casusbestand door en druk maandverrekeningen en weekcijfers af als JSON.",
    )
    parser.add_argument("case", type=Path, metavar="CASE.json", help="het casusbestand")
    parser.add_argument(
        "--explain", action="store_true", help="een leesbare Nederlandse tabel in plaats van JSON"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read, settle and print one case file; return the exit code."""
    path: Path = args.case
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"fout: {path} is niet te lezen ({type(error).__name__})", file=sys.stderr)
        return _INPUT_ERROR
    try:
        case_file = CaseFile.model_validate_json(text)
    except ValidationError as error:
        for param in invalid_params(error.errors()):
            print(f"fout in {param.name}: {param.reason}", file=sys.stderr)
        return _INPUT_ERROR
    try:
        result = calculate(
            case_file=case_file, parameters=load_parameters(), default_policy=load_default_policy()
        )
    except EngineInputError as error:
        print(f"fout in {error.field}: {error.message}", file=sys.stderr)
        return _INPUT_ERROR
    except ParameterError as error:
        print(f"fout in de parameterbestanden: {error}", file=sys.stderr)
        return _PARAMETER_ERROR
    try:
        print(explain(result) if args.explain else result.model_dump_json(by_alias=True, indent=2))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped early; that is not an error of the calculation.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def explain(result: CalcResult) -> str:
    """The result as a readable Dutch table."""
    blocks = [f"Peildatum {dutch.date(result.as_of)}"]
    blocks.extend(_settlement(s) for s in result.settlements)
    if result.weeks:
        blocks.append(_weeks(result.weeks))
    return "\n\n".join(blocks)


def _money(value: Decimal | None) -> str:
    return "" if value is None else dutch.amount(value)


def _settlement(settlement: MonthSettlement) -> str:
    head = (
        f"Maandverrekening {dutch.month(settlement.month)} ({_KINDS[settlement.kind]}; "
        f"{_REGIMES[settlement.regime]}; toerekening {_ATTRIBUTION[settlement.attribution]})"
    )
    rows = [head, f"  {'code':<24} {'bedrag':>12}  toelichting"]
    rows.extend(f"  {line.code:<24} {_money(line.amount):>12}  {line.text}" for line in settlement.lines)
    summary = [f"bijstand € {_money(settlement.bijstand)}", f"uitbetaling € {_money(settlement.payout)}"]
    if settlement.to_pay is not None:
        summary += [
            f"voorschot € {_money(settlement.advance)}",
            f"nabetaling € {_money(settlement.to_pay)}",
            f"te veel betaald € {_money(settlement.overpaid)}",
        ]
    if settlement.correction_carried is not None and settlement.correction_to is not None:
        summary.append(
            f"correctie € {_money(settlement.correction_carried.payout_delta)} naar "
            f"{dutch.month(settlement.correction_to)}"
        )
    rows.append("  " + " · ".join(summary))
    rows.append(f"  {_remaining(settlement.remaining)}")
    rows.append(
        f"  compleet: {'ja' if settlement.complete else 'nee'} · "
        f"voorlopig (onbevestigde parameter): {'ja' if settlement.unconfirmed else 'nee'}"
    )
    return "\n".join(rows)


def _remaining(remaining: RemainingToExit) -> str:
    text = f"nog te verdienen tot uitstroom: € {_money(remaining.net)} netto"
    if remaining.gross is not None:
        text += f", € {_money(remaining.gross)} bruto"
    if remaining.hours is not None:
        text += f", {_money(remaining.hours)} uur"
    return text + f"; blijvend per week € {_money(remaining.weekly_exit_income)} netto"


def _weeks(weeks: list[WeekFigures]) -> str:
    rows = [
        "Weekcijfers",
        f"  {'week':<9} {'maand':<8} {'uren':>7} {'bruto':>10} {'netto':>10} {'inkomen mnd':>12} "
        f"{'bijstand':>10} {'uitbetaling':>12} {'nog netto':>10} {'nog uren':>9}  ontbreekt",
    ]
    for week in weeks:
        rest = week.remaining
        missing = ", ".join(f"{m.agency} {dutch.date(m.start)} t/m {dutch.date(m.end)}" for m in week.missing)
        rows.append(
            f"  {week.week!s:<9} {week.month!s:<8} {_money(week.hours):>7} {_money(week.gross):>10} "
            f"{_money(week.net):>10} {_money(week.month_income):>12} {_money(week.bijstand):>10} "
            f"{_money(week.payout):>12} {_money(rest.net):>10} {_money(rest.hours):>9}  {missing or '-'}"
        )
    return "\n".join(rows)
