"""The documents a recompute stores, written straight from the engine's results (gateway.engine.documents),
are byte for byte the contract models' JSON: the golden files of the worked examples, which
`test_contract_golden` checks the models against, and the cases where equal values read differently."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.engine import contract, documents
from gateway.engine.explain import Line
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.security.blind_index import canonical_json, canonical_json_without_floats
from schemas.base import ApiModel
from schemas.case import CaseFile
from tests.engine.factories import case, record, run
from tests.engine.test_contract_golden import CASES, EXAMPLES, GOLDEN


@pytest.mark.parametrize("name", CASES)
def test_the_examples_write_the_golden_bytes(name: str) -> None:
    case_file = CaseFile.model_validate_json((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    calculation = contract.settle_case_file(
        case_file=case_file, parameters=load_parameters(), default_policy=load_default_policy()
    )
    written = [documents.month_document(m) for m in calculation.settlements]
    written += [documents.week_document(w) for w in calculation.weeks]
    expected = (GOLDEN / f"{name}.jsonl").read_bytes().splitlines()
    assert len(written) == len(expected)
    for number, (document, want) in enumerate(zip(written, expected, strict=True)):
        assert canonical_json_without_floats(document) == want, f"document {number + 1} of {name} differs"
        assert canonical_json(document) == want


def test_equal_lines_that_read_differently_keep_their_own_text() -> None:
    week = run(case(), [record("2026-01-05", "2026-01-11", "300.00")], "2026-01", with_weeks=True).weeks[0]
    whole = Line("X", Decimal("0.00"), "art. 1", "{} weken vanaf {}", (2, dt.date(2026, 1, 5)))
    decimal = whole._replace(args=(Decimal(2), dt.date(2026, 1, 5)))
    signed = whole._replace(amount=Decimal("-0.00"))
    for lines in ((whole, decimal, signed), (signed, decimal, whole)):
        changed = replace(week, lines=lines)
        written = documents.week_document(changed)
        assert written == contract.week_figures(changed).model_dump(mode="json", by_alias=True)
        assert [line["amount"] for line in written["lines"]] == [
            "-0.00" if line is signed else "0.00" for line in lines
        ]


def test_amounts_are_written_and_refused_as_the_model_does() -> None:
    week = run(case(), [record("2026-01-05", "2026-01-11", "300.00")], "2026-01", with_weeks=True).weeks[0]
    # Quantized to cents like the model: 5 reads "5.00".
    assert documents.week_document(replace(week, gross=Decimal(5)))["gross"] == "5.00"
    # Equal amounts that read differently keep their own text, whichever was written first.
    for amounts in ((Decimal("0.00"), Decimal("-0.00"), Decimal(0)), (Decimal("-0.00"), Decimal("0.000"))):
        for amount in amounts:
            changed = replace(week, gross=amount)
            model = contract.week_figures(changed).model_dump(mode="json", by_alias=True)
            assert documents.week_document(changed)["gross"] == model["gross"]
            assert model["gross"] == ("-0.00" if amount.is_signed() else "0.00")
    # A refused amount is refused every time it comes, not only the first.
    for wrong in (Decimal("1.001"), Decimal("-1.00"), Decimal("1.001")):
        changed = replace(week, gross=wrong)
        with pytest.raises(ValueError, match=r"decimal|greater than or equal"):
            contract.week_figures(changed)
        with pytest.raises(ValueError, match=r"decimalen|greater than or equal"):
            documents.week_document(changed)


def test_a_field_of_an_unknown_type_is_refused_when_the_writer_is_made() -> None:
    class Odd(ApiModel):
        path: Path

    with pytest.raises(TypeError, match="no document"):
        documents._writer(Odd)
