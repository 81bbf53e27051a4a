"""The contract models of the worked examples, byte for byte.

A stored month settlement or week's figures is compared with the next recompute by a digest of its
canonical JSON, so any changed byte (a text, the sign of a zero, a place of decimals) would make every
stored month and week a new version. The golden files hold, one per line, the canonical JSON of each
settlement and then each week of an example case, as the recompute digests them; together the examples
have negative amounts, zeros, parameter lines, corrections and income from the worker's own business.

When the output is meant to change, write the golden files again with
`python -m tests.engine.test_contract_golden` and say in the commit that stored results get new versions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.engine.contract import calculate, week_figures
from gateway.engine.explain import Line
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.security.blind_index import canonical_json
from schemas.case import CaseFile
from tests.engine.factories import case, record, run

EXAMPLES = Path(__file__).parents[2] / "examples"
GOLDEN = Path(__file__).parent / "golden"
CASES = ("case-single-two-agencies", "case-couple-correction", "case-self-employed")


def _documents(name: str) -> bytes:
    """The canonical JSON of the example's settlements and weeks, one document per line."""
    case_file = CaseFile.model_validate_json((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    result = calculate(
        case_file=case_file, parameters=load_parameters(), default_policy=load_default_policy()
    )
    documents = [*result.settlements, *result.weeks]
    return b"".join(canonical_json(d.model_dump(mode="json", by_alias=True)) + b"\n" for d in documents)


@pytest.mark.parametrize("name", CASES)
def test_the_examples_convert_to_the_same_bytes(name: str) -> None:
    expected = (GOLDEN / f"{name}.jsonl").read_bytes()
    actual = _documents(name)
    for number, (got, want) in enumerate(zip(actual.splitlines(), expected.splitlines(), strict=False)):
        assert got == want, f"document {number + 1} of {name} differs"
    assert actual == expected


def test_equal_lines_that_read_differently_keep_their_own_text() -> None:
    # `2 == Decimal(2)` and `Decimal("-0.00") == Decimal("0.00")`, yet they are written differently:
    # converting equal lines, in any order, must not hand one the other's model.
    week = run(case(), [record("2026-01-05", "2026-01-11", "300.00")], "2026-01", with_weeks=True).weeks[0]
    whole = Line("X", Decimal("0.00"), "art. 1", "{} weken vanaf {}", (2, dt.date(2026, 1, 5)))
    decimal = whole._replace(args=(Decimal(2), dt.date(2026, 1, 5)))
    signed = whole._replace(amount=Decimal("-0.00"))
    cases = [
        (whole, ("2 weken vanaf 5 januari 2026", "0.00")),
        (decimal, ("2,00 weken vanaf 5 januari 2026", "0.00")),
        (signed, ("2 weken vanaf 5 januari 2026", "-0.00")),
    ]
    for order in ((0, 1, 2), (2, 1, 0), (1, 0, 2)):
        lines = tuple(cases[i][0] for i in order)
        converted = week_figures(replace(week, lines=lines)).model_dump(mode="json", by_alias=True)
        assert [(line["text"], line["amount"]) for line in converted["lines"]] == [cases[i][1] for i in order]


if __name__ == "__main__":
    for name in CASES:
        (GOLDEN / f"{name}.jsonl").write_bytes(_documents(name))
